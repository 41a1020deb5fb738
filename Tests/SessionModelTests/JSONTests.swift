import Foundation
import Testing

@testable import SessionModel

@Suite struct JSONTests {
    @Test func roundTripsWithSortedKeysAndTrailingNewline() throws {
        let value = try JSONParser.parse(#"{"b":[1,2.50,-3e2],"a":{"z":null,"y":true},"c":"x/y é \"q\" \n\u0001"}"#)
        let text = JSONWriter.prettyString(value)
        #expect(
            text == """
                {
                  "a": {
                    "y": true,
                    "z": null
                  },
                  "b": [
                    1,
                    2.50,
                    -3e2
                  ],
                  "c": "x/y é \\"q\\" \\n\\u0001"
                }

                """)
        #expect(try JSONParser.parse(text) == value)
        #expect(
            JSONWriter.compactString(value)
                == #"{"a":{"y":true,"z":null},"b":[1,2.50,-3e2],"c":"x/y é \"q\" \n\u0001"}"#)
    }

    @Test func decodesEscapesAndSurrogates() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \u00e9 \/ \t""#) == .string("😀 é / \t"))
        #expect(try JSONParser.parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(JSONWriter.compactString(.object([:])) == "{}")
        #expect(JSONWriter.compactString(.array([])) == "[]")
    }

    static let malformed: [(String, String, Int, Int)] = [
        ("{\"a\":1,}", "expected a quoted key, found '}'", 1, 8),
        ("{\n  \"a\": tru\n}", "invalid literal (expected 'true')", 2, 8),
        ("[1 2]", "expected ',' or ']' in an array, found '2'", 1, 4),
        ("\"abc", "unterminated string", 1, 1),
        ("{\"a\":1} x", "unexpected text after the JSON value", 1, 9),
        ("01", "unexpected text after the JSON value", 1, 2),
        ("\"a\u{01}\"", "control character in a string (must be escaped)", 1, 3),
        ("", "unexpected end of input", 1, 1),
        ("<<<<<<< HEAD\n{}", "git conflict marker '<<<<<<<'", 1, 1),
    ]

    @Test(arguments: malformed)
    func reportsLineAndColumn(_ text: String, _ reason: String, _ line: Int, _ column: Int) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.reason == reason)
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func numbersKeepTheirText() throws {
        let v = try JSONParser.parse("[1.0, 1e3, 1700000000123]")
        #expect(JSONWriter.compactString(v) == "[1.0,1e3,1700000000123]")
        #expect(v.arrayValue?[2].intValue == 1_700_000_000_123)
    }
}

@Suite struct TimestampTests {
    @Test func parsesTheShapesAgentsWrite() throws {
        let expected = 1_767_225_600.0  // 2026-01-01T00:00:00Z
        #expect(Timestamps.parse("2026-01-01T00:00:00Z")?.timeIntervalSince1970 == expected)
        #expect(Timestamps.parse("2026-01-01T00:00:00.250Z")?.timeIntervalSince1970 == expected + 0.25)
        #expect(Timestamps.parse("2026-01-01T01:30:00+01:30")?.timeIntervalSince1970 == expected)
        #expect(Timestamps.parse("2026-01-01 00:00:00")?.timeIntervalSince1970 == expected)
        #expect(Timestamps.parse("2026-01-01T00:00")?.timeIntervalSince1970 == expected)
        #expect(Timestamps.parse("yesterday") == nil)
        #expect(Timestamps.parse("2026-13-01T00:00:00Z") == nil)
        #expect(Timestamps.iso8601(Date(timeIntervalSince1970: expected + 59.9)) == "2026-01-01T00:00:59Z")
        #expect(
            Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: expected + 1.5)) == "2026-01-01T00:00:01.500Z")
    }
}
