#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Agent Skills standard's rules for a `SKILL.md` (agentskills.io; the reference validator rejects other keys).
public enum SkillValidator {
    public static let allowedKeys: Set<String> = [
        "name", "description", "license", "compatibility", "metadata", "allowed-tools",
    ]
    public static let maxNameLength = 64
    public static let maxDescriptionLength = 1024
    public static let maxCompatibilityLength = 500

    /// The problems of the skill in `directory` (its `SKILL.md`); empty when it follows the standard.
    public static func problems(directory: String) -> [String] {
        let file = Paths.join(directory, "SKILL.md")
        let text: String
        do {
            guard let bytes = try AtomicFile.read(file) else { return ["\(file): missing SKILL.md"] }
            text = String(decoding: bytes, as: UTF8.self)
        } catch { return [error.description] }
        return problems(text: text, folderName: Paths.basename(directory), file: file)
    }

    public static func problems(text: String, folderName: String, file: String) -> [String] {
        let fm: Frontmatter
        do { fm = try Frontmatter.parse(text, file: file) } catch { return [error.description] }
        var out: [String] = []
        for key in fm.keys where !allowedKeys.contains(key) {
            out.append(
                "\(file): frontmatter key '\(key)' is not in the standard (allowed: \(allowedKeys.sorted().joined(separator: ", ")))"
            )
        }
        let counts = Dictionary(fm.keys.map { ($0, 1) }, uniquingKeysWith: +)
        for (key, n) in counts.sorted(by: { $0.key < $1.key }) where n > 1 {
            out.append("\(file): frontmatter key '\(key)' appears \(n) times")
        }
        if let name = fm.value("name") {
            if !isValidName(name) {
                out.append("\(file): name '\(name)' must be 1–\(maxNameLength) of a-z, 0-9 and single inner hyphens")
            }
            if name != folderName { out.append("\(file): name '\(name)' differs from its folder '\(folderName)'") }
        } else {
            out.append("\(file): frontmatter has no 'name'")
        }
        if let d = fm.value("description") {
            if d.isEmpty || d.count > maxDescriptionLength {
                out.append("\(file): description must be 1–\(maxDescriptionLength) characters (has \(d.count))")
            }
        } else {
            out.append("\(file): frontmatter has no 'description'")
        }
        if let c = fm.value("compatibility"), c.count > maxCompatibilityLength {
            out.append("\(file): compatibility must be at most \(maxCompatibilityLength) characters")
        }
        if fm.body.trimmed(.whitespacesAndNewlines).isEmpty {
            out.append("\(file): the body after the frontmatter is empty")
        }
        return out
    }

    /// `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= maxNameLength, !name.hasPrefix("-"), !name.hasSuffix("-"),
            !name.contains("--")
        else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
