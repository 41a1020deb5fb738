extension ConvertTarget {
    /// Codex CLI: a new rollout under `sessions/Y/M/D/`; GPT-5 family 272k context, so 200k tokens carried. Any
    /// safe id is kept. With --force the old rollouts of the id are set aside (renamed, not deleted) so the id is not
    /// listed twice, and the new one is indexed in the state database.
    public static let codex = ConvertTarget(
        budget: ConvertBudget(tokens: 200_000), keepsID: IDShapes.isSafeComponent, writer: { CodexRolloutWriter($0) },
        destination: { environment, _, id throws(SessionError) in
            Destination(
                path: CodexPaths.newRollout(environment, id: id, date: environment.now),
                root: CodexPaths.root(environment),
                existing: CodexPaths.existingRollouts(environment, id: id))
        },
        written: { environment, path, existing in
            for old in existing where old != path { PlatformFacts.rename(old, old + ".replaced") }
            CodexStateDB.index(rollout: path, environment: environment)
        })
}
