#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `setup-agents`: install the skills, slash commands and hooks into each coding agent, show what is installed,
/// remove it again, and generate the per-agent command files from their sources.
public enum SetupAgentsCommand {
    static let agentHelp =
        "Agents, comma-separated: \(AgentLocations.agents.joined(separator: ",")) (default: those present, i.e. whose config folder or program exists)."

    public static var command: Command {
        Command(
            name: "setup-agents",
            abstract: "Install the agent-sessions skills, slash commands and hooks into your coding agents.",
            discussion: """
                Skills are linked into $CLAUDE_CONFIG_DIR/skills (~/.claude/skills) and ~/.agents/skills, commands into \
                each agent's command folder, from one payload in ${XDG_DATA_HOME:-~/.local/share}/agent-sessions/. \
                With --hooks, hook entries are merged into each agent's settings (a backup <file>.agent-sessions.bak \
                is kept). Everything written is listed in install-manifest.json; uninstall removes exactly that.
                """,
            subcommands: [install, uninstall, status, generateCommands])
    }

    static let agentOption = OptionSpec.value("agent", "list", agentHelp)
    static let actionsJSON = SharedOptions.json("Print the actions as JSON.")

    /// `--agent a,b`: each name checked against the agents setup-agents knows (64); nil when not given.
    static func agents(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) -> [String]? {
        let known = context.registry.setupAgents
        guard let list = parsed.value(agentOption) else { return nil }
        let names = list.split(separator: ",").map { $0.trimmed(.whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        for n in names where !known.contains(n) {
            throw ToolError.usage(
                "unknown agent '\(n)'",
                hint: Suggest.nearest(n, among: known).map { "did you mean '\($0)'?" }
                    ?? "agents: \(known.joined(separator: ", "))")
        }
        if names.isEmpty { throw ToolError.usage("--agent needs at least one agent") }
        return names
    }

    struct InstallOptions: CommandOptions {
        static let hooks = OptionSpec.flag("hooks", "Also merge the start/end hooks into each agent's settings.")
        static let dryRun = SharedOptions.dryRun("Print what would be done; write nothing.")
        static let mode = OptionSpec.value(
            "mode", "mode", "Link into the payload, or copy the files.", choices: ["symlink", "copy"])
        static let source = OptionSpec.value(
            "source", "dir",
            "Folder holding skills/ and commands/ (default: $AGENT_SESSIONS_SHARE, else <prefix>/share/agent-sessions next to this executable)."
        )
        static let binDirectory = OptionSpec.value(
            "bin-dir", "dir",
            "Folder of the installed executables used in hook commands (default: this executable's folder).")
        static let summary = OptionSpec.flag(
            "summary", "Print a short summary instead of one line per file (what make install shows).")
        static let options = [agentOption, hooks, dryRun, mode, source, binDirectory, summary, actionsJSON]

        /// The agents named; nil: those present.
        var agents: [String]?
        var hooks: Bool
        var dryRun: Bool
        /// `--mode copy` (else links).
        var copy: Bool
        var source: String?
        var binDirectory: String?
        var summary: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agents = try SetupAgentsCommand.agents(parsed, context)
            hooks = parsed.flag(Self.hooks)
            dryRun = parsed.flag(Self.dryRun)
            copy = parsed.value(Self.mode) == "copy"
            source = parsed.value(Self.source)
            binDirectory = parsed.value(Self.binDirectory)
            summary = parsed.flag(Self.summary)
            json = parsed.flag(actionsJSON)
        }
    }

    struct UninstallOptions: CommandOptions {
        static let dryRun = SharedOptions.dryRun("Print what would be removed; change nothing.")
        static let options = [agentOption, dryRun, actionsJSON]

        var agents: [String]?
        var dryRun: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agents = try SetupAgentsCommand.agents(parsed, context)
            dryRun = parsed.flag(Self.dryRun)
            json = parsed.flag(actionsJSON)
        }
    }

