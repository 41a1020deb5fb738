#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What an exported file holds, judged from its first lines.
public enum ExportedFileKind: Sendable, Equatable {
    case transcript(TranscriptHeader)
    /// An agent's own file (its entry's `nativeImport` recognised it), with the session id it names, if any.
    case native(AgentKind, sessionID: String?)

    /// The agent whose store the file belongs in.
    public var agent: AgentKind {
        switch self {
        case .transcript(let header): return header.agent
        case .native(let agent, _): return agent
        }
    }
}

/// Where a written session went and how to resume it.
public struct WrittenSession: Sendable {
    public var agent: AgentKind
    public var sessionID: String
    public var path: String
    public var loss: ConversionLoss?
    public var lossReportPath: String?
    public var lossReport: String?
    public var replaced: [String] = []
    /// What redaction replaced (nil: `--no-redact`).
    public var redactions: RedactionCounts?

    public var resumeCommand: String { SessionImporter.resumeCommand(agent, id: sessionID) }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "ok": true, "agent": .string(agent.rawValue), "session_id": .string(sessionID),
            "path": .string(path), "resume_command": .string(resumeCommand),
        ]
        if let loss { o["loss"] = loss.json }
        if let lossReportPath { o["loss_report_path"] = .string(lossReportPath) }
        if !replaced.isEmpty { o["replaced"] = .strings(replaced) }
        o["redacted"] = .bool(redactions != nil)
        o["redactions"] = redactions?.json ?? .null
        return .object(o)
    }
}

/// `export-session import` and `convert`: put a session into an agent's native store under this project.
public enum SessionImporter {
    /// The agents declared convert targets in the registry.
    public static var targets: [AgentKind] { AgentRegistry.standard.convertTargets }

    /// The resume command of the one table (ResumeCommands), id quoted.
    public static func resumeCommand(_ agent: AgentKind, id: String) -> String {
        ResumeCommands.table(agent, id: id)
    }

    /// Looks at the first lines of `path`: our transcript header, else each agent's `nativeImport` (first the
    /// first-line checks, then the ones that read on), in registry order.
    public static func detect(_ path: String, registry: AgentRegistry = .standard) throws(SessionError)
        -> ExportedFileKind
    {
        guard FileInfo.exists(path) else { throw SessionError(.missing, "file does not exist", file: path) }
        guard let first = LineReader.firstLine(path: path) else {
            throw SessionError(.badData, "file is empty", file: path)
        }
        if let header = NeutralTranscript.header(firstLine: first) { return .transcript(header) }
        // ignored: a first line that is not JSON is nil here; each importer then judges the bytes themselves
        let json = try? JSONParser.parse(first)
        let importers = registry.entries.compactMap { e in e.nativeImport.map { (e.kind, $0) } }
        for (kind, importer) in importers {
            if let found = importer.firstLine?(first, json, path) { return .native(kind, sessionID: found) }
        }
        for (kind, importer) in importers {
            if let found = try importer.readingOn?(path) {
                return .native(kind, sessionID: found)
            }
        }
        throw SessionError(
            .badData,
            "not an exported session this tool knows (Claude or Codex JSONL, OpenCode JSON, "
                + "or an agent-sessions transcript)", file: path)
    }

