#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a conversion carried, changed and could not carry. Printed and saved beside the converted session.
public struct ConversionLoss: Sendable, Equatable {
    /// Things in the source the target cannot hold, with counts ("thinking block", "image", …).
    public var lost: [String: Int] = [:]
    /// Things adapted to fit the target ("tool call without a result: placeholder result added", …).
    public var changed: [String: Int] = [:]
    public var prompts = 0
    public var answers = 0
    public var toolCalls = 0
    public var toolResults = 0

    public init() {}

    mutating func lose(_ what: String, _ n: Int = 1) { if n > 0 { lost[what, default: 0] += n } }
    mutating func change(_ what: String, _ n: Int = 1) { if n > 0 { changed[what, default: 0] += n } }

    /// Counts what a source message holds that no target carries as such.
    mutating func noteAttachments(_ m: TranscriptMessage) {
        for a in m.attachments { lose(a) }
    }

    public var json: JSONValue {
        [
            "carried": [
                "prompts": .int(prompts), "answers": .int(answers), "tool_calls": .int(toolCalls),
                "tool_results": .int(toolResults),
            ],
            "lost": .object(lost.mapValues { .int($0) }), "changed": .object(changed.mapValues { .int($0) }),
        ]
    }

    public func report(source: String, target: String, written: String?) -> String {
        var text = "Conversion loss report\n"
        text += "Source: \(source)\nTarget: \(target)\n"
        if let written { text += "Written: \(written)\n" }
        text +=
            "Carried: \(prompts) prompts, \(answers) answers, \(toolCalls) tool calls, \(toolResults) tool results\n"
        text += "Not carried:"
        if lost.isEmpty {
            text += " nothing\n"
        } else {
            text += "\n" + lost.keys.sorted().map { "- \(lost[$0]!) × \($0)" }.joined(separator: "\n") + "\n"
        }
        if !changed.isEmpty {
            text += "Changed to fit the target:\n"
            text += changed.keys.sorted().map { "- \(changed[$0]!) × \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }
}

/// Facts every writer needs about the session it writes.
public struct WriterSetup: Sendable {
    /// The new session's id.
    public var sessionID: String
    /// The project folder the session belongs to (physical path), written as the target's working-directory field.
    public var cwd: String
    /// Where the session came from, for the provenance note (nil: no note, e.g. a plain import).
    public var provenance: String?
    /// Used when a message has no timestamp of its own.
    public var now: Date
    public var seed: String
    /// The source session's start (as written): the session's first line and the provenance note carry it, so the
    /// note sorts before the messages it introduces.
    public var startedAt: String?

    public init(
        sessionID: String, cwd: String, provenance: String?, now: Date, seed: String? = nil,
        startedAt: String? = nil
    ) {
        self.sessionID = sessionID
        self.cwd = cwd
        self.provenance = provenance
        self.now = now
        self.seed = seed ?? sessionID
        self.startedAt = startedAt
    }

    var firstTimestamp: String {
        WriterSupport.timestamp(startedAt, fallback: Timestamps.iso8601Milliseconds(now))
    }

    /// `Converted by agent-sessions from <Agent> session <id> (started …) on <date>.`
    public static func provenanceNote(source: TranscriptHeader, convertedAt: Date) -> String {
        var text =
            "[agent-sessions] This session was converted from \(source.agent.displayName) session "
            + source.sessionID
        if let s = source.startedAt { text += " (started \(s))" }
        text += " on \(Timestamps.iso8601(convertedAt)). Earlier reasoning, images and attachments were not carried;"
        text += " tool calls keep their original names."
        return text
    }
}

/// Writes a session in an agent's native format from transcript events, one line per event where it can.
public protocol SessionWriter {
    var agent: AgentKind { get }
    var loss: ConversionLoss { get }
    mutating func begin(into out: OutputBuffer) throws(SessionError)
    mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError)
    mutating func finish(into out: OutputBuffer) throws(SessionError)
}

enum WriterSupport {
    /// The message a writer carries and its timestamp; nil, with the loss noted, for what no target carries:
    /// compaction boundaries, subagent (sidechain) messages and system messages. Keeps `lastTimestamp` current.
    static func carried(_ event: TranscriptEvent, loss: inout ConversionLoss, lastTimestamp: inout String)
        -> (TranscriptMessage, String)?
    {
        guard case .message(let m) = event else {
            if case .compaction = event { loss.lose("compaction boundary (the summary after it is carried as text)") }
            return nil
        }
        if m.isSidechain {
            loss.lose("subagent (sidechain) message")
            return nil
        }
        loss.noteAttachments(m)
        let ts = timestamp(m.timestamp, fallback: lastTimestamp)
        lastTimestamp = ts
        if m.role == .system {
            loss.lose("system message")
            return nil
        }
        return (m, ts)
    }

    static func line(_ value: JSONValue, _ out: OutputBuffer) throws(SessionError) {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes, indent: 0, pretty: false)
        bytes.append(0x0A)
        try out.write(bytes)
    }

    /// An ISO timestamp with milliseconds, from what the source wrote, else `fallback`.
    static func timestamp(_ source: String?, fallback: String) -> String {
        if let source, let date = Timestamps.parse(source) { return Timestamps.iso8601Milliseconds(date) }
        return fallback
    }

    /// A tool call's input as a JSON object (targets want objects; anything else is wrapped as `{"input": …}`).
    static func objectInput(_ input: JSONValue) -> JSONValue {
        if case .object = input { return input }
        // ignored: a string that is not a JSON object is wrapped as it is, below
        if case .string(let s) = input, let parsed = try? JSONParser.parse(s), case .object = parsed { return parsed }
        if input == .null { return .object([:]) }
        return ["input": input]
    }

    /// A tool-call id of `[A-Za-z0-9_-]` (what the Anthropic API accepts), else nil.
    static func cleanID(_ id: String?) -> String? {
        guard let id, !id.isEmpty, id.utf8.count <= 128,
            id.utf8.allSatisfy({ ByteClass.base64URL.contains($0) })
        else { return nil }
        return id
    }

    static let noResult = "(no result was recorded for this tool call in the source session)"
}
