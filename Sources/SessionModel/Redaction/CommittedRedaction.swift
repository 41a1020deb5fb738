/// The fields save-state and save-session commit to the repository go through the same redactor as exports.
public enum CommittedRedaction {
    /// `state` with its free-text fields redacted: notes, task titles and notes, the last commit's message.
    public static func redact(_ state: SessionState, counts: inout RedactionCounts) -> SessionState {
        let r = Redactor()
        var out = state
        out.notes = out.notes.map { r.redact($0, counts: &counts) }
        out.lastCommitMessage = out.lastCommitMessage.map { r.redact($0, counts: &counts) }
        // Names can hold a token too (a file or branch named after one): they are committed like the rest.
        out.branch = out.branch.map { r.redact($0, counts: &counts) }
        out.modifiedFiles = out.modifiedFiles.map { r.redact($0, counts: &counts) }
        for i in out.tasks.indices {
            out.tasks[i].title = r.redact(out.tasks[i].title, counts: &counts)
            out.tasks[i].notes = out.tasks[i].notes.map { r.redact($0, counts: &counts) }
        }
        return out
    }

    /// Journal fields with every text redacted.
    public static func redact(_ fields: JournalFields, counts: inout RedactionCounts) -> JournalFields {
        let r = Redactor()
        var f = fields
        func one(_ s: String?) -> String? { s.map { r.redact($0, counts: &counts) } }
        func all(_ list: [String]) -> [String] { list.map { r.redact($0, counts: &counts) } }
        f.jobID = one(f.jobID)
        f.title = one(f.title)
        f.accomplishments = all(f.accomplishments)
        f.decisions = all(f.decisions)
        f.pending = all(f.pending)
        f.bugsFixed = all(f.bugsFixed)
        f.errors = all(f.errors)
        f.breakthrough = one(f.breakthrough)
        f.nextPriority = one(f.nextPriority)
        f.flow = one(f.flow)
        return f
    }

    /// One text (a session summary, a tag), redacted.
    public static func redact(_ text: String?, counts: inout RedactionCounts) -> String? {
        text.map { Redactor().redact($0, counts: &counts) }
    }

    /// The fail-closed second scan of what a save is about to write (the redacted texts, or the file bytes): the
    /// independent `OutputGuard` shapes. A hit is refused (exit 1) before anything is written, naming the kind and
    /// never the value.
    public static func verify(_ outputs: [[UInt8]], what: String) throws(SessionError) {
        for bytes in outputs {
            let scan = OutputGuard()
            scan.feed(bytes)
            scan.finish()
            guard let first = scan.hits.first else { continue }
            throw SessionError(
                .refused,
                "not saved: \(what) still holds what looks like a \(first.kind) secret after redaction; "
                    + "the redactor missed it",
                hint:
                    "take the secret out of what you pass (notes, tasks, summary, file or branch names) and report it",
                details: ["kind": .string(first.kind)])
        }
    }

    /// The texts of journal fields, for `verify`.
    public static func texts(_ f: JournalFields) -> [String] {
        [f.jobID, f.title, f.breakthrough, f.nextPriority, f.flow].compactMap { $0 } + f.accomplishments + f.decisions
            + f.pending + f.bugsFixed + f.errors
    }

    /// The stderr line for a save that redacted something (nil when nothing was found).
    public static func report(_ tool: String, _ counts: RedactionCounts) -> String? {
        counts.total > 0 ? "\(tool): redaction: \(counts.summary) in what is saved" : nil
    }
}
