import Foundation
import Testing

@testable import SessionModel

/// The word-at-a-time HTML escaping and the one-lookup redaction scan, checked at every offset against the
/// 8-byte words and at the ends of the input.
@Suite struct ByteScanTests {
    /// The escaping as it was written per Unicode scalar.
    static func referenceHTML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test func htmlEscapingAtEveryOffset() throws {
        for special in ["&", "<", ">", "\"", "'", "\u{0}", "é", "😀", "&<", "\u{0}\u{0}", "%", "="] {
            for before in 0...19 {
                for after in [0, 1, 6, 7, 8, 9, 16] {
                    let text =
                        String(repeating: "a", count: before) + special + String(repeating: "b", count: after)
                        + special
                    let out = OutputBuffer()
                    try out.writeHTML(text)
                    #expect(out.text == Self.referenceHTML(text), "\(text.debugDescription)")
                    #expect(out.written == Int64(out.bytes.count))
                    #expect(RenderText.html(text) == Self.referenceHTML(text))
                }
            }
        }
        #expect(RenderText.html("") == "")
        #expect(RenderText.html("plain text, nothing to escape") == "plain text, nothing to escape")
    }

    @Test func redactionFindsSecretsAtEveryOffsetAndAtTheEnd() {
        let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
        let r = Redactor()
        for before in 0...17 {
            let pad = String(repeating: "x ", count: before / 2) + (before % 2 == 1 ? " " : "")
            for after in ["", " ", " tail text", "\n"] {
                var counts = RedactionCounts()
                let out = r.redact(pad + token + after, counts: &counts)
                #expect(out == pad + "[REDACTED:github]" + after, "\(before) \(after.debugDescription)")
                #expect(counts.byKind == ["github": 1])
            }
            // Assignments whose operator is the last byte, or the byte before last: nothing to redact, no crash.
            for tail in ["=", ":", "a", "PASSWORD=", "PASSWORD=x"] {
                var counts = RedactionCounts()
                let text = pad + tail
                #expect(r.redact(text, counts: &counts) == text)
                #expect(counts.total == 0)
            }
            var counts = RedactionCounts()
            let assignment = pad + "API_TOKEN=abc123def456ghi789"
            #expect(r.redact(assignment, counts: &counts) != assignment, "\(before)")
            #expect(counts.total == 1)
        }
    }

    /// The JSON string writer as it was written, byte by byte.
    static func referenceJSONString(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        return out + [0x22]
    }

    @Test func jsonStringsEscapedAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "é", "😀", "/", "\u{7F}"] {
            for before in 0...19 {
                for after in [0, 1, 7, 8, 9, 16] {
                    let text =
                        String(repeating: "a", count: before) + special + String(repeating: "b", count: after)
                        + special
                    var out: [UInt8] = []
                    JSONWriter.writeString(text, into: &out)
                    #expect(out == Self.referenceJSONString(text), "\(text.debugDescription)")
                    #expect(try JSONParser.parse(out) == .string(text))
                }
            }
        }
        // Objects: keys in UTF-8 byte order, whatever the dictionary order.
        let object: JSONValue = ["b": 1, "a": ["é": 1, "e": 2, "Z": 3], "aa": [], "": "x"]
        #expect(JSONWriter.compactString(object) == #"{"":"x","a":{"Z":3,"e":2,"é":1},"aa":[],"b":1}"#)
    }
}
