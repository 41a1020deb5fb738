#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `export-session`: export a session into the repo (the root action), `import` it back, `convert` it for another
/// agent. The query subcommands `list`, `current`, `inspect` live in SessionQueryCommands.swift.
public enum ExportSessionCommand {
    /// The session-store queries (SessionQueryCommands.swift).
    static var extraSubcommands: [Command] {
        [SessionQueryCommands.list, SessionQueryCommands.current, SessionQueryCommands.inspect]
    }

    public static var command: Command {
        command(stores: { AgentStores.store($0, context: $1) })
    }

    /// The tree with a chosen store lookup (tests pass stores of their own).
    public static func command(stores: @escaping @Sendable (AgentKind, ToolContext) -> any SessionStore) -> Command {
        Command(
            name: "export-session",
            abstract: "Export a session into the repository, import one back, or convert one for another agent.",
            discussion: """
                With no subcommand: export the current session of this project (else the latest) into \
                .<agent>/sessions/ as YYYY-MM-DD-HH-MM-<title>.<ext>. Secrets are redacted unless --no-redact. \
                Exit 66 when no session is found, 65 when it cannot be read, 73 when the folder cannot be created.
                """,
            options: [
                .value(
                    "agent", "agent", "The agent whose session to export (default: detected).",
                    choices: AgentRegistry.standard.allNames),
                .value(
                    "session", "id",
                    "The session id or a unique prefix of it (default: the current session, else the latest)."),
                .flag("latest", "Export the newest session of this project."),
                .value(
                    "format", "format", "Output format (default: native).",
                    choices: ExportFormat.allCases.map(\.rawValue)),
                .value("out", "dir", "Folder to write into (default: .<agent>/sessions/ in the project)."),
                .value("input", "file", "Render an export made with --format json instead of a stored session."),
                .flag("no-redact", "Keep secrets as they are (redaction is on by default)."),
                .flag("thinking", "Include the agent's thinking in markdown and html."),
                .value(
                    "results", "detail",
                    "How much of each tool result markdown and html show, under its call (default: excerpt, the first lines).",
                    choices: ResultDetail.allCases.map(\.rawValue)),
                .flag("dry-run", "Check everything and print what would be written; write nothing."),
                .value(
                    "repo-root", "dir", "The project folder (default: the git top folder of the working directory)."),
                .flag("json", "Print the result as JSON."),
            ],
            subcommands: [importCommand, convertCommand(stores: stores)] + extraSubcommands,
            action: { parsed, context in
                try export(parsed, context, stores: { stores($0, context) })
            })
    }

    // MARK: - Export

