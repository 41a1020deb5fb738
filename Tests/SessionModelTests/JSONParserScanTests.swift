import Testing

@testable import SessionModel

/// The parser's word-at-a-time string scan and its object building: every position of a special byte relative to
/// the 8-byte words, against the value (or error) the byte-by-byte reading gives.
@Suite struct JSONParserScanTests {
    /// Pieces as written in JSON and as decoded.
    static let pieces: [(json: String, decoded: String)] = [
        (#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), (#"\/"#, "/"), (#"\t"#, "\t"), (#"\u00e9"#, "é"),
        (#"\ud83d\ude00"#, "😀"), (#"\ud83d"#, "\u{FFFD}"), (#"\ude00"#, "\u{FFFD}"), ("é", "é"), ("😀", "😀"),
        ("\u{7F}", "\u{7F}"), ("'", "'"), ("~", "~"),
    ]

    @Test func everyPieceAtEveryPositionDecodesAsWritten() throws {
        for piece in Self.pieces {
            for before in 0...35 {
                for after in [0, 1, 7, 8, 9, 17] {
                    let a = String(repeating: "a", count: before)
                    let b = String(repeating: "b", count: after)
                    let json = "\"" + a + piece.json + b + piece.json + "\""
                    let expected = a + piece.decoded + b + piece.decoded
                    #expect(try JSONParser.parse(json) == .string(expected), "\(json)")
                    // The same string as an object member and an array element, after other values.
                    let wrapped = "{\"k\":[1,\"x\",\(json)],\"z\":\(json)}"
                    #expect(
                        try JSONParser.parse(wrapped)
                            == .object(["k": [1, "x", .string(expected)], "z": .string(expected)]))
                }
            }
        }
    }

    @Test func controlBytesAreRefusedWhereTheyAre() {
        for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
            for before in 0...35 {
                for escapeFirst in [false, true] {
                    var bytes: [UInt8] = [0x22]
                    if escapeFirst { bytes += Array(#"\n"#.utf8) }
                    bytes += [UInt8](repeating: 0x61, count: before)
                    let offset = bytes.count
                    bytes += [control, 0x62, 0x22]
                    #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
                    do {
                        _ = try JSONParser.parse(bytes)
                    } catch {
                        #expect(error.reason == "control character in a string (must be escaped)")
                        #expect(error.offset == offset, "before \(before), escape first \(escapeFirst)")
                    }
                }
            }
        }
    }

    @Test func unterminatedAndInvalidStringsFailAsBefore() {
        for before in 0...35 {
            let a = String(repeating: "a", count: before)
            for (json, reason, column) in [
                ("\"" + a, "unterminated string", 1),
                ("\"" + a + #"\n"# + a, "unterminated string", 1),
                ("\"" + a + "\\", "unterminated string", 1),
                ("\"" + a + #"\x""#, "invalid escape '\\x'", before + 2),
                ("\"" + a + #"\u12G4""#, "invalid hex digit in \\u escape", before + 6),
            ] {
                do {
                    _ = try JSONParser.parse(json)
                    Issue.record("parsed: \(json)")
                } catch {
                    #expect(error.reason == reason, "\(json)")
                    #expect(error.column == column, "\(json)")
                }
            }
        }
    }

    @Test func invalidUTF8IsRefusedOrRepairedAtAnyPosition() {
        for before in 0...35 {
            for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] {
                for escape in [false, true] {
                    var bytes: [UInt8] = [0x22] + [UInt8](repeating: 0x61, count: before)
                    if escape { bytes += Array(#"\t"#.utf8) }
                    bytes += bad + [0x62, 0x22]
                    #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
                    let repaired = try? JSONParser.parse(bytes, strictUTF8: false)
                    let expected = String(repeating: "a", count: before) + (escape ? "\t" : "")
                    #expect(repaired?.stringValue?.hasPrefix(expected) == true)
                    #expect(repaired?.stringValue?.hasSuffix("\u{FFFD}b") == true)
                }
            }
        }
    }

    @Test func objectsKeepTheLastOfARepeatedKeyAndNestCorrectly() throws {
        #expect(try JSONParser.parse(#"{"a":1,"a":2}"#) == ["a": 2])
        #expect(
            try JSONParser.parse(#"{"a":{"a":{"b":1,"b":3},"c":{}},"a2":[{"x":1},{},{"y":{"z":[]}}],"d":1}"#)
                == ["a": ["a": ["b": 3], "c": [:]], "a2": [["x": 1], [:], ["y": ["z": []]]], "d": 1])
        var wide = "{"
        var expected: [String: JSONValue] = [:]
        for i in 0..<100 {
            wide += (i == 0 ? "" : ",") + "\"k\(i)\":{\"v\":\(i)}"
            expected["k\(i)"] = ["v": .int(i)]
        }
        #expect(try JSONParser.parse(wide + "}") == .object(expected))
        // A failure inside a nested object leaves no trace in the next parse.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":{"b":1,"c":}}"#) }
        #expect(try JSONParser.parse(#"{"a":{"b":1}}"#) == ["a": ["b": 1]])
    }

    /// An error that names a key names it escaped: one line, whatever the key holds (found by `make fuzz`).
    @Test func errorsNameKeysOnOneLine() {
        for (json, reason) in [
            (#"{"a\nb" 1}"#, #"expected ':' after key "a\nb""#),
            (#"{"q\"\u0001" 1}"#, #"expected ':' after key "q\"\u0001""#),
            (#"{"a\nb":1,"a\nb":2}"#, #"duplicate key "a\nb""#),
        ] {
            let result = Array(json.utf8).withUnsafeBufferPointer {
                JSONParser.parse($0, filter: nil, rejectDuplicateKeys: true)
            }
            guard case .failure(let error) = result else {
                Issue.record("parsed: \(json)")
                continue
            }
            #expect(error.reason == reason)
            #expect(!error.description.contains("\n"))
        }
    }
}
