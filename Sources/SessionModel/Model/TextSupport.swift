/// The few string operations the library needs that full Foundation offered (trimming by character class, accent
/// folding, percent decoding), written on the standard library so the library links FoundationEssentials only (no
/// ICU: process start stays close to the machine's floor, issue #17).
enum TrimSet: Sendable {
    /// Spaces and tabs (Unicode `Zs`, U+0009 and U+200B), as `CharacterSet.whitespaces`.
    case whitespaces
    /// Line breaks (U+000A–U+000D, U+0085, U+2028, U+2029), as `CharacterSet.newlines`.
    case newlines
    /// Both, as `CharacterSet.whitespacesAndNewlines`.
    case whitespacesAndNewlines

    func contains(_ s: Unicode.Scalar) -> Bool {
        let isNewline: Bool
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: isNewline = true
        default: isNewline = false
        }
        let isSpace = s.value == 0x09 || s.value == 0x200B || s.properties.generalCategory == .spaceSeparator
        switch self {
        case .whitespaces: return isSpace
        case .newlines: return isNewline
        case .whitespacesAndNewlines: return isSpace || isNewline
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing scalars of `set`.
    func trimmed(_ set: TrimSet) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, set.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard set.contains(scalars[before]) else { break }
            end = before
        }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// The first occurrence of `needle`, compared as UTF-8 bytes (Foundation's literal `range(of:)`; no grapheme
    /// rules, so `"\n"` is found inside `"\r\n"`).
    func firstRange(ofText needle: some StringProtocol) -> Range<String.Index>? {
        utf8.firstRange(of: needle.utf8)
    }

    /// The last occurrence of `needle`, compared as UTF-8 bytes (Foundation's `range(of:options: .backwards)`).
    func lastRange(ofText needle: some StringProtocol) -> Range<String.Index>? {
        utf8.ranges(of: needle.utf8).last
    }

    /// Every occurrence of `target` replaced, compared as UTF-8 bytes (Foundation's `replacingOccurrences(of:with:)`).
    func replacingText(_ target: some StringProtocol, with replacement: some StringProtocol) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return String(self) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var rest = utf8[...]
        while let r = rest.firstRange(of: needle) {
            out.append(contentsOf: rest[..<r.lowerBound])
            out.append(contentsOf: replacement.utf8)
            rest = rest[r.upperBound...]
        }
        out.append(contentsOf: rest)
        return String(decoding: out, as: UTF8.self)
    }

    /// `%XX` sequences decoded; nil when one is malformed or the result is not UTF-8 (as Foundation's
    /// `removingPercentEncoding`).
    var percentDecoded: String? {
        var out: [UInt8] = []
        var bytes = utf8.makeIterator()
        while let b = bytes.next() {
            guard b == 0x25 else {
                out.append(b)
                continue
            }
            guard let h = bytes.next().flatMap(hexDigitValue), let l = bytes.next().flatMap(hexDigitValue) else {
                return nil
            }
            out.append(h << 4 | l)
        }
        return String(validating: out, as: UTF8.self)
    }
}

/// The value of one ASCII hex digit (either case), or nil.
func hexDigitValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b - 0x30
    case 0x41...0x46: return b - 0x41 + 10
    case 0x61...0x66: return b - 0x61 + 10
    default: return nil
    }
}

extension Unicode.Scalar {
    /// A letter, mark or number (`CharacterSet.alphanumerics`).
    var isAlphanumeric: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

/// Accent and width folding to ASCII where the character is a Latin letter with diacritics (`é` → `e`), a combining
/// mark (dropped) or a full-width ASCII form (`Ａ` → `A`); other scalars unchanged. Matches Foundation's
/// `folding(options: [.diacriticInsensitive, .widthInsensitive])` for everything that folds to ASCII.
enum LatinFolding {
    /// Base letters of U+00C0…U+024F and U+1E00…U+1EFF (canonical decomposition's first scalar); space: none.
    private static let latin: [UInt8] = Array(
        ("AAAAAA CEEEEIIII NOOOOO  UUUUY  aaaaaa ceeeeiiii nooooo  uuuuy y"
            + "AaAaAaCcCcCcCcDd  EeEeEeEeEeGgGgGgGgHh  IiIiIiIiI   JjKk LlLlLl "
            + "   NnNnNn   OoOoOo  RrRrRrSsSsSsSsTtTt  UuUuUuUuUuUuWwYyYZzZzZz "
            + "                                Oo             Uu               "
            + "             AaIiOoUuUuUuUuUu AaAa    GgKkOoOo  j   Gg  NnAa    "
            + "AaAaEeEeIiIiOoOoRrRrUuUuSsTt  Hh      AaEeOoOoOoOoYy            "
            + "                ").utf8)
    private static let latinAdditional: [UInt8] = Array(
        ("AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"
            + "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"
            + "WwWwWwWwWwXxXxYyZzZzZzhtwy      AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
            + "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy      ").utf8)

    static func fold(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0xC0 {
                out.append(s)
            } else if v >= 0x300 && v <= 0x36F {
                continue
            } else if let base = table(v), base != 0x20 {
                out.append(Unicode.Scalar(base))
            } else if v >= 0xFF01 && v <= 0xFF5E, let ascii = Unicode.Scalar(v - 0xFEE0) {
                out.append(ascii)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    private static func table(_ v: UInt32) -> UInt8? {
        if v >= 0xC0 && v < 0xC0 + UInt32(latin.count) { return latin[Int(v - 0xC0)] }
        if v >= 0x1E00 && v < 0x1E00 + UInt32(latinAdditional.count) { return latinAdditional[Int(v - 0x1E00)] }
        return nil
    }
}
