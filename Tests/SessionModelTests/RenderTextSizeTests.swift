import Foundation
import Testing

@testable import SessionModel

/// `RenderText.size` computes in integers what `String(format: "%.1f"/"%.0f")` printed: the same text for every size,
/// including the exact halves where printf rounds to even.
@Suite struct RenderTextSizeTests {
    static func printf(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }

    @Test func matchesPrintfOnBoundariesAndHalves() {
        var sizes: [Int] = Array(0...3000)
        for scale in [1 << 10, 1 << 20, 1 << 30] {
            for v in [1, 2, 9, 10, 11, 99, 100, 1023, 1024, 1025, 5000] {
                for delta in [-1, 0, 1, scale / 20, -scale / 20, scale / 2, -scale / 2, scale / 20 + 1] {
                    sizes.append(max(0, v * scale + delta))
                }
            }
            // Exact halves of a tenth (below 10) and of a unit (from 10 up).
            for tenths in [5, 15, 25, 95, 99] { sizes.append(tenths * scale / 10 + scale / 20) }
            for whole in [10, 11, 12, 500, 1023] { sizes.append(whole * scale + scale / 2) }
        }
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15  // a fixed pseudo-random spread up to 4 TB
        for _ in 0..<2000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            sizes.append(Int(x >> 22))
        }
        for bytes in sizes { #expect(RenderText.size(bytes) == Self.printf(bytes), "\(bytes)") }
    }
}

/// `RenderText.oneLine`'s byte path for ASCII text gives what the character path gives.
@Suite struct RenderTextOneLineTests {
    static func characters(_ text: String, limit: Int) -> String {
        var out = ""
        var space = false
        var count = 0
        for ch in text {
            if ch.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(" ")
                count += 1
                space = false
            }
            if count >= limit {
                out.append("…")
                return out
            }
            out.append(ch)
            count += 1
        }
        return out
    }

    @Test func asciiBytesFoldAsCharactersDo() {
        var texts: [String] = []
        for a in 0..<128 {
            for b in [0x20, 0x41, 0x09, 0x0A, 0x0D, 0x1C, 0x1F, 0x0B, 0x0C, 0x00, 0x7F] {
                let s = String(decoding: [0x61, UInt8(a), UInt8(b), 0x62, UInt8(a), 0x0D, 0x0A, 0x63], as: UTF8.self)
                texts += [s, String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self)]
            }
        }
        texts += [
            "", "   ", "\r\n x \r\n", "a\u{85}b", "é  à\n\nb", "cat f1 && ls -la  | head",
            String(repeating: "ab ", count: 60),
        ]
        for text in texts {
            for limit in [0, 1, 2, 3, 5, 80] {
                #expect(
                    RenderText.oneLine(text, limit: limit) == Self.characters(text, limit: limit),
                    "\(text.debugDescription) \(limit)")
            }
        }
    }
}
