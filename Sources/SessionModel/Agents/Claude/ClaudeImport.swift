extension NativeImport {
    /// A Claude Code transcript: a line with `sessionId` and a Claude record type within its first 200 lines. It goes
    /// into this project's folder of the store (its subagents and tool outputs too), redacted.
    public static let claude = NativeImport(
        readingOn: { path throws(SessionError) in
            var claudeID: String?
            try LineReader.forEachLine(path: path) { line, number in
                // ignored: a line that is not JSON says nothing about the id
                if let json = try? JSONParser.parse(line).get(), let id = json["sessionId"]?.stringValue,
                    ["user", "assistant", "summary", "system", "attachment", "queue-operation", "last-prompt"]
                        .contains(json["type"]?.stringValue ?? "")
                {
                    claudeID = id
                    return false
                }
                return number < 200
            }
            return claudeID
        },
        run: { r throws(SessionError) in
            let id = r.sessionID ?? ""
            let file = r.file
            let requested = r.requested
            let projectRoot = r.projectRoot
            let force = r.force
            let environment = r.environment
            let redact = r.redact
            let dryRun = r.dryRun
            try SessionImporter.requireSame(.claude, requested, file)
            guard IDShapes.isUUID(id) else {
                throw SessionError(
                    .badData, "the session id '\(id)' is not a UUID; Claude Code cannot resume it", file: file)
            }
            let existing = ClaudePaths.existingTranscripts(environment, id: id)
            try SessionImporter.refuseExisting(existing, agent: .claude, id: id, force: force)
            let dest = ClaudePaths.transcript(environment, projectPath: projectRoot, id: id)
            let root = ClaudePaths.root(environment)
            try Containment.check(dest, inside: root)
            if dryRun {
                return WrittenSession(
                    agent: .claude, sessionID: id, path: dest, replaced: existing.filter { $0 != dest })
            }
            let redactor = Redactor()
            var lineCounts = RedactionCounts()
            var scratch: [UInt8] = []
            try ClaudeSessionFiles.importTranscript(
                file, to: dest, id: id, cwd: projectRoot, replace: force,
                redactLine: redact
                    ? { line in
                        scratch.removeAll(keepingCapacity: true)
                        return SessionExporter.redactNativeLine(line, redactor, &lineCounts, scratch: &scratch)
                    } : nil
            ) { path throws(SessionError) in
                try Containment.check(path, inside: root)
            }
            let counts = redact ? lineCounts : nil
            return WrittenSession(
                agent: .claude, sessionID: id, path: dest,
                replaced: existing.filter { $0 != dest }, redactions: counts)
        })
}