    public static func export(_ parsed: ParsedArguments, _ context: ToolContext, stores: StoreLookup) throws -> ExitCode
    {
        if parsed.flag("latest") && parsed.value("session") != nil {
            throw ToolError.usage("--latest and --session cannot be used together")
        }
        let agent = try parsed.value("agent").map { name throws(ToolError) in
            try AgentKind.parse(name, registry: context.registry)
        }
        let project = try Project.locate(context, repoRoot: parsed.value("repo-root"))
        let format = parsed.value("format").flatMap(ExportFormat.init(rawValue:)) ?? .native
        var stores = stores
        let session: SessionSummary
        if let input = parsed.value("input") {
            if format == .native {
                throw ToolError.usage(
                    "an exported transcript has no native form", hint: "pass --format json, markdown or html")
            }
            let store = TranscriptFileStore(try TranscriptFileSource(path: context.absolute(input)))
            stores = { _ in store }
            session = store.source.summary
        } else {
            session = try SessionExporter.resolve(
                context, stores: stores, agent: agent, sessionID: parsed.value("session"),
                latest: parsed.flag("latest"), projectPath: project.root)
        }
        let options = SessionExporter.Options(
            format: format, redact: !parsed.flag("no-redact"),
            thinking: parsed.flag("thinking"),
            results: parsed.value("results").flatMap(ResultDetail.init(rawValue:)) ?? .excerpt)
        let folder: String
        if let out = parsed.value("out") {
            folder = context.absolute(out)  // named by the user: may be anywhere
        } else {
            folder = SessionExporter.defaultFolder(projectRoot: project.root, agent: session.agent)
            try Containment.check(folder: folder, inside: project.root)
        }
        if parsed.flag("dry-run") {
            return dryRun(
                "Would export \(session.agent.displayName) session \(session.id) as \(format.rawValue) into "
                    + Paths.relative(folder, to: project.root) + "/",
                [
                    "agent": .string(session.agent.rawValue), "session_id": .string(session.id),
                    "format": .string(format.rawValue), "folder": .string(folder),
                ], parsed, context)
        }
        let result = try SessionExporter.export(
            session, store: stores(session.agent), options: options, folder: folder,
            context: context)
        let shown = Paths.relative(result.path, to: project.root)
        let inRepo = shown != result.path && project.git != nil
        let gitLines =
            inRepo
            ? [
                "git add -- \(Shell.word(shown))",
                "git commit -m \(Shell.word("Share \(session.agent.displayName) session: \(ExportNaming.slug(result.title))"))",
            ]
            : []
        if let counts = result.redactions {
            context.stderr.line("export-session: redaction: \(counts.summary)")
        } else {
            context.stderr.line("export-session: redaction is off (--no-redact): secrets were kept as they are")
        }
        if parsed.flag("json") {
            var o: [String: JSONValue] = [
                "ok": true, "agent": .string(session.agent.rawValue), "session_id": .string(session.id),
                "path": .string(result.path), "relative_path": .string(shown), "format": .string(format.rawValue),
                "size": .int(Int(result.size)), "messages": result.messages.map { .int($0) } ?? .null,
                "redacted": .bool(options.redact), "git": .strings(gitLines),
            ]
            o["redactions"] = result.redactions?.json ?? .null
            context.stdout.write(JSONWriter.pretty(.object(o)))
        } else {
            context.stdout.line("Exported \(session.agent.displayName) session \(session.id) to \(shown)")
            context.stdout.line(
                "  \(format.rawValue), \(RenderText.size(Int(result.size)))"
                    + (result.messages.map { ", \($0) messages" } ?? ""))
            if !gitLines.isEmpty {
                context.stdout.line("Share it:")
                for l in gitLines { context.stdout.line("  " + l) }
            }
        }
        return .ok
    }

    // MARK: - Import

    static var importCommand: Command {
        let targets = AgentRegistry.names(SessionImporter.targets)
        return Command(
            name: "import",
            abstract: "Put an exported session back into an agent's store, under this project, ready to resume.",
            discussion: """
                Claude: the JSONL goes into the project folder of this project's path (cwd rewritten). Codex: a new \
                rollout under today's sessions folder (cwd rewritten). OpenCode: through 'opencode import'. An \
                agent-sessions transcript (--format json) can be written as \(targets). An existing \
                session with the same id is never overwritten without --force.
                """,
            options: [
                .value(
                    "agent", "agent", "The store to import into (default: the file's own agent).",
                    choices: AgentRegistry.standard.allNames),
                .value(
                    "repo-root", "dir", "The project folder (default: the git top folder of the working directory)."),
                .flag("force", "Replace an existing session with the same id."),
                .flag("no-redact", "Keep secrets as they are (redaction is on by default)."),
                .flag("dry-run", "Check everything and print what would be written; write nothing."),
                .flag("json", "Print the result as JSON."),
            ],
            positionals: [PositionalSpec("file", "The exported session file.", optional: false)],
            action: { parsed, context in
                let agent = try parsed.value("agent").map { name throws(ToolError) in
                    try AgentKind.parse(name, registry: context.registry)
                }
                let project = try Project.locate(context, repoRoot: parsed.value("repo-root"))
                let file = context.absolute(parsed.positionals[0])
                if parsed.flag("dry-run") {
                    // The import's own checks run (an existing session, the id, the target, containment).
                    let planned = try SessionImporter.importFile(
                        file, agent: agent, projectRoot: project.root, force: parsed.flag("force"), context: context,
                        dryRun: true)
                    let into = planned.path.isEmpty ? "" : " as \(planned.path)"
                    return dryRun(
                        "Would import \(file) into the \(planned.agent.displayName) store for \(project.root)\(into)",
                        ["file": .string(file), "agent": .string(planned.agent.rawValue)], parsed, context)
                }
                let written = try SessionImporter.importFile(
                    file, agent: agent, projectRoot: project.root,
                    force: parsed.flag("force"), context: context, redact: !parsed.flag("no-redact"))
                report(written, verb: "Imported", project: project, parsed: parsed, context: context)
                return .ok
            })
    }