    /// Imports `file` into `agent`'s store (default: the file's own agent) for the project at `projectRoot`.
    public static func importFile(
        _ file: String, agent requested: AgentKind?, projectRoot: String, force: Bool,
        environment: AgentEnvironment, redact: Bool = true, dryRun: Bool = false
    ) throws(SessionError) -> WrittenSession {
        // `dryRun`: every check below runs; each branch returns what it would write before its first write.
        let kind = try detect(file, registry: environment.registry)
        switch kind {
        case .native(let agent, let id):
            guard let importer = environment.registry.entry(agent)?.nativeImport else {
                throw SessionError(.refused, "cannot import \(agent.displayName) files", file: file)
            }
            let request = NativeImport.Request(
                file: file, sessionID: id, requested: requested, projectRoot: projectRoot, force: force,
                environment: environment, redact: redact, dryRun: dryRun)
            return try importer.run(request)
        case .transcript(let header):
            let target = requested ?? header.agent
            guard environment.registry.convertTargets.contains(target) else {
                throw SessionError(
                    .refused, "cannot write \(target.displayName) sessions",
                    hint: "targets: \(environment.registry.convertTargets.map(\.rawValue).joined(separator: ", "))")
            }
            let source = try TranscriptFileSource(path: file)
            let provenance =
                target == header.agent ? nil : WriterSetup.provenanceNote(source: header, convertedAt: environment.now)
            let keepID = environment.registry.entry(target)?.convert?.keepsID(header.sessionID) ?? false
            let id = keepID ? header.sessionID : UUID().uuidString.lowercased()
            if dryRun { return WrittenSession(agent: target, sessionID: id, path: "") }
            return try write(
                target: target, id: id, provenance: provenance, projectRoot: projectRoot, force: force,
                environment: environment, sourceLabel: "\(header.agent.displayName) session \(header.sessionID)",
                saveLoss: provenance != nil, startedAt: header.startedAt, redact: redact
            ) { (visit) throws(SessionError) in _ = try source.read(visit) }
        }
    }

