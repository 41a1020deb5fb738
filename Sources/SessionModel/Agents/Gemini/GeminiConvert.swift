extension ConvertTarget {
    /// Gemini CLI: `<root>/tmp/<project>/chats/session-…-<id8>.jsonl`; 1M context, so 800k tokens carried.
    public static let gemini = ConvertTarget(
        budget: ConvertBudget(tokens: 800_000), writer: { GeminiChatWriter($0) },
        destination: { environment, projectRoot, id throws(SessionError) in
            let folder = try GeminiPaths.projectFolder(environment, projectRoot: projectRoot) + "/chats"
            // The file name holds only the id's first 8 characters: the whole id is read from the chat itself.
            let existing = FileInfo.list(folder).filter { $0.hasSuffix("-\(id.prefix(8)).jsonl") }
                .map { folder + "/" + $0 }
                .filter { path in
                    // ignored: a first line that is not JSON names no session
                    LineReader.firstLine(path: path).flatMap { try? JSONParser.parse($0) }?["sessionId"]?.stringValue
                        == id
                }
            return Destination(
                path: folder + "/" + GeminiPaths.chatFileName(id: id, date: environment.now),
                root: GeminiPaths.root(environment), existing: existing)
        })
}
