#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The YAML frontmatter of a SKILL.md or command source: only the flat `key: value` subset we write and the
/// Agent Skills standard needs (plus one level of `metadata:` map). Values may be quoted.
public struct Frontmatter: Sendable, Equatable {
    /// Keys in file order with their (unquoted) values; nested map entries are `parent.child`.
    public var entries: [(key: String, value: String)]
    public var body: String

    public static func == (a: Frontmatter, b: Frontmatter) -> Bool {
        a.body == b.body && a.entries.map(\.key) == b.entries.map(\.key)
            && a.entries.map(\.value) == b.entries.map(\.value)
    }

    public func value(_ key: String) -> String? { entries.first { $0.key == key }?.value }
    /// Top-level keys in file order.
    public var keys: [String] { entries.map(\.key).filter { !$0.contains(".") } }

    /// Parses `---\n...\n---\n` at the start of `text`. Throws bad data (65) with the line when the block is missing or malformed.
    public static func parse(_ text: String, file: String) throws(SessionError) -> Frontmatter {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard lines.first == "---" else {
            throw SessionError(
                .badData, "missing frontmatter: the file must start with a '---' line", file: file, line: 1)
        }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw SessionError(.badData, "frontmatter is not closed by a '---' line", file: file, line: 1)
        }
        var entries: [(String, String)] = []
        var parent: String?
        for i in 1..<end {
            let line = lines[i]
            if line.trimmed(.whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let nested = line.hasPrefix(" ") || line.hasPrefix("\t")
            guard let colon = line.firstIndex(of: ":") else {
                throw SessionError(.badData, "frontmatter line is not 'key: value'", file: file, line: i + 1)
            }
            let key = line[..<colon].trimmed(.whitespaces)
            var value = line[line.index(after: colon)...].trimmed(.whitespaces)
            if value.count >= 2, let f = value.first, let l = value.last,
                (f == "\"" && l == "\"") || (f == "'" && l == "'")
            {
                value = String(value.dropFirst().dropLast())
                if f == "\"" {
                    value = value.replacingText("\\\"", with: "\"").replacingText("\\\\", with: "\\")
                } else {
                    value = value.replacingText("''", with: "'")
                }
            }
            if nested {
                guard let parent else {
                    throw SessionError(
                        .badData, "indented frontmatter line without a parent key", file: file, line: i + 1)
                }
                entries.append(("\(parent).\(key)", value))
            } else {
                parent = value.isEmpty ? key : nil
                entries.append((key, value))
            }
        }
        let body = lines[(end + 1)...].joined(separator: "\n")
        return Frontmatter(entries: entries, body: body)
    }
}
