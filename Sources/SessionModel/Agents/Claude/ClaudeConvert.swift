extension ConvertTarget {
    /// Claude Code: `<root>/projects/<project folder>/<id>.jsonl`; 200k context, so 150k tokens carried.
    public static let claude = ConvertTarget(
        budget: ConvertBudget(tokens: 150_000), writer: { ClaudeSessionWriter($0) },
        destination: { context, projectRoot, id in
            Destination(
                path: ClaudePaths.transcript(context, projectPath: projectRoot, id: id),
                root: ClaudePaths.root(context), existing: ClaudePaths.existingTranscripts(context, id: id))
        })
}