    // MARK: - Convert

    static func convertCommand(stores: @escaping @Sendable (AgentKind, ToolContext) -> any SessionStore) -> Command {
        let targets = AgentRegistry.names(SessionImporter.targets)
        return Command(
            name: "convert",
            abstract: "Write a session another agent can resume, built from this agent's session.",
            discussion: """
                Targets: \(targets). The new session starts with a provenance note; what the target \
                cannot carry (hidden reasoning, images, attachments, subagents) is listed in a loss report, printed \
                and saved beside the new session. Unsupported pairs fail with exit 1. A session too long for the \
                target's context is carried from its last compaction summary on, newest messages first within a \
                token budget (Claude 150k, Codex 200k, Gemini 800k, estimated; --budget sets it); what is left \
                out is in the loss report. --whole carries everything.
                """,
            options: [
                .value(
                    "from", "agent", "The agent whose session to convert.", choices: AgentRegistry.standard.allNames),
                .value("to", "agent", "The agent to write for.", choices: AgentRegistry.standard.allNames),
                .value("session", "id", "The session id (default: the current session, else the latest)."),
                .value(
                    "input", "file", "Read the session from an export made with --format json instead of the store."),
                .value(
                    "repo-root", "dir", "The project folder (default: the git top folder of the working directory)."),
                .flag("no-redact", "Keep secrets as they are (redaction is on by default)."),
                .flag("dry-run", "Check everything and print what would be written; write nothing."),
                .value(
                    "budget", "tokens",
                    "Carry at most this many tokens (estimated) from the last compaction on (default: per target)."),
                .flag("whole", "Carry the whole session, even when it does not fit the target's context."),
                .flag("json", "Print the result as JSON."),
            ],
            action: { parsed, context in
                guard let toName = parsed.value("to") else { throw ToolError.usage("missing --to <agent>") }
                let target = try AgentKind.parse(toName, registry: context.registry)
                let redact = !parsed.flag("no-redact")
                var budget: ConvertBudget? = ConvertBudget.default(for: target, registry: context.registry)
                if let value = parsed.value("budget") {
                    guard let n = Int(value), n > 0 else {
                        throw ToolError.usage("--budget takes a positive number of tokens, not '\(value)'")
                    }
                    budget = ConvertBudget(tokens: n)
                }
                if parsed.flag("whole") { budget = nil }
                let project = try Project.locate(context, repoRoot: parsed.value("repo-root"))
                let written: WrittenSession
                if let input = parsed.value("input") {
                    let source = try TranscriptFileSource(path: context.absolute(input))
                    if let from = parsed.value("from"),
                        try AgentKind.parse(from, registry: context.registry) != source.header.agent
                    {
                        throw ToolError.usage(
                            "--from \(from) does not match the file's agent (\(source.header.agent.rawValue))")
                    }
                    if parsed.flag("dry-run") {
                        return try dryConvert(
                            source.header.agent, source.header.sessionID, target, project, parsed, context)
                    }
                    written = try SessionImporter.convert(
                        source: source.header, target: target, projectRoot: project.root,
                        context: context, budget: budget, redact: redact
                    ) { visit in _ = try source.read(visit) }
                } else {
                    guard let fromName = parsed.value("from") else { throw ToolError.usage("missing --from <agent>") }
                    let from = try AgentKind.parse(fromName, registry: context.registry)
                    if !SessionImporter.targets.contains(target) || from == target {
                        // Fail before reading anything.
                        _ = try SessionImporter.convert(
                            source: TranscriptHeader(
                                agent: from, sessionID: "", exportedAt: "",
                                redacted: false),
                            target: target, projectRoot: project.root, context: context
                        ) { _ in }
                    }
                    let lookup: StoreLookup = { stores($0, context) }
                    let summary = try SessionExporter.resolve(
                        context, stores: lookup, agent: from,
                        sessionID: parsed.value("session"), latest: false,
                        projectPath: project.root)
                    if parsed.flag("dry-run") {
                        return try dryConvert(from, summary.id, target, project, parsed, context)
                    }
                    let store = lookup(from)
                    let header = TranscriptHeader(
                        summary: summary, exportedAt: Timestamps.iso8601(context.now),
                        redacted: false)
                    written = try SessionImporter.convert(
                        source: header, target: target, projectRoot: project.root,
                        context: context, budget: budget, redact: redact
                    ) { visit in
                        do { _ = try store.read(summary, visit) } catch let e as ToolError where e.code != .failure {
                            throw e
                        } catch {
                            throw ToolError(
                                .dataError, "cannot read the \(from.displayName) session: \(error)",
                                file: summary.path)
                        }
                    }
                }
                report(written, verb: "Converted", project: project, parsed: parsed, context: context)
                return .ok
            })
    }

