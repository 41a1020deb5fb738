#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `save-state --restore`: the way back from a checkpoint that cannot be read (or was overwritten by mistake). Lists
/// the copies in `.claude/state-history/`, newest first, and restores one; the state it replaces is kept there too.
enum StateRestore {
    struct Copy {
        var name: String
        var path: String
        var modified: Double
    }

    /// The copies, newest first (by modification time, then name).
    static func copies(_ project: Project) -> [Copy] {
        let folder = project.path(SaveStateCommand.historyFolder)
        return FileInfo.list(folder).filter { $0.hasPrefix("claude-state-") && $0.hasSuffix(".json") }.map {
            Copy(name: $0, path: folder + "/" + $0, modified: FileInfo.modificationTime(folder + "/" + $0) ?? 0)
        }.sorted { ($0.modified, $0.name) > ($1.modified, $1.name) }
    }

    /// What to do when the state file cannot be read, said at the end of every such error.
    static func wayBack(_ project: Project) -> String {
        let n = copies(project).count
        if n == 0 {
            return
                "fix or delete the file; 'save-state --restore' restores a copy once .claude/state-history/ holds one"
        }
        return "'save-state --restore' lists the \(n) cop\(n == 1 ? "y" : "ies") in .claude/state-history/ "
            + "and 'save-state --restore 1' restores the newest"
    }

    /// Runs `body` (a read of the state file); a bad-data error gets the way back as its hint.
    static func readable<T>(project: Project, _ body: () throws(ToolError) -> T) throws(ToolError) -> T {
        do {
            return try body()
        } catch  where error.code == .dataError {
            var wrapped = error
            wrapped.hint = (error.hint.map { $0 + "; " } ?? "") + wayBack(project)
            throw wrapped
        }
    }

    static func run(_ options: SaveStateCommand.Options, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let project = try Project.locateForState(context, repoRoot: options.repoRoot)
        let list = copies(project)
        let json = options.json
        guard let wanted = options.copy else {
            CopiesReport(copies: list.map { ($0, summary($0.path)) }).write(context, json: json)
            return .ok
        }
        let chosen: Copy
        if let n = Int(wanted), n >= 1, n <= list.count {
            chosen = list[n - 1]
        } else if let c = list.first(where: { $0.name == wanted || $0.path == context.absolute(wanted) }) {
            chosen = c
        } else {
            throw ToolError(
                .noInput, "no copy '\(wanted)' in \(SaveStateCommand.historyFolder)/",
                hint: list.isEmpty ? "there are no copies" : "see 'save-state --restore' (1 to \(list.count))")
        }
        guard let bytes = try core({ () throws(SessionError) in try AtomicFile.read(chosen.path) }) else {
            throw ToolError(.noInput, "file does not exist", file: chosen.path)
        }
        let state = try core { () throws(SessionError) in
            try SessionState(json: try JSONFile.parse(bytes, path: chosen.path), file: chosen.path)
        }
        if options.dryRun {
            DryRunReport(copy: chosen, state: state).write(context, json: json)
            return .ok
        }

        // The same containment as a save: no write through a link that leads outside the project.
        let statePath = try core { () throws(SessionError) in try project.writablePath(SaveStateCommand.stateFile) }
        let progressPath = try core { () throws(SessionError) in try project.writablePath(SaveStateCommand.progressFile)
        }
        let lock = try core { () throws(SessionError) in
            try FileLock.acquire(for: statePath, timeout: FileLock.timeout(environment: context.environment))
        }
        defer { lock.release() }
        // The state being replaced (readable or not) is kept as a copy first: nothing is lost.
        var keptPath: String? = nil
        if let current = try core({ () throws(SessionError) in try AtomicFile.read(statePath) }), current != bytes {
            // ignored: the state being replaced is kept as a copy whether it parses or not; parsing only describes it
            let currentState = try? SessionState(
                json: try JSONFile.parse(current, path: statePath), file: statePath)
            keptPath = try SaveStateCommand.keepHistory(
                current, project: project, oldState: currentState, now: context.now)
        }
        try core { () throws(SessionError) in try AtomicFile.write(bytes, to: statePath) }
        try core { () throws(SessionError) in try AtomicFile.write(ProgressRenderer.render(state), to: progressPath) }
        RestoredReport(statePath: statePath, copy: chosen, state: state, keptPath: keptPath, projectRoot: project.root)
            .write(context, json: json)
        return .ok
    }