    struct StatusOptions: CommandOptions {
        static let json = SharedOptions.json("Print the status as JSON.")
        static let options = [json]

        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            json = parsed.flag(Self.json)
        }
    }

    struct GenerateOptions: CommandOptions {
        static let directory = OptionSpec.value("dir", "dir", "The commands folder (default: ./commands).")
        static let check = OptionSpec.flag("check", "Change nothing; exit 1 when a generated file is out of date.")
        static let json = SharedOptions.json("Print the files written (or out of date) as JSON.")
        static let options = [directory, check, json]

        var directory: String?
        var check: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            directory = parsed.value(Self.directory)
            check = parsed.flag(Self.check)
            json = parsed.flag(Self.json)
        }
    }

    static var install: Command {
        Command(
            name: "install", abstract: "Install skills and commands (and hooks with --hooks).",
            options: InstallOptions.self, run: { try runInstall($0, $1) })
    }

    static var uninstall: Command {
        Command(
            name: "uninstall", abstract: "Remove exactly what install added (per the manifest).",
            options: UninstallOptions.self, run: { try runUninstall($0, $1) })
    }

    static var status: Command {
        Command(
            name: "status", abstract: "Show what is installed for each agent.", options: StatusOptions.self,
            run: { try runStatus($0, $1) })
    }

    static var generateCommands: Command {
        Command(
            name: "generate-commands",
            abstract: "Generate each agent's slash-command files from commands/src/*.md.",
            options: GenerateOptions.self, run: { try runGenerate($0, $1) })
    }

    /// The running executable's folder (physical), for the default source and bin folders.
    static var executableDirectory: String? {
        guard let exe = PlatformProcess.executablePath() else { return nil }
        return Paths.dirname(Paths.physical(exe))
    }

    /// `--source`, else $AGENT_SESSIONS_SHARE, else next to the executable or the installed payload (none → 66).
    public static func sourceDirectory(_ source: String?, _ context: ToolContext) throws(ToolError) -> String {
        if let dir = source { return Paths.physical(context.absolute(dir)) }
        if let dir = context.environment["AGENT_SESSIONS_SHARE"], !dir.isEmpty {
            return Paths.physical(context.absolute(dir))
        }
        // Next to the executable (a packaged install), else the payload an earlier install wrote (make install
        // writes it once, into the data folder).
        var candidates = [AgentLocations(context).current]
        if let exe = executableDirectory { candidates.insert(Paths.normalize(exe + "/../share/agent-sessions"), at: 0) }
        for dir in candidates where FileInfo.isDirectory(Paths.join(dir, "skills")) { return Paths.physical(dir) }
        throw ToolError(
            .noInput, "cannot find the skills and commands to install",
            hint: "run 'make install', or pass --source DIR (or set AGENT_SESSIONS_SHARE)")
    }

    /// `install` when no agent is present and none was named: nothing was written.
    struct NoAgentReport: CommandReport {
        var dryRun: Bool
        var skipped: [String]
        var source: String

        var json: JSONValue {
            [
                "ok": true, "dry_run": .bool(dryRun), "actions": .array([]), "agents": .strings([]),
                "skipped": .strings(skipped), "source": .string(source),
            ]
        }

        func text(_ context: ToolContext) -> String {
            "No coding agent found (no config folder such as ~/.claude, no program such as claude on PATH); "
                + "nothing installed. Name them with --agent \(context.registry.setupAgents.joined(separator: ","))."
                + "\n"
        }
    }

    /// What install or uninstall did (or, dry, would do): one line per change, or every action as JSON.
    struct ActionsReport: CommandReport {
        var actions: [Installer.Action]
        var dryRun: Bool
        /// More members of the JSON object (install: source, agents, skipped).
        var extra: [String: JSONValue]

        var json: JSONValue {
            var out: [String: JSONValue] = [
                "ok": true, "dry_run": .bool(dryRun), "actions": .array(actions.map(\.json)),
            ]
            for (k, v) in extra { out[k] = v }
            return .object(out)
        }

        func text(_ context: ToolContext) -> String {
            let shown = actions.filter { $0.verb != "unchanged" }
            if shown.isEmpty { return "Nothing to change.\n" }
            return shown.map { (dryRun ? "would " : "") + $0.line + "\n" }.joined()
        }
    }

    static func runInstall(_ options: InstallOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let named = options.agents  // a wrong command line (64, checked with the options) before a missing source (66)
        let source = try sourceDirectory(options.source, context)
        let bin = options.binDirectory.map { Paths.physical(context.absolute($0)) } ?? executableDirectory ?? source
        let dryRun = options.dryRun
        let hooks = options.hooks
        if hooks {
            for tool in ["load-state", "save-session"] where !FileInfo.isFile(Paths.join(bin, tool)) {
                context.stderr.line(
                    "setup-agents: warning: \(Paths.join(bin, tool)) does not exist; the hooks will call it there")
            }
        }
        let chosen = named ?? AgentLocations(context).present.map(\.kind.rawValue)
        let skipped = context.registry.setupAgents.filter { !chosen.contains($0) }
        // 66 for a source without skills, before anything else
        _ = try core { () throws(SessionError) in try Installer.skillNames(in: source) }
        if chosen.isEmpty {
            // Nothing to install for: write nothing (no payload, no folders).
            NoAgentReport(dryRun: dryRun, skipped: skipped, source: source).write(context, json: options.json)
            return .ok
        }
        var installer = Installer(context.agentEnvironment)
        try core { () throws(SessionError) in
            try installer.install(
                .init(
                    agents: chosen.compactMap(context.registry.kind(named:)), hooks: hooks, dryRun: dryRun,
                    copy: options.copy, source: source, binDirectory: bin))
        }
        writeNotes(installer, context)
        let actions = ActionsReport(
            actions: installer.actions, dryRun: dryRun,
            extra: ["source": .string(source), "agents": .strings(chosen), "skipped": .strings(skipped)])
        if options.summary {
            SummaryReport(
                actions: actions, agents: chosen, skipped: skipped, hooks: hooks,
                agentNotes: chosen.compactMap { context.registry.entry(named: $0)?.setupNote?(hooks) }
            ).write(context, json: options.json)
            return .ok
        }
        actions.write(context, json: options.json)
        if hooks && !options.json && !dryRun && installer.actions.contains(where: { $0.verb != "unchanged" }) {
            let notes = context.registry.entries.compactMap { $0.hooks?.afterInstall }
            if !notes.isEmpty { context.stderr.line("setup-agents: " + notes.joined(separator: " ")) }
        }
        return .ok
    }

    /// What the installer did only in part, on stderr.
    static func writeNotes(_ installer: Installer, _ context: ToolContext) {
        for note in installer.notes { context.stderr.line("setup-agents: \(note)") }
    }

    /// `install --summary`: the few lines `make install` shows — for which agents, hooks or not, and what to do in
    /// each agent now. Its JSON is the actions', as without `--summary`.
    struct SummaryReport: CommandReport {
        var actions: ActionsReport
        var agents: [String]
        var skipped: [String]
        var hooks: Bool
        /// Per agent installed for, what to do in it now (its entry's `setupNote`).
        var agentNotes: [String]

        var json: JSONValue { actions.json }

        func text(_ context: ToolContext) -> String {
            let changed = actions.actions.filter { $0.verb != "unchanged" }.count
            var line =
                (actions.dryRun ? "Would install" : "Installed")
                + " skills and slash commands for \(agents.joined(separator: ", "))"
            line += changed == 0 ? " (already up to date)" : " (\(changed) change\(changed == 1 ? "" : "s"))"
            line +=
                hooks
                ? "; hooks: yes." : "; hooks: no (HOOKS=1 make install, or setup-agents install --hooks, adds them)."
            var out = line + "\n"
            if !skipped.isEmpty {
                out +=
                    "Not found, skipped: \(skipped.joined(separator: ", ")) (setup-agents install --agent NAME installs anyway).\n"
            }
            for note in agentNotes { out += "  " + note + "\n" }
            return out
        }
    }

    static func runUninstall(_ options: UninstallOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        var installer = Installer(context.agentEnvironment)
        try core { () throws(SessionError) in
            try installer.uninstall(
                agents: options.agents.map { $0.compactMap(context.registry.kind(named:)) }, dryRun: options.dryRun)
        }
        ActionsReport(actions: installer.actions, dryRun: options.dryRun, extra: [:]).write(context, json: options.json)
        return .ok
    }

    static func runGenerate(_ options: GenerateOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let dir = context.absolute(options.directory ?? "commands")
        let check = options.check
        let changed = try core { () throws(SessionError) in
            try CommandGenerator.generate(commandsDirectory: dir, check: check, registry: context.registry)
        }
        let report = GenerateReport(directory: dir, files: changed, check: check)
        // An out-of-date --check is a failure: as JSON, the error object alone says so.
        if !(options.json && report.outOfDate) { report.write(context, json: options.json) }
        if report.outOfDate {
            throw ToolError(
                .failure, "\(changed.count) generated command file\(changed.count == 1 ? " is" : "s are") out of date",
                hint: "run 'make commands'")
        }
        return .ok
    }

    /// `generate-commands`: the files written, or with `--check` the files out of date (paths under `directory`).
    struct GenerateReport: CommandReport {
        var directory: String
        var files: [String]
        var check: Bool

        var outOfDate: Bool { check && !files.isEmpty }
        var relativeFiles: [String] { files.map { Paths.relative($0, to: directory) } }

        var json: JSONValue {
            [
                "ok": .bool(!outOfDate), "check": .bool(check), "dir": .string(directory),
                (check ? "out_of_date" : "written"): .strings(relativeFiles),
            ]
        }

        func text(_ context: ToolContext) -> String {
            relativeFiles.map { (check ? "out of date: " : "wrote ") + $0 + "\n" }.joined()
        }
    }

    // MARK: status

    public static func statusJSON(_ context: ToolContext) throws(ToolError) -> JSONValue {
        let loc = AgentLocations(context)
        let claude = ClaudePlugin(context.agentEnvironment)
        var installer = Installer(context.agentEnvironment)
        try core { () throws(SessionError) in try installer.loadManifest() }
        let entries = installer.entries
        var agents: [String: JSONValue] = [:]
        for entry in loc.setupAgents {
            let agent = entry.kind.rawValue
            let mine = entries.filter { $0.value["agents"]?.arrayValue?.contains(.string(agent)) == true }
            let links = mine.filter { ["symlink", "copy"].contains($0.value["kind"]?.stringValue ?? "") }
            let present = links.filter { FileInfo.kind($0.key) != .missing }.map(\.key).sorted()
            let missing = links.filter { FileInfo.kind($0.key) == .missing }.map(\.key).sorted()
            var hooks: [String: JSONValue] = [:]
            if let file = loc.hookFile(entry) {
                hooks["file"] = .string(file)
                // ignored: a hook file that does not parse has no events; the lines below report it as not parsing
                if let doc = try? JSONFile.read(file) {
                    hooks["events"] = .strings(
                        Array(
                            Set(
                                HookMerge.ours(in: doc, shape: HookPlan.shape(entry)).map(
                                    \.event))
                        ).sorted())
                } else {
                    hooks["events"] = .strings([])
                    // ignored: only whether the file parses is asked here
                    if FileInfo.exists(file), (try? JSONFile.read(file)) == nil { hooks["error"] = "does not parse" }
                }
            }
            let dir = loc.configDirectory(entry)
            agents[agent] = [
                "config_dir": .string(dir), "config_dir_exists": .bool(FileInfo.isDirectory(dir)),
                "installed": .strings(present), "missing": .strings(missing), "hooks": .object(hooks),
            ]
        }
        var warnings: [String] = []
        let claudeLinks = entries.keys.filter {
            $0.hasPrefix(claude.skillsFolder + "/") && FileInfo.kind($0) != .missing
        }
        if claude.isInstalled && !claudeLinks.isEmpty {
            warnings.append(
                "the agent-sessions Claude Code plugin is installed and the skills are also in \(claude.skillsFolder): Claude lists them twice; run 'setup-agents uninstall --agent claude' or uninstall the plugin"
            )
        }
        // ignored: a settings file that does not parse holds no hooks of ours to warn about (status reports it)
        if claude.isInstalled, let doc = try? JSONFile.read(claude.settingsFile),
            !HookMerge.ours(in: doc, shape: .nested).isEmpty
        {
            warnings.append(
                "the agent-sessions Claude Code plugin is installed and its hooks are also in \(claude.settingsFile): they run twice; run 'setup-agents uninstall --agent claude' or uninstall the plugin"
            )
        }
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) where entry["kind"]?.stringValue == "symlink" {
            if FileInfo.kind(path) == .symlink && !FileInfo.exists(path) { warnings.append("\(path) is a broken link") }
        }
        return [
            "ok": true,
            "data_root": .string(loc.dataRoot),
            "manifest": .string(loc.manifest),
            "installed": .bool(!entries.isEmpty),
            "payload_version": Installer.readLink(loc.current).map { .string($0) } ?? .null,
            "claude_plugin_installed": .bool(claude.isInstalled),
            "agents": .object(agents),
            "warnings": .strings(warnings),
        ]
    }

    static func runStatus(_ options: StatusOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let report = StatusReport(status: try statusJSON(context), agents: context.registry.setupAgents)
        report.write(context, json: options.json)
        if options.json { return .ok }
        for w in report.status["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            context.stderr.line("setup-agents: warning: \(w)")
        }
        return .ok
    }

    /// `status`: the payload, and per agent what is installed and which hook events are ours (`statusJSON`).
    struct StatusReport: CommandReport {
        var status: JSONValue
        /// The agents, in the order the text lists them.
        var agents: [String]

        var json: JSONValue { status }

        func text(_ context: ToolContext) -> String {
            var out =
                "payload: \(status["data_root"]!.stringValue!)/\(status["payload_version"]?.stringValue ?? "(not installed)")\n"
            for agent in agents {
                let a = status["agents"]![agent]!
                let installed = a["installed"]?.arrayValue?.count ?? 0
                let missing = a["missing"]?.arrayValue?.count ?? 0
                let events = a["hooks"]?["events"]?.arrayValue?.compactMap(\.stringValue) ?? []
                var line = "\(agent): \(installed) skill/command path\(installed == 1 ? "" : "s")"
                if missing > 0 { line += ", \(missing) missing" }
                if a["hooks"]?["file"] != nil {
                    line += ", hooks: " + (events.isEmpty ? "none" : events.joined(separator: ", "))
                }
                if a["config_dir_exists"]?.boolValue != true {
                    line += " (\(a["config_dir"]!.stringValue!) does not exist)"
                }
                out += line + "\n"
            }
            return out
        }
    }
}