    /// Converts a session of one agent (read through `read`) into a new session of `target`.
    /// With a `budget`, only what fits the target's context is carried (`ConvertBudget`); the rest is listed in the
    /// loss report. Nil carries everything (`--whole`).
    public static func convert(
        source: TranscriptHeader, target: AgentKind, projectRoot: String, environment: AgentEnvironment,
        budget: ConvertBudget? = nil, redact: Bool = true,
        read: @escaping ((TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> Void
    ) throws(SessionError) -> WrittenSession {
        guard environment.registry.convertTargets.contains(target) else {
            throw SessionError(
                .refused, "converting to \(target.displayName) is not supported",
                hint: "targets: \(environment.registry.convertTargets.map(\.rawValue).joined(separator: ", "))")
        }
        guard source.agent != target else {
            throw SessionError(
                .refused, "the session is already a \(target.displayName) session: nothing to convert",
                hint: "use 'export-session import' to move it to this project")
        }
        let id = UUID().uuidString.lowercased()
        var plan: ConvertBudget.Plan?
        let chosen: ((TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> Void
        if let budget {
            chosen = { (visit) throws(SessionError) in plan = try budget.select(read, visit) }
        } else {
            chosen = read
        }
        return try write(
            target: target, id: id,
            provenance: WriterSetup.provenanceNote(source: source, convertedAt: environment.now),
            projectRoot: projectRoot, force: false, environment: environment,
            sourceLabel: "\(source.agent.displayName) session \(source.sessionID)", saveLoss: true,
            startedAt: source.startedAt, redact: redact, omitted: { plan.map { budget!.omissions($0) } ?? [:] },
            read: chosen)
    }

    /// Writes a session with the target's writer into its store; saves the loss report beside it.
    static func write(
        target: AgentKind, id: String, provenance: String?, projectRoot: String, force: Bool,
        environment: AgentEnvironment, sourceLabel: String, saveLoss: Bool, startedAt: String? = nil,
        redact: Bool = true,
        omitted: () -> [String: Int] = { [:] },
        read: ((TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> Void
    ) throws(SessionError) -> WrittenSession {
        let setup = WriterSetup(
            sessionID: id, cwd: projectRoot, provenance: provenance, now: environment.now,
            startedAt: startedAt)
        guard let convert = environment.registry.entry(target)?.convert else {
            throw SessionError(.refused, "cannot write \(target.displayName) sessions")
        }
        var writer = convert.writer(setup)
        let destination = try convert.destination(environment, projectRoot, id)
        let dest = destination.path
        let existing = destination.existing
        try Containment.check(dest, inside: destination.root)
        try refuseExisting(existing, agent: target, id: id, force: force)
        let file = try StreamingFile(folder: Paths.dirname(dest), scan: redact)
        defer { file.abandon() }
        let redactor = Redactor()
        var counts = RedactionCounts()
        func put(_ event: TranscriptEvent) throws(SessionError) {
            try writer.write(event, into: file.buffer)
        }
        try writer.begin(into: file.buffer)
        try read { (event) throws(SessionError) in
            guard redact else { return try put(event) }
            switch event {
            case .message(var m):
                SessionExporter.redact(&m, redactor, &counts)
                try put(.message(m))
            case .title(let t): try put(.title(redactor.redact(t, counts: &counts)))
            default: try put(event)
            }
        }
        try writer.finish(into: file.buffer)
        _ = force ? try file.commitReplacing(dest) : try file.commitExclusive(dest)
        var loss = writer.loss
        for (what, n) in omitted() { loss.lose(what, n) }
        var written = WrittenSession(agent: target, sessionID: id, path: dest, loss: loss)
        written.redactions = redact ? counts : nil
        let report = loss.report(
            source: sourceLabel, target: "\(target.displayName) session \(id)", written: dest)
        written.lossReport = report
        if saveLoss {
            let reportPath = (dest.hasSuffix(".jsonl") ? String(dest.dropLast(6)) : dest) + ".loss.txt"
            try AtomicFile.write(report, to: reportPath)
            written.lossReportPath = reportPath
        }
        convert.written(environment, dest, existing)
        written.replaced = existing.filter { $0 != dest }
        return written
    }

    static func requireSame(_ kind: AgentKind, _ requested: AgentKind?, _ file: String) throws(SessionError) {
        if let requested, requested != kind {
            throw SessionError(
                .refused, "this is a \(kind.displayName) session, not a \(requested.displayName) one",
                remedy: .importThenConvert(from: kind.rawValue, to: requested.rawValue), file: file)
        }
    }

    static func refuseExisting(_ existing: [String], agent: AgentKind, id: String, force: Bool)
        throws(SessionError)
    {
        if let first = existing.first, !force {
            throw SessionError(
                .refused, "a \(agent.displayName) session with id \(id) already exists; not overwriting it",
                remedy: .replaceOnPurpose, file: first)
        }
    }

    /// Copies `file` line by line to `dest`, passing each JSON line through `change` (nil: keep the line as it is),
    /// redacted (as a native export) unless `redact` is false. Returns the redaction counts (nil: not redacted).
    @discardableResult
    static func rewriteLines(
        _ file: String, to dest: String, replace: Bool, redact: Bool = true, _ change: (JSONValue) -> JSONValue?
    ) throws(SessionError) -> RedactionCounts? {
        let out = try StreamingFile(folder: Paths.dirname(dest), scan: redact)
        defer { out.abandon() }
        let redactor = Redactor()
        var counts = RedactionCounts()
        var scratch: [UInt8] = []
        var redactedLine: [UInt8]? = nil
        try LineReader.forEachLine(path: file) { (line, _) throws(SessionError) -> Bool in
            if line.isEmpty { return true }
            if redact {
                scratch.removeAll(keepingCapacity: true)
                redactedLine = SessionExporter.redactNativeLine(line, redactor, &counts, scratch: &scratch)
            }
            try (redactedLine ?? Array(line)).withUnsafeBufferPointer { (line) throws(SessionError) in
                if case .success(let json) = JSONParser.parse(line), let changed = change(json) {
                    var bytes: [UInt8] = []
                    JSONWriter.write(changed, into: &bytes, indent: 0, pretty: false)
                    try out.buffer.write(bytes)
                } else {
                    try out.buffer.write(line)
                }
            }
            redactedLine = nil
            try out.buffer.byte(0x0A)
            return true
        }
        _ = replace ? try out.commitReplacing(dest) : try out.commitExclusive(dest)
        return redact ? counts : nil
    }
}
