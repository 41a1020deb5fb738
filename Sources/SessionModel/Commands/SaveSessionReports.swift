#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// save-session's results and `load-state --job`'s: each a value rendered as text and, with `--json`, as one JSON
/// object, from here.
extension SaveSessionCommand {
    /// The line naming how the session was found, unless it was given (`--session-id`/`--agent`).
    static func foundLine(_ current: CurrentSession) -> String {
        current.rule == "option"
            ? "" : "Found \(current.agent.rawValue) session \(current.id) (rule: \(current.rule))\n"
    }

    /// `save-session --dry-run`: what would be recorded, nothing written.
    struct SaveDryRunReport: CommandReport {
        var current: CurrentSession
        /// The registry's path.
        var registry: String
        var store: SessionStoreChoice
        /// Whether the registry already has the session (an update, not a new entry).
        var exists: Bool

        var json: JSONValue {
            [
                "ok": true, "dry_run": true, "agent": .string(current.agent.rawValue),
                "session_id": .string(current.id), "registry": .string(registry),
                "store": .string(store.rawValue), "created": .bool(!exists), "detection": current.json,
            ]
        }

        func text(_ context: ToolContext) -> String {
            "Would \(exists ? "update" : "record") \(current.agent.rawValue) session \(current.id) in "
                + "\(SessionRegistry.file) (found by \(current.rule); dry run: nothing written)\n"
        }
    }

    /// `save-session`: the entry recorded, the journal session closed (when there is one) and how to resume.
    struct SavedReport: CommandReport {
        var current: CurrentSession
        var recorded: SessionRegistry.RecordResult
        var store: SessionStoreChoice
        var journal: JournalEntry?
        var metrics: TranscriptMetrics
        var resume: String
        /// Said when the SQLite journal was created (and .gitignore changed).
        var gitignoreNote: String?

        var json: JSONValue {
            var out: [String: JSONValue] = [
                "ok": true, "registry": .string(recorded.path), "created": .bool(recorded.created),
                "entry": recorded.entry, "detection": current.json, "resume_command": .string(resume),
                "store": .string(store.rawValue), "journal": journal?.json ?? .null,
            ]
            if let unknown = metrics.unknownReason { out["metrics_unknown"] = .string(unknown) }
            if let gitignoreNote { out["gitignore"] = .string(gitignoreNote) }
            return .object(out)
        }

        func text(_ context: ToolContext) -> String {
            var out = foundLine(current)
            out +=
                "\(recorded.created ? "Recorded" : "Updated") session \(current.id) (\(current.agent.rawValue)) in "
                + "\(SessionRegistry.file)\n"
            if let gitignoreNote { out += gitignoreNote + "\n" }
            if let journal {
                out += SaveSessionReport.text(journal, metrics: metrics, resume: resume)
            } else {
                out += "Resume: \(resume)\n"
            }
            return out
        }
    }

    /// `save-session start --dry-run`.
    struct StartDryRunReport: CommandReport {
        var current: CurrentSession
        var store: SessionStoreChoice

        var json: JSONValue {
            [
                "ok": true, "dry_run": true, "agent": .string(current.agent.rawValue),
                "session_id": .string(current.id), "store": .string(store.rawValue),
            ]
        }

        func text(_ context: ToolContext) -> String {
            "Would open a journal session for \(current.agent.rawValue) session \(current.id) "
                + "(\(store.rawValue) store; dry run: nothing written)\n"
        }
    }

    /// `save-session start`: the journal session opened (or found open).
    struct StartedReport: CommandReport {
        var current: CurrentSession
        var journalID: String
        /// False: it was open already.
        var opened: Bool
        var store: SessionStoreChoice
        var jobID: String?
        /// Said when the SQLite journal was created (and .gitignore changed).
        var gitignoreNote: String?

        var json: JSONValue {
            var out: [String: JSONValue] = [
                "ok": true, "journal_id": .string(journalID), "opened": .bool(opened),
                "detection": current.json, "store": .string(store.rawValue),
                "job_id": jobID.map { .string($0) } ?? .null,
            ]
            if let gitignoreNote { out["gitignore"] = .string(gitignoreNote) }
            return .object(out)
        }

        func text(_ context: ToolContext) -> String {
            var out = foundLine(current)
            if let gitignoreNote { out += gitignoreNote + "\n" }
            out +=
                "\(opened ? "Opened" : "Already open:") journal session \(journalID)"
                + (jobID.map { " (job \($0))" } ?? "") + " for \(current.agent.rawValue) \(current.id)\n"
            return out
        }
    }

    /// `save-session list`: the registry's entries that match, newest first; as JSON each with its resume command.
    struct RegistryListReport: CommandReport {
        /// The registry's path.
        var registry: String
        var sessions: [JSONValue]
        /// Whether a filter (`--agent`, `--tag`, `--job`) was given, for the empty list's line.
        var filtered: Bool
        /// An entry's resume command (nil: not a registered agent); asked only for the JSON (a store may look the
        /// session up: Cursor's).
        var resumeCommand: (JSONValue) -> String?

        var json: JSONValue {
            let list = sessions.map { entry -> JSONValue in
                var o = entry.objectValue ?? [:]
                if let resume = resumeCommand(entry) { o["resume_command"] = .string(resume) }
                return .object(o)
            }
            return ["ok": true, "registry": .string(registry), "count": .int(list.count), "sessions": .array(list)]
        }

