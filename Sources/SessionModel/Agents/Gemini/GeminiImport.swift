extension NativeImport {
    /// A Gemini CLI chat (first line: `sessionId` and `projectHash`) is recognised, but importing one is not
    /// supported.
    public static let gemini = NativeImport(
        firstLine: { _, json, _ in
            guard let json, json["sessionId"] != nil, json["projectHash"] != nil else { return nil }
            return .some(nil)
        },
        run: { r throws(SessionError) in
            throw SessionError(
                .refused, "importing a native Gemini CLI chat is not supported",
                remedy: .importAsJSON(orCopyInto: "~/.gemini/tmp/<project>/chats/"))
        })
}
