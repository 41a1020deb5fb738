#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Generates each agent's slash-command files from one Markdown source per command (`commands/src/<name>.md`,
/// frontmatter `description` + `argument-hint`, body with `$ARGUMENTS`).
public enum CommandGenerator {
    /// The agents of `registry` that get command files (their files go to `commands/<name>/`), with the files'
    /// extension.
    public static func targets(_ registry: AgentRegistry) -> [(agent: AgentKind, ext: String)] {
        registry.entries.compactMap { e in e.commandFileExtension.map { (e.kind, $0) } }
    }

    public struct Source: Sendable {
        public var name: String
        public var description: String
        public var argumentHint: String?
        public var body: String
    }

    /// Reads every `*.md` in `directory`, sorted by name.
    public static func sources(in directory: String) throws(SessionError) -> [Source] {
        guard FileInfo.isDirectory(directory) else {
            throw SessionError(.missing, "command sources folder does not exist", file: directory)
        }
        var out: [Source] = []
        for file in FileInfo.list(directory).sorted() where file.hasSuffix(".md") {
            let path = Paths.join(directory, file)
            let bytes = try AtomicFile.read(path)
            let text = String(decoding: bytes ?? [], as: UTF8.self)
            let fm = try Frontmatter.parse(text, file: path)
            guard let description = fm.value("description"), !description.isEmpty else {
                throw SessionError(.badData, "command source has no 'description'", file: path)
            }
            out.append(
                Source(
                    name: String(file.dropLast(3)), description: description,
                    argumentHint: fm.value("argument-hint"), body: fm.body))
        }
        return out
    }

    /// Relative path (under `commands/`) → file content, for every agent and source.
    public static func render(_ sources: [Source], registry: AgentRegistry) -> [(path: String, text: String)] {
        var out: [(String, String)] = []
        for target in targets(registry) {
            for s in sources {
                let text = target.ext == "toml" ? toml(s) : markdown(s)
                out.append(("\(target.agent.rawValue)/\(s.name).\(target.ext)", text))
            }
        }
        return out
    }

    static func body(_ s: Source) -> String {
        var b = s.body
        while b.hasPrefix("\n") { b.removeFirst() }
        while b.hasSuffix("\n") { b.removeLast() }
        return b + "\n"
    }

    /// `md` targets: Markdown with frontmatter, `$ARGUMENTS` kept.
    public static func markdown(_ s: Source) -> String {
        var out = "---\ndescription: \(yamlScalar(s.description))\n"
        if let hint = s.argumentHint { out += "argument-hint: \(yamlScalar(hint))\n" }
        out += "---\n" + body(s)
        return out
    }

    /// `toml` targets: TOML with `description` and `prompt`; `$ARGUMENTS` becomes `{{args}}`.
    public static func toml(_ s: Source) -> String {
        let prompt = body(s).replacingText("$ARGUMENTS", with: "{{args}}")
        let escaped = prompt.replacingText("\\", with: "\\\\").replacingText("\"\"\"", with: "\"\"\\\"")
        return "description = \(tomlString(s.description))\nprompt = \"\"\"\n\(escaped)\"\"\"\n"
    }

    static func tomlString(_ s: String) -> String {
        "\"" + s.replacingText("\\", with: "\\\\").replacingText("\"", with: "\\\"") + "\""
    }

    /// Plain when safe, else double-quoted.
    static func yamlScalar(_ s: String) -> String {
        let special: Set<Character> = [
            ":", "#", "[", "]", "{", "}", "\"", "'", ",", "&", "*", "!", "|", ">", "%", "@", "`",
        ]
        if s.contains(where: { special.contains($0) }) || s.hasPrefix(" ") || s.hasSuffix(" ") || s.hasPrefix("-") {
            return "\"" + s.replacingText("\\", with: "\\\\").replacingText("\"", with: "\\\"")
                + "\""
        }
        return s
    }

    /// Writes (or with `check`, compares) the generated files under `commandsDirectory`. Returns the paths that
    /// were written (or, with `check`, are out of date, including stale generated files).
    public static func generate(commandsDirectory: String, check: Bool, registry: AgentRegistry) throws(SessionError)
        -> [String]
    {
        let files = render(try sources(in: Paths.join(commandsDirectory, "src")), registry: registry)
        var changed: [String] = []
        var expected = Set<String>()
        for (rel, text) in files {
            let path = Paths.join(commandsDirectory, rel)
            expected.insert(path)
            let current = try AtomicFile.read(path)
            if current != Array(text.utf8) {
                changed.append(path)
                if !check { try AtomicFile.write(text, to: path) }
            }
        }
        for target in targets(registry) {
            let dir = Paths.join(commandsDirectory, target.agent.rawValue)
            for file in FileInfo.list(dir).sorted() where file.hasSuffix("." + target.ext) {
                let path = Paths.join(dir, file)
                if !expected.contains(path) {
                    changed.append(path)
                    if !check { PlatformFacts.unlink(path) }
                }
            }
        }
        return changed
    }
}
