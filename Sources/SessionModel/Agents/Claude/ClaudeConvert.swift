extension ConvertTarget {
    /// Claude Code: `<root>/projects/<project folder>/<id>.jsonl`; 200k context, so 150k tokens carried.
    public static let claude = ConvertTarget(
        budget: ConvertBudget(tokens: 150_000), writer: { ClaudeSessionWriter($0) },
        destination: { environment, projectRoot, id throws(SessionError) in
            Destination(
                path: ClaudePaths.transcript(environment, projectPath: projectRoot, id: id),
                root: ClaudePaths.root(environment), existing: ClaudePaths.existingTranscripts(environment, id: id))
        })
}