        func text(_ context: ToolContext) -> String {
            if sessions.isEmpty {
                return "No sessions recorded in \(SessionRegistry.file)" + (filtered ? " match the filter" : "") + "\n"
            }
            return context.listText(
                ListTable(
                    headers: ["CREATED", "AGENT", "ID", "SUMMARY"],
                    rows: sessions.map { entry in
                        let tags = (entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                        var summary = entry["summary"]?.stringValue ?? ""
                        if !tags.isEmpty {
                            summary += (summary.isEmpty ? "" : "  ") + "[\(tags.joined(separator: ", "))]"
                        }
                        return [
                            entry["created_at"]?.stringValue ?? "-", entry["agent"]?.stringValue ?? "?",
                            entry["id"]?.stringValue ?? "", summary,
                        ]
                    }))
        }
    }

    /// `save-session show ID`: the entry, its journal sessions and how to resume it.
    struct ShowReport: CommandReport {
        var entry: JSONValue
        /// Nil when the entry's agent is not a registered one.
        var resume: String?
        var journal: [JournalEntry]

        var json: JSONValue {
            [
                "ok": true, "session": entry, "resume_command": resume.map { .string($0) } ?? .null,
                "journal": .array(journal.map(\.json)),
            ]
        }

        func text(_ context: ToolContext) -> String {
            var out = ""
            let order = ["id", "agent", "summary", "created_at", "updated_at"]
            for key in order { if let v = entry[key]?.stringValue { out += "\(key): \(v)\n" } }
            out += "tags: \((entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", "))\n"
            for (key, value) in (entry.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
            where !order.contains(key) && key != "tags" && !JournalKeys.all.contains(key) {
                out += "\(key): \(value.stringValue ?? JSONWriter.compactString(value))\n"
            }
            for j in journal {
                out += "\n" + SaveSessionReport.journalBlock(j)
            }
            out += "\nResume: \(resume ?? "unknown agent '\(entry["agent"]?.stringValue ?? "")'")\n"
            return out
        }
    }

    /// `save-session install-merge-driver`: what was (or, dry, would be) added and set.
    struct MergeDriverReport: CommandReport {
        var addedAttributes: Bool
        /// The git config keys set.
        var configSet: [String]
        /// The driver's command line.
        var driver: String
        var dryRun: Bool

        var changed: Bool { addedAttributes || !configSet.isEmpty }

        var json: JSONValue {
            [
                "ok": true, "changed": .bool(changed), "gitattributes_added": .bool(addedAttributes),
                "dry_run": .bool(dryRun), "config_set": .strings(configSet), "driver": .string(driver),
            ]
        }

        func text(_ context: ToolContext) -> String {
            let line = MergeDriverInstaller.attributesLine
            if !changed { return "The merge driver is already installed (\(driver))\n" }
            var out = ""
            if dryRun {
                if addedAttributes { out += "Would add '\(line)' to .gitattributes\n" }
                for key in configSet { out += "Would set git config \(key)\n" }
                return out + "(dry run: nothing written)\n"
            }
            if addedAttributes { out += "Added '\(line)' to .gitattributes (commit it)\n" }
            for key in configSet { out += "Set git config \(key)\n" }
            return out + "docs/.ai/sessions.json now merges as a union of entries by id\n"
        }
    }
}

extension JobContext {
    /// `load-state --job ID`: every journal session of the job, oldest first, and how to resume the last.
    struct JobReport: CommandReport {
        var job: String
        var entries: [JournalEntry]
        var resume: String?

        var json: JSONValue {
            [
                "ok": true, "job_id": .string(job), "sessions": .array(entries.map(\.json)),
                "resume_command": resume.map { .string($0) } ?? .null,
            ]
        }

        func text(_ context: ToolContext) -> String {
            var out = "# Job \(job): \(entries.count) session\(entries.count == 1 ? "" : "s")\n"
            for (i, j) in entries.enumerated() {
                out += "\n## \(i + 1). \(j.title ?? j.id)\n"
                out +=
                    "- Session: \(j.id), \(j.agent) \(j.agentSessionID ?? "-"), \(j.createdAt) → \(j.endedAt ?? "open")"
                    + (j.quality.map { ", quality \($0)/10" } ?? "") + "\n"
                func section(_ name: String, _ items: [String]) {
                    guard !items.isEmpty else { return }
                    out += "- \(name):\n"
                    for item in items { out += "  - \(item)\n" }
                }
                section("Accomplishments", j.accomplishments)
                section("Decisions", j.decisions)
                section("Bugs fixed", j.bugsFixed)
                section("Pending", j.pending)
                if let b = j.breakthrough { out += "- Breakthrough: \(b)\n" }
                if let n = j.nextPriority { out += "- Next priority: \(n)\n" }
            }
            if let last = entries.last {
                out += "\nNext: \(last.nextPriority ?? "no next priority recorded")\n"
                if !last.pending.isEmpty { out += "Pending: \(last.pending.joined(separator: "; "))\n" }
            }
            out += "Resume the last session: \(resume ?? "unknown")\n"
            return out
        }
    }
}
