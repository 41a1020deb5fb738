extension NativeImport {
    /// A Codex rollout: its first line is `session_meta` with the id. Written as a new rollout, `cwd` set to this
    /// project, redacted; with --force the old rollouts of the id are set aside.
    public static let codex = NativeImport(
        firstLine: { _, json, _ in
            guard let json, json["type"]?.stringValue == "session_meta",
                let id = json["payload"]?["id"]?.stringValue ?? json["payload"]?["session_id"]?.stringValue
            else { return nil }
            return .some(id)
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
            try SessionImporter.requireSame(.codex, requested, file)
            guard IDShapes.isSafeComponent(id) else {
                throw SessionError(.badData, "bad session id '\(id)'", file: file)
            }
            let existing = CodexPaths.existingRollouts(environment, id: id)
            try SessionImporter.refuseExisting(existing, agent: .codex, id: id, force: force)
            let dest = CodexPaths.newRollout(environment, id: id, date: environment.now)
            try Containment.check(dest, inside: CodexPaths.root(environment))
            if dryRun {
                return WrittenSession(
                    agent: .codex, sessionID: id, path: dest, replaced: existing.filter { $0 != dest })
            }
            let counts = try SessionImporter.rewriteLines(file, to: dest, replace: force, redact: redact) { json in
                guard case .object(var o) = json, let type = o["type"]?.stringValue,
                    type == "session_meta" || type == "turn_context", case .object(var p)? = o["payload"],
                    p["cwd"] != nil
                else { return nil }
                p["cwd"] = .string(projectRoot)
                o["payload"] = .object(p)
                return .object(o)
            }
            // --force: the old rollouts are set aside (renamed, not deleted) so the id is not listed twice.
            for old in existing where old != dest { PlatformFacts.rename(old, old + ".replaced") }
            CodexStateDB.index(rollout: dest, environment: environment)
            return WrittenSession(
                agent: .codex, sessionID: id, path: dest, replaced: existing.filter { $0 != dest },
                redactions: counts)
        })
}