    /// `--restore` alone: the copies, newest first, numbered from 1.
    struct CopiesReport: CommandReport {
        /// Each copy with its one-line summary (nil: it cannot be read).
        var copies: [(copy: Copy, summary: String?)]

        var json: JSONValue {
            let items: [JSONValue] = copies.enumerated().map { i, c in
                var o: [String: JSONValue] = ["number": .int(i + 1), "file": .string(c.copy.path)]
                if let s = c.summary { o["summary"] = .string(s) }
                return .object(o)
            }
            return ["ok": true, "copies": .array(items)]
        }

        func text(_ context: ToolContext) -> String {
            if copies.isEmpty {
                return "No copies in \(SaveStateCommand.historyFolder)/ yet (each save keeps the one it replaces).\n"
            }
            var out = "Copies in \(SaveStateCommand.historyFolder)/, newest first:\n"
            for (i, c) in copies.enumerated() {
                out += "  \(i + 1)  \(c.copy.name)  \(c.summary ?? "cannot be read")\n"
            }
            out += "Restore one with: save-state --restore N (or its file name)\n"
            return out
        }
    }

    /// `--restore N --dry-run`.
    struct DryRunReport: CommandReport {
        var copy: Copy
        var state: SessionState

        var json: JSONValue { ["ok": true, "dry_run": true, "would_restore": .string(copy.path)] }
        func text(_ context: ToolContext) -> String {
            let shown = Paths.relative(copy.path, to: context.workingDirectory)
            return "Dry run: would restore \(SaveStateCommand.stateFile) from \(shown) "
                + "(\(state.tasks.count) task\(state.tasks.count == 1 ? "" : "s")); nothing written\n"
        }
    }

    /// `--restore N`: what was restored, and where the replaced state is kept.
    struct RestoredReport: CommandReport {
        var statePath: String
        var copy: Copy
        var state: SessionState
        var keptPath: String?
        var projectRoot: String

        var json: JSONValue {
            [
                "ok": true, "state_file": .string(statePath), "restored_from": .string(copy.path),
                "history_file": keptPath.map { .string($0) } ?? .null,
                "load_with": .string(SaveStateCommand.loadWith),
            ]
        }

        func text(_ context: ToolContext) -> String {
            var out = "Restored \(SaveStateCommand.stateFile) from \(SaveStateCommand.historyFolder)/\(copy.name)"
            out += " (saved \(state.timestamp), \(state.tasks.count) task\(state.tasks.count == 1 ? "" : "s"))\n"
            if let keptPath { out += "The state it replaced is kept in \(Paths.relative(keptPath, to: projectRoot))\n" }
            out += "Load with: \(SaveStateCommand.loadWith) (or /load in your agent)\n"
            return out
        }
    }

    /// "saved 2026-…, 3 tasks (1 pending), notes" for the list.
    static func summary(_ path: String) -> String? {
        // ignored: a history file that does not parse is listed without its summary
        guard let json = try? JSONFile.read(path), let state = try? SessionState(json: json, file: path) else {
            return nil
        }
        let unfinished = state.unfinished.count
        var text = "saved \(state.timestamp.isEmpty ? "?" : state.timestamp), \(state.tasks.count) task"
        text += state.tasks.count == 1 ? "" : "s"
        if unfinished > 0 { text += " (\(unfinished) unfinished)" }
        if state.notes != nil { text += ", notes" }
        return text
    }
}
