#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `YYYY-MM-DD-HH-MM-<title>.<ext>`: safe as one file name whatever the title holds.
public enum ExportNaming {
    public static let maxTitle = 50
    /// Bytes of the title part at most (a file name is at most 255 bytes; non-ASCII letters take 2 to 4).
    public static let maxTitleBytes = 150

    /// The title as it may appear in a file name: redacted, `[REDACTED:…]` markers and token-looking words (long
    /// runs mixing letters and digits, like a key the rules do not know) removed.
    public static func safeTitle(_ title: String?) -> String? {
        guard let title else { return nil }
        var ignored = RedactionCounts()
        let redacted = Redactor().redact(String(title.prefix(4096)), counts: &ignored)
        let words = redacted.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).filter { word in
            !word.contains("[REDACTED") && !looksLikeToken(word)
        }
        return words.joined(separator: " ")
    }

    /// A word of 16 or more letters, digits and `_-./+=~` where letters and digits alternate often (4 or more
    /// changes between neighbours, as in random text; `2026-11-21-release` has none): a credential's shape.
    static func looksLikeToken(_ word: Substring) -> Bool {
        let bytes = Array(word.utf8)
        guard bytes.count >= 16 else { return false }
        var changes = 0
        var previous: Bool? = nil  // true: digit, false: letter, nil: other
        for b in bytes {
            let isLetter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            let isDigit = b >= 0x30 && b <= 0x39
            guard isLetter || isDigit || [0x5F, 0x2D, 0x2E, 0x2F, 0x2B, 0x3D, 0x7E].contains(b) else { return false }
            let kind: Bool? = isDigit ? true : (isLetter ? false : nil)
            if let kind, let previous, kind != previous { changes += 1 }
            previous = kind
        }
        return changes >= 4
    }

    /// The title cleaned to lowercase letters (any script), digits and single hyphens, at most 50 characters and
    /// 150 bytes; `session` when nothing is left. Latin accents are folded (`café` → `cafe`), other scripts kept
    /// (`日本語のタイトル` stays readable); anything else becomes a hyphen.
    public static func slug(_ title: String?) -> String {
        var out = ""
        var count = 0
        var pendingHyphen = false
        // Latin accents and fullwidth forms folded first (`café` → `cafe`); other scripts are kept as they are.
        for c in LatinFolding.fold((title ?? "").prefix(4096)) {
            var piece: String
            if let a = c.asciiValue {
                guard (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || (a >= 0x30 && a <= 0x39) else {
                    pendingHyphen = !out.isEmpty
                    continue
                }
                piece = String(c).lowercased()
            } else if c.isLetter || c.isNumber,
                !c.unicodeScalars.contains(where: { $0.properties.isDefaultIgnorableCodePoint })
            {
                piece = String(c).lowercased()
            } else {
                pendingHyphen = !out.isEmpty
                continue
            }
            let extra = (pendingHyphen ? 1 : 0) + piece.count
            if count + extra > maxTitle || out.utf8.count + piece.utf8.count + 1 > maxTitleBytes { break }
            if pendingHyphen {
                out += "-"
                pendingHyphen = false
            }
            out += piece
            count += extra
        }
        return out.isEmpty ? "session" : out
    }

    /// `YYYY-MM-DD-HH-MM` in UTC of `timestamp` (as the agent wrote it), else of `fallback`.
    public static func datePrefix(_ timestamp: String?, fallback: Date) -> String {
        let date = timestamp.flatMap(Timestamps.parse) ?? fallback
        let t = CivilTime(date)
        let fields = [t.month, t.day, t.hour, t.minute].map { Timestamps.digits($0, 2) }
        return ([Timestamps.digits(t.year, 4)] + fields).joined(separator: "-")
    }

    /// The file name; `attempt` 2, 3, … adds `-2`, `-3` before the extension.
    public static func fileName(
        startedAt: String?, title: String?, ext: String, fallbackDate: Date,
        attempt: Int = 1
    ) -> String {
        let base = datePrefix(startedAt, fallback: fallbackDate) + "-" + slug(title)
        let suffix = attempt > 1 ? "-\(attempt)" : ""
        return base + suffix + "." + ext
    }
}