    /// `--dry-run`: one line (or `{"ok":true,"dry_run":true,…}`) saying what would be written; nothing is.
    static func dryRun(_ line: String, _ plan: [String: JSONValue], _ parsed: ParsedArguments, _ context: ToolContext)
        -> ExitCode
    {
        if parsed.flag("json") {
            var o = plan
            o["ok"] = true
            o["dry_run"] = true
            context.stdout.write(JSONWriter.pretty(.object(o)))
        } else {
            context.stdout.line(line + " (dry run: nothing written)")
        }
        return .ok
    }

    static func dryConvert(
        _ from: AgentKind, _ id: String, _ target: AgentKind, _ project: Project, _ parsed: ParsedArguments,
        _ context: ToolContext
    ) throws -> ExitCode {
        guard SessionImporter.targets.contains(target), from != target else {
            throw ToolError(
                .failure, "cannot convert \(from.displayName) sessions to \(target.displayName)",
                hint: "targets: \(SessionImporter.targets.map(\.rawValue).joined(separator: ", "))")
        }
        return dryRun(
            "Would convert \(from.displayName) session \(id) into a new \(target.displayName) session for \(project.root)",
            ["from": .string(from.rawValue), "to": .string(target.rawValue), "session_id": .string(id)], parsed,
            context)
    }

    static func report(
        _ written: WrittenSession, verb: String, project: Project, parsed: ParsedArguments,
        context: ToolContext
    ) {
        if let counts = written.redactions {
            if counts.total > 0 { context.stderr.line("export-session: redaction: \(counts.summary)") }
        } else {
            context.stderr.line("export-session: redaction is off (--no-redact): secrets were kept as they are")
        }
        if parsed.flag("json") {
            var json = written.json
            if case .object(var o) = json {
                o["loss_report"] = written.lossReport.map { .string($0) } ?? .null
                json = .object(o)
            }
            context.stdout.write(JSONWriter.pretty(json))
            return
        }
        if let report = written.lossReport, written.lossReportPath != nil { context.stdout.write(report) }
        context.stdout.line("\(verb) into \(written.agent.displayName) session \(written.sessionID): \(written.path)")
        for old in written.replaced { context.stderr.line("export-session: replaced the earlier copy \(old)") }
        let cd = "cd \(Shell.word(project.root)) && "
        context.stdout.line("Resume it with: \(cd)\(written.resumeCommand)")
    }
}
