#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension NativeImport {
    /// An `opencode export` file: JSON with `info` and `messages` (on one line or pretty-printed). `opencode import`
    /// reads it, so the binary must be on PATH.
    public static let opencode = NativeImport(
        firstLine: { line, json, path in
            if let json, json["info"] != nil, json["messages"] != nil { return .some(json["info"]?["id"]?.stringValue) }
            // ignored: a file that is not JSON is not an OpenCode export
            if line.first == UInt8(ascii: "{"), let whole = (try? JSONFile.read(path)) ?? nil, whole["info"] != nil {
                return .some(whole["info"]?["id"]?.stringValue)
            }
            return nil
        },
        run: { r throws(SessionError) in
            let id = r.sessionID
            let file = r.file
            let requested = r.requested
            let projectRoot = r.projectRoot
            let environment = r.environment
            let redact = r.redact
            let dryRun = r.dryRun
            try SessionImporter.requireSame(.opencode, requested, file)
            guard Executables.find("opencode", path: environment.variables["PATH"]) != nil else {
                throw SessionError(
                    .refused, "importing into OpenCode needs the opencode binary on PATH",
                    hint: "install OpenCode, then run: opencode import \(Shell.word(file))")
            }
            if dryRun { return WrittenSession(agent: .opencode, sessionID: id ?? "", path: "opencode.db") }
            // `opencode import` reads the file itself: it is given a redacted copy (outside the project, removed
            // afterwards), so what lands in OpenCode's store is redacted like every other import.
            var counts: RedactionCounts? = nil
            var source = file
            var copy: String? = nil
            // ignored: removing our own temp copy; failing to must not hide the import's result
            defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
            if redact {
                var found = RedactionCounts()
                let tree = try JSONFile.read(file) ?? .null
                let redacted = SessionExporter.redact(tree, Redactor(), &found)
                if found.total > 0 {
                    let folder = environment.variables["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
                    let path = Paths.join(
                        folder, "agent-sessions-opencode-import-\(UInt64.random(in: 0...UInt64.max)).json")
                    try AtomicFile.write(JSONWriter.compact(redacted), to: path, defaultMode: 0o600)
                    copy = path
                    source = path
                }
                counts = found
            }
            let result = try environment.processRunner.run(
                "opencode", ["import", source], workingDirectory: projectRoot,
                environment: environment.variables, input: nil, timeout: 120)
            guard result.succeeded else {
                throw SessionError(
                    .refused, "opencode import failed: \(result.stderrText.split(separator: "\n").first ?? "")")
            }
            let printed = result.stdoutText.components(separatedBy: "Imported session: ").dropFirst().first
                .map { String($0.prefix { !$0.isWhitespace }) }
            return WrittenSession(
                agent: .opencode, sessionID: printed ?? id ?? "", path: "opencode.db", redactions: counts)
        })
}
