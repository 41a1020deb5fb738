import Foundation
import Testing

@testable import SessionModel

/// The standard-library replacements of the full-Foundation string APIs the library dropped (issue #17) give what
/// Foundation gives; Foundation (imported by the tests only) is the oracle.
@Suite struct TextSupportTests {
    static let samples = [
        "", " ", "\t a b \t", "\n\r\n x \u{2028}", " \u{00A0}\u{3000}wide\u{3000} ", "\r\nline\r\n", "é ", " 😀",
        "\u{85}next\u{85}", "a\u{200B}", "   ",
    ]

    @Test func trimmingMatchesFoundation() {
        for s in Self.samples {
            #expect(s.trimmed(.whitespaces) == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(s.trimmed(.newlines) == s.trimmingCharacters(in: .newlines), "\(s.debugDescription)")
            #expect(
                s.trimmed(.whitespacesAndNewlines) == s.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(s.debugDescription)")
            #expect(s.dropFirst(0).trimmed(.whitespaces) == s.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func replacingAndSearchingAreByteWiseAsFoundation() {
        let cases: [(String, String, String)] = [
            ("a'b'c", "'", "'\\''"), ("line\r\nnext", "\n", " "), ("e\u{301}'", "'", "x"), ("aaa", "aa", "b"),
            ("", "x", "y"), ("x", "x", ""), ("$ARGUMENTS and $ARGUMENTS", "$ARGUMENTS", "{{args}}"),
        ]
        for (s, target, replacement) in cases {
            #expect(s.replacingText(target, with: replacement) == s.replacingOccurrences(of: target, with: replacement))
        }
        let text = "head\r\n## Since then\nrest"
        let ours = text.firstRange(ofText: "\n## Since then\n")
        let foundation = text.range(of: "\n## Since then\n")
        #expect(ours != nil && ours?.lowerBound.utf16Offset(in: text) == foundation?.lowerBound.utf16Offset(in: text))
        #expect("abc".firstRange(ofText: "d") == nil)
    }

    @Test func percentDecodingMatchesFoundation() {
        for s in ["/a%20b/c", "%E2%82%AC", "plain", "%zz", "%4", "%FF", "a%2Fb"] {
            #expect(s.percentDecoded == s.removingPercentEncoding, "\(s)")
        }
    }

    @Test func alphanumericsMatchFoundation() {
        for v in Array(0x20...0x2FF) + [0x3000, 0x4E2D, 0x0660, 0x1F600, 0x2160, 0x00B2] {
            let s = Unicode.Scalar(UInt32(v))!
            #expect(s.isAlphanumeric == CharacterSet.alphanumerics.contains(s), "U+\(String(v, radix: 16))")
        }
    }

    /// Every Latin letter that Foundation folds to an ASCII letter folds to the same letter here.
    @Test func latinFoldingMatchesFoundationForASCIIResults() {
        var checked = 0
        for v in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) + Array(0xFF01...0xFF5E) {
            let s = String(Unicode.Scalar(UInt32(v))!)
            let folded = s.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            guard folded.unicodeScalars.count == 1, folded.unicodeScalars.first!.isASCII else { continue }
            #expect(LatinFolding.fold(s) == folded, "U+\(String(v, radix: 16))")
            checked += 1
        }
        #expect(checked > 300)
        #expect(LatinFolding.fold("Cafe\u{301} Ｆｕｌｌ 日本") == "Cafe Full 日本")
    }

    @Test func zeroPaddedDigits() {
        #expect(Timestamps.digits(7, 2) == "07")
        #expect(Timestamps.digits(2026, 4) == "2026")
        #expect(Timestamps.digits(12345, 2) == "12345")
        #expect(Timestamps.digits(5, 3) == "005")
        #expect(Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: 1.5)) == "1970-01-01T00:00:01.500Z")
    }
}
