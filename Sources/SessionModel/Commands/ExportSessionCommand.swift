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
            options: ExportOptions.self,
            subcommands: [importCommand, convertCommand(stores: stores)] + extraSubcommands,
            run: { options, context in try export(options, context, stores: { stores($0, context) }) })
    }

    /// `--dry-run` of export, import and convert.
    static let dryRunOption = SharedOptions.dryRun("Check everything and print what would be written; write nothing.")

    /// `export-session [options]`: which session, how to render it, where to.
    struct ExportOptions: CommandOptions {
        static let agent = OptionSpec.value(
            "agent", "agent", "The agent whose session to export (default: detected).",
            choices: AgentRegistry.standard.allNames)
        static let session = OptionSpec.value(
            "session", "id", "The session id or a unique prefix of it (default: the current session, else the latest).")
        static let latest = OptionSpec.flag("latest", "Export the newest session of this project.")
        static let format = OptionSpec.value(
            "format", "format", "Output format (default: native).", choices: ExportFormat.allCases.map(\.rawValue))
        static let out = OptionSpec.value(
            "out", "dir", "Folder to write into (default: .<agent>/sessions/ in the project).")
        static let input = OptionSpec.value(
            "input", "file", "Render an export made with --format json instead of a stored session.")
        static let thinking = OptionSpec.flag("thinking", "Include the agent's thinking in markdown and html.")
        static let results = OptionSpec.value(
            "results", "detail",
            "How much of each tool result markdown and html show, under its call (default: excerpt, the first lines).",
            choices: ResultDetail.allCases.map(\.rawValue))
        static let options = [
            agent, session, latest, format, out, input, SharedOptions.noRedact, thinking, results, dryRunOption,
            SharedOptions.repoRoot, SharedOptions.json,
        ]

        var agent: AgentKind?
        var session: String?
        var latest: Bool
        var format: ExportFormat
        var out: String?
        var input: String?
        var redact: Bool
        var thinking: Bool
        var results: ResultDetail
        var dryRun: Bool
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            latest = parsed.flag(Self.latest)
            session = parsed.value(Self.session)
            if latest && session != nil { throw ToolError.usage("--latest and --session cannot be used together") }
            agent = try parsed.agent(Self.agent, context)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            format = parsed.value(Self.format).flatMap(ExportFormat.init(rawValue:)) ?? .native
            out = parsed.value(Self.out)
            input = parsed.value(Self.input)
            redact = !parsed.flag(SharedOptions.noRedact)
            thinking = parsed.flag(Self.thinking)
            results = parsed.value(Self.results).flatMap(ResultDetail.init(rawValue:)) ?? .excerpt
            dryRun = parsed.flag(dryRunOption)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `export-session import FILE`.
    struct ImportOptions: CommandOptions {
        static let agent = OptionSpec.value(
            "agent", "agent", "The store to import into (default: the file's own agent).",
            choices: AgentRegistry.standard.allNames)
        static let force = OptionSpec.flag("force", "Replace an existing session with the same id.")
        static let options = [
            agent, SharedOptions.repoRoot, force, SharedOptions.noRedact, dryRunOption, SharedOptions.json,
        ]
        static let positionals = [PositionalSpec("file", "The exported session file.", optional: false)]

        var file: String
        var agent: AgentKind?
        var repoRoot: String?
        var force: Bool
        var redact: Bool
        var dryRun: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agent = try parsed.agent(Self.agent, context)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            file = parsed.positionals[0]
            force = parsed.flag(Self.force)
            redact = !parsed.flag(SharedOptions.noRedact)
            dryRun = parsed.flag(dryRunOption)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `export-session convert --to AGENT (--from AGENT | --input FILE)`.
    struct ConvertOptions: CommandOptions {
        static let from = OptionSpec.value(
            "from", "agent", "The agent whose session to convert.", choices: AgentRegistry.standard.allNames)
        static let to = OptionSpec.value(
            "to", "agent", "The agent to write for.", choices: AgentRegistry.standard.allNames)
        static let session = OptionSpec.value(
            "session", "id", "The session id (default: the current session, else the latest).")
        static let input = OptionSpec.value(
            "input", "file", "Read the session from an export made with --format json instead of the store.")
        static let budget = OptionSpec.value(
            "budget", "tokens",
            "Carry at most this many tokens (estimated) from the last compaction on (default: per target).")
        static let whole = OptionSpec.flag(
            "whole", "Carry the whole session, even when it does not fit the target's context.")
        static let options = [
            from, to, session, input, SharedOptions.repoRoot, SharedOptions.noRedact, dryRunOption, budget, whole,
            SharedOptions.json,
        ]

        var target: AgentKind
        /// `--from`: required without `--input`; with it, it must name the file's agent.
        var from: AgentKind?
        var fromName: String?
        var session: String?
        var input: String?
        var repoRoot: String?
        var redact: Bool
        var dryRun: Bool
        /// The token budget; nil carries the whole session (`--whole`).
        var budget: ConvertBudget?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            guard let toName = parsed.value(Self.to) else { throw ToolError.usage("missing --to <agent>") }
            target = try core { () throws(SessionError) in try AgentKind.parse(toName, registry: context.registry) }
            redact = !parsed.flag(SharedOptions.noRedact)
            budget = ConvertBudget.default(for: target, registry: context.registry)
            if let tokens = try parsed.positiveInt(
                Self.budget, { "--budget takes a positive number of tokens, not '\($0)'" })
            {
                budget = ConvertBudget(tokens: tokens)
            }
            if parsed.flag(Self.whole) { budget = nil }
            repoRoot = parsed.value(SharedOptions.repoRoot)
            input = parsed.value(Self.input)
            fromName = parsed.value(Self.from)
            if input == nil && fromName == nil { throw ToolError.usage("missing --from <agent>") }
            from = try parsed.agent(Self.from, context)
            session = parsed.value(Self.session)
            dryRun = parsed.flag(dryRunOption)
            json = parsed.flag(SharedOptions.json)
        }
    }

    // MARK: - Export

    static func export(_ options: ExportOptions, _ context: ToolContext, stores: StoreLookup) throws -> ExitCode {
        let agent = options.agent
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        let format = options.format
        var stores = stores
        let session: SessionSummary
        if let input = options.input {
            if format == .native {
                throw ToolError.usage(
                    "an exported transcript has no native form", hint: "pass --format json, markdown or html")
            }
            let store = TranscriptFileStore(try TranscriptFileSource(path: context.absolute(input)))
            stores = { _ in store }
            session = store.source.summary
        } else {
            session = try SessionExporter.resolve(
                context, stores: stores, agent: agent, sessionID: options.session, latest: options.latest,
                projectPath: project.root)
        }
        let rendering = SessionExporter.Options(
            format: format, redact: options.redact, thinking: options.thinking, results: options.results)
        let folder: String
        if let out = options.out {
            folder = context.absolute(out)  // named by the user: may be anywhere
        } else {
            folder = SessionExporter.defaultFolder(projectRoot: project.root, agent: session.agent)
            try Containment.check(folder: folder, inside: project.root)
        }
        if options.dryRun {
            return dryRun(
                "Would export \(session.agent.displayName) session \(session.id) as \(format.rawValue) into "
                    + Paths.relative(folder, to: project.root) + "/",
                [
                    "agent": .string(session.agent.rawValue), "session_id": .string(session.id),
                    "format": .string(format.rawValue), "folder": .string(folder),
                ], json: options.json, context)
        }
        let result = try SessionExporter.export(
            session, store: stores(session.agent), options: rendering, folder: folder,
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
        ExportedReport(
            session: session, result: result, shown: shown, format: format, redacted: rendering.redact,
            gitLines: gitLines
        ).write(context, json: options.json)
        return .ok
    }

    /// What an export wrote, and the git lines that share it.
    struct ExportedReport: CommandReport {
        var session: SessionSummary
        var result: SessionExporter.Result
        /// The path relative to the project (as given when outside it).
        var shown: String
        var format: ExportFormat
        var redacted: Bool
        var gitLines: [String]

        var json: JSONValue {
            var o: [String: JSONValue] = [
                "ok": true, "agent": .string(session.agent.rawValue), "session_id": .string(session.id),
                "path": .string(result.path), "relative_path": .string(shown), "format": .string(format.rawValue),
                "size": .int(Int(result.size)), "messages": result.messages.map { .int($0) } ?? .null,
                "redacted": .bool(redacted), "git": .strings(gitLines),
            ]
            o["redactions"] = result.redactions?.json ?? .null
            return .object(o)
        }

        func text(_ context: ToolContext) -> String {
            var out = "Exported \(session.agent.displayName) session \(session.id) to \(shown)\n"
            out +=
                "  \(format.rawValue), \(RenderText.size(Int(result.size)))"
                + (result.messages.map { ", \($0) messages" } ?? "") + "\n"
            if !gitLines.isEmpty {
                out += "Share it:\n"
                for l in gitLines { out += "  " + l + "\n" }
            }
            return out
        }
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
            options: ImportOptions.self,
            run: { options, context in
                let project = try Project.locate(context, repoRoot: options.repoRoot)
                let file = context.absolute(options.file)
                if options.dryRun {
                    // The import's own checks run (an existing session, the id, the target, containment).
                    let planned = try SessionImporter.importFile(
                        file, agent: options.agent, projectRoot: project.root, force: options.force, context: context,
                        dryRun: true)
                    let into = planned.path.isEmpty ? "" : " as \(planned.path)"
                    return dryRun(
                        "Would import \(file) into the \(planned.agent.displayName) store for \(project.root)\(into)",
                        ["file": .string(file), "agent": .string(planned.agent.rawValue)], json: options.json, context)
                }
                let written = try SessionImporter.importFile(
                    file, agent: options.agent, projectRoot: project.root, force: options.force, context: context,
                    redact: options.redact)
                report(written, verb: "Imported", project: project, json: options.json, context: context)
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
            options: ConvertOptions.self,
            run: { options, context in
                let target = options.target
                let redact = options.redact
                let budget = options.budget
                let project = try Project.locate(context, repoRoot: options.repoRoot)
                let written: WrittenSession
                if let input = options.input {
                    let source = try TranscriptFileSource(path: context.absolute(input))
                    if let from = options.fromName, options.from != source.header.agent {
                        throw ToolError.usage(
                            "--from \(from) does not match the file's agent (\(source.header.agent.rawValue))")
                    }
                    if options.dryRun {
                        return try dryConvert(
                            source.header.agent, source.header.sessionID, target, project, json: options.json, context)
                    }
                    written = try SessionImporter.convert(
                        source: source.header, target: target, projectRoot: project.root,
                        context: context, budget: budget, redact: redact
                    ) { (visit) throws(SessionError) in _ = try source.read(visit) }
                } else {
                    guard let from = options.from else { throw ToolError.usage("missing --from <agent>") }
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
                        sessionID: options.session, latest: false,
                        projectPath: project.root)
                    if options.dryRun {
                        return try dryConvert(from, summary.id, target, project, json: options.json, context)
                    }
                    let store = lookup(from)
                    let header = TranscriptHeader(
                        summary: summary, exportedAt: Timestamps.iso8601(context.now),
                        redacted: false)
                    written = try SessionImporter.convert(
                        source: header, target: target, projectRoot: project.root,
                        context: context, budget: budget, redact: redact
                    ) { (visit) throws(SessionError) in try readForConvert(store, summary, visit) }
                }
                report(written, verb: "Converted", project: project, json: options.json, context: context)
                return .ok
            })
    }

    /// `--dry-run`: one line (or `{"ok":true,"dry_run":true,…}`) saying what would be written; nothing is.
    /// `convert`'s reader: the session's events, read as `export` reads them; a failure keeps its kind (a refusal
    /// stays 1, not "cannot read the session", 65), so the same failure is the same exit code in every command.
    static func readForConvert(
        _ store: any SessionStore, _ summary: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        _ = try store.read(summary, visit)
    }

    static func dryRun(_ line: String, _ plan: [String: JSONValue], json: Bool, _ context: ToolContext) -> ExitCode {
        DryRunReport(line: line, plan: plan).write(context, json: json)
        return .ok
    }

    /// What an export, import or convert would write.
    struct DryRunReport: CommandReport {
        var line: String
        var plan: [String: JSONValue]

        var json: JSONValue {
            var o = plan
            o["ok"] = true
            o["dry_run"] = true
            return .object(o)
        }
        func text(_ context: ToolContext) -> String { line + " (dry run: nothing written)\n" }
    }

    static func dryConvert(
        _ from: AgentKind, _ id: String, _ target: AgentKind, _ project: Project, json: Bool,
        _ context: ToolContext
    ) throws -> ExitCode {
        guard SessionImporter.targets.contains(target), from != target else {
            throw ToolError(
                .failure, "cannot convert \(from.displayName) sessions to \(target.displayName)",
                hint: "targets: \(SessionImporter.targets.map(\.rawValue).joined(separator: ", "))")
        }
        return dryRun(
            "Would convert \(from.displayName) session \(id) into a new \(target.displayName) session for \(project.root)",
            ["from": .string(from.rawValue), "to": .string(target.rawValue), "session_id": .string(id)], json: json,
            context)
    }

    static func report(
        _ written: WrittenSession, verb: String, project: Project, json: Bool, context: ToolContext
    ) {
        if let counts = written.redactions {
            if counts.total > 0 { context.stderr.line("export-session: redaction: \(counts.summary)") }
        } else {
            context.stderr.line("export-session: redaction is off (--no-redact): secrets were kept as they are")
        }
        if !json {
            for old in written.replaced { context.stderr.line("export-session: replaced the earlier copy \(old)") }
        }
        WrittenReport(written: written, verb: verb, projectRoot: project.root).write(context, json: json)
    }

    /// What an import or convert wrote, and how to resume it.
    struct WrittenReport: CommandReport {
        var written: WrittenSession
        /// "Imported" or "Converted".
        var verb: String
        var projectRoot: String

        var json: JSONValue {
            var value = written.json
            if case .object(var o) = value {
                o["loss_report"] = written.lossReport.map { .string($0) } ?? .null
                value = .object(o)
            }
            return value
        }

        func text(_ context: ToolContext) -> String {
            var out = ""
            if let report = written.lossReport, written.lossReportPath != nil { out += report }
            out += "\(verb) into \(written.agent.displayName) session \(written.sessionID): \(written.path)\n"
            out += "Resume it with: cd \(Shell.word(projectRoot)) && \(written.resumeCommand)\n"
            return out
        }
    }
}
