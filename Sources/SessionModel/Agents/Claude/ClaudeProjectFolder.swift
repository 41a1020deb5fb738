/// Claude Code's project-folder name `<enc>` under `<root>/projects/` (agent-stores.md §1.2).
public enum ClaudeProjectFolder {
    /// The longest name before the hash suffix is added.
    public static let maxLength = 200

    /// Encodes a physical path: every UTF-16 code unit outside `[A-Za-z0-9]` becomes `-` (runs are kept); longer
    /// than 200 units → the first 200 + `-` + base36 of `abs(String.hashCode)` of the original path.
    public static func encode(_ path: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf16.count)
        for unit in path.utf16 {
            let isAlnum =
                (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5A) || (unit >= 0x61 && unit <= 0x7A)
            out.append(isAlnum ? UInt8(unit) : UInt8(ascii: "-"))
        }
        if out.count <= maxLength { return String(decoding: out, as: UTF8.self) }
        let head = String(decoding: out[0..<maxLength], as: UTF8.self)
        return head + "-" + String(Int64(javaHashCode(path)).magnitude, radix: 36)
    }

    /// Java's `String.hashCode` over UTF-16 units (`h = 31*h + unit`, wrapping signed 32-bit).
    public static func javaHashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }

    /// The folder name Claude uses for `projectPath` with this environment: `CLAUDE_CODE_PROJECT_DIR_NAME` when
    /// `CLAUDE_CONFIG_DIR` is set and the value matches `^[A-Za-z0-9_-]{1,64}$`, else the encoding.
    public static func name(for projectPath: String, environment: [String: String]) -> String {
        if let dir = environment["CLAUDE_CONFIG_DIR"], !dir.isEmpty,
            let override = environment["CLAUDE_CODE_PROJECT_DIR_NAME"], isValidOverride(override)
        {
            return override
        }
        return encode(projectPath)
    }

    static func isValidOverride(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard (1...64).contains(b.count) else { return false }
        return b.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
    }
}
