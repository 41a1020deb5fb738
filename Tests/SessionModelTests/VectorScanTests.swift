import Testing

@testable import SessionModel

/// The vector byte scans (Sources/CByteScan, `ByteScan`): the bulk UTF-8 check accepts exactly what the standard
/// library accepts, the 16-byte string scan classifies exactly as byte-by-byte reading does, and the parser reads
/// the same values and fails with the same errors with and without the bulk check (issue #17).
@Suite struct VectorScanTests {
    static func expected(_ s: [UInt8]) -> Bool { String(validating: s, as: UTF8.self) != nil }

    /// Every vector check this CPU can run (AVX2, SSSE3), each agreeing with the default one: nil when there is none.
    static func vectorCheck(_ s: [UInt8]) -> Bool? {
        s.withUnsafeBufferPointer { b -> Bool? in
            guard let got = ByteScan.isValidUTF8(b) else { return nil }
            for level in 1...max(1, ByteScan.vectorLevel) {
                let other = ByteScan.isValidUTF8(b, level: level)
                if other != got {
                    Issue.record("level \(level) says \(String(describing: other)), default \(got): \(s)")
                }
            }
            return got
        }
    }

    #if arch(x86_64)
        /// On x86-64 the vector check is there (every x86-64 CPU since 2006 has SSSE3): the parser's fast path is taken.
        @Test func theVectorCheckIsThereOnX86() {
            #expect(ByteScan.vectorLevel >= 1)
            #expect(Self.vectorCheck(Array("é".utf8)) == true)
            #expect(Self.vectorCheck([0xFF]) == false)
        }
    #endif

    /// Every lead byte with every second byte and a choice of third and fourth bytes, at every offset of the 16-byte
    /// blocks (and across two of them), after ASCII and after well-formed multi-byte text.
    @Test func everySequenceAtEveryOffsetAgreesWithTheStandardLibrary() {
        let laters: [UInt8] = [0x41, 0x80, 0xBF, 0xC2]
        var checked = 0
        var refused = 0
        for lead in UInt8(0x80)...0xFF {
            for second in UInt8(0)...0xFF {
                for (k, third) in laters.enumerated() {
                    let fourth = laters[(Int(second) + k) % laters.count]
                    let offset = (Int(lead) + Int(second) + k) % 67
                    let before: [UInt8] =
                        k % 2 == 0
                        ? [UInt8](repeating: 0x61, count: offset) : Array(String(repeating: "é", count: offset).utf8)
                    for after in [0, 1, 3, 20] {
                        let s = before + [lead, second, third, fourth] + [UInt8](repeating: 0x62, count: after)
                        guard let got = Self.vectorCheck(s) else { return }  // no vector check on this CPU
                        let want = Self.expected(s)
                        if got != want { Issue.record("\(s)") }
                        checked += 1
                        if !want { refused += 1 }
                    }
                }
            }
        }
        #expect(checked > 500_000 && refused > 100_000)
    }

    /// Random texts biased to lead and continuation bytes, of every length up to 70 (the 16-byte tail at every size).
    @Test func randomTextsAgreeWithTheStandardLibrary() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
        ]
        let pieces: [[UInt8]] = ["é", "한", "😀", "\u{10FFFF}", "\u{D7FF}", "\u{E000}", "ab"].map { Array($0.utf8) }
        var valid = 0
        for round in 0..<40_000 {
            let n = round % 71
            var s: [UInt8] = []
            while s.count < n {
                switch UInt8.random(in: 0...9, using: &rng) {
                case 0: s.append(UInt8.random(in: 0...255, using: &rng))
                case 1: s.append(alphabet.randomElement(using: &rng)!)
                case 2...5: s += pieces.randomElement(using: &rng)!
                default: s.append(UInt8.random(in: 0x20...0x7E, using: &rng))
                }
            }
            guard let got = Self.vectorCheck(s) else { return }
            let want = Self.expected(s)
            #expect(got == want, "\(s)")
            #expect(s.withUnsafeBufferPointer { UTF8Check.isValid($0) } == want)
            if want { valid += 1 }
        }
        #expect(valid > 5000 && valid < 35_000)  // both answers were exercised
    }

    /// The 16-byte classification: bit i for `"`, backslash or a control byte, bit 16 + i for a byte ≥ 0x80.
    @Test func scan16ClassifiesEveryByte() {
        var block = [UInt8](repeating: 0x61, count: 16)
        for b in UInt8(0)...0xFF {
            for i in [0, 5, 15] {
                block[i] = b
                let m = block.withUnsafeBufferPointer { ByteScan.scan16($0.baseAddress!) }
                block[i] = 0x61
                let stop = b == 0x22 || b == 0x5C || b < 0x20
                #expect(m == (stop ? 1 << i : 0) | (b >= 0x80 ? 1 << (16 + i) : 0), "byte \(b) at \(i)")
            }
        }
    }

    /// `skipPlain` (16 bytes at a time where there is a vector scan) and `skipPlainWords` (eight at a time, the
    /// scan of other CPUs and of the rest) stop at the same byte and see the same high bytes.
    @Test func bothScansStopAtTheSameByte() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let n = round % 80
            var s = (0..<n).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }.filter { $0 != 0x22 && $0 != 0x5C }
            if round % 3 == 0, !s.isEmpty { s[Int.random(in: 0..<s.count, using: &rng)] = 0xC3 }
            if round % 4 != 0 { s.insert([0x22, 0x5C, 0x0A, 0x00].randomElement(using: &rng)!, at: s.count / 2) }
            s.withUnsafeBufferPointer { b in
                // Checking UTF-8 string by string (high bytes tracked), and not (untracked: a well-formed line).
                var vector = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: false)
                var untracked = JSONParser.ByteReader(bytes: b, strictUTF8: false)
                var words = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: false)
                var high1 = false
                var high2 = false
                var high3 = false
                vector.skipPlain(highBit: &high1)
                untracked.skipPlain(highBit: &high3)
                words.skipPlainWords(highBit: &high2)
                let stop = s.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } ?? s.count
                #expect(vector.index == stop && words.index == stop && untracked.index == stop, "\(s)")
                let high = s[..<stop].contains { $0 >= 0x80 }
                #expect(high1 == high && high2 == high, "\(s)")
            }
        }
    }

    // MARK: - The parser with and without the bulk check

    static let filters: [JSONParser.KeyFilter?] = [
        nil,
        JSONParser.KeyFilter(keys: ["type", "message", "content", "text"], shallow: ["content"], measureDeep: true),
        JSONParser.KeyFilter(keys: ["type", "message", "content", "text"], shallow: ["content"], captureDeep: true),
        JSONParser.KeyFilter(keys: ["type"]),
    ]

    /// A JSON string of random pieces: ASCII, escapes, multi-byte characters, and now and then a byte that is not
    /// UTF-8 or a raw control byte.
    static func randomString(_ rng: inout SystemRandomNumberGenerator, bad: Bool) -> [UInt8] {
        let pieces: [String] = [
            "a", "plain text ", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\ud83d"#, "é", "한국어",
            "😀", "\u{7F}",
        ]
        var s: [UInt8] = [0x22]
        for _ in 0..<Int.random(in: 0...12, using: &rng) { s += Array(pieces.randomElement(using: &rng)!.utf8) }
        if bad {
            let at = Int.random(in: 1...s.count, using: &rng)
            let junk: [[UInt8]] = [
                [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x01],
            ]
            // anywhere, inside an escape or a character too: both readings must agree whatever it breaks
            s.insert(contentsOf: junk.randomElement(using: &rng)!, at: at)
        }
        return s + [0x22]
    }

    @Test func theParserReadsAndFailsAlikeWithAndWithoutTheBulkCheck() {
        var rng = SystemRandomNumberGenerator()
        var failures = 0
        for round in 0..<6000 {
            let bad = round % 3 == 0
            func str() -> [UInt8] { Self.randomString(&rng, bad: bad && Bool.random(using: &rng)) }
            var line: [UInt8] =
                Array(#"{"type":"#.utf8) + str()
                + Array(#","message":{"content":[{"type":"tool_result","content":"#.utf8)
            line += str() + Array(#"},{"type":"text","text":"#.utf8) + str() + Array(#"}]},"other":["#.utf8)
            line += str() + Array(#"],"content":"#.utf8) + str() + Array("}".utf8)
            for filter in Self.filters {
                line.withUnsafeBufferPointer { b in
                    var bulk = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: true)
                    var each = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: false)
                    bulk.filter = filter
                    each.filter = filter
                    let r1 = bulk.parseDocument()
                    let r2 = each.parseDocument()
                    switch (r1, r2) {
                    case (.success(let v1), .success(let v2)):
                        #expect(v1 == v2)
                        #expect(bulk.captures.map(\.bytes) == each.captures.map(\.bytes))
                    case (.failure(let e1), .failure(let e2)):
                        #expect(e1 == e2)
                        failures += 1
                    default: Issue.record("one parse failed, the other did not: \(r1) / \(r2)")
                    }
                }
            }
        }
        #expect(failures > 1000)  // bad lines were met
    }

    /// Every prefix of lines whose measured and skipped strings hold every kind of escape: the short way for plain
    /// strings (`measurePlainString`) and the full reading agree on every length, value and error, wherever the
    /// input ends.
    @Test func cutLinesReadAlikeWithAndWithoutTheShortWay() {
        var rng = SystemRandomNumberGenerator()
        var cuts = 0
        for _ in 0..<150 {
            func str() -> [UInt8] { Self.randomString(&rng, bad: Int.random(in: 0..<8, using: &rng) == 0) }
            let line: [UInt8] =
                Array(#"{"message":{"content":[{"type":"tool_result","content":"#.utf8) + str()
                + Array(#"}]},"skip":"#.utf8) + str() + Array("}".utf8)
            for cut in 1...line.count {
                let prefix = Array(line[..<cut])
                for filter in Self.filters {
                    prefix.withUnsafeBufferPointer { b in
                        var short = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: true)
                        var full = JSONParser.ByteReader(bytes: b, strictUTF8: true, bulkUTF8: false)
                        short.filter = filter
                        full.filter = filter
                        switch (short.parseDocument(), full.parseDocument()) {
                        case (.success(let v1), .success(let v2)): #expect(v1 == v2)
                        case (.failure(let e1), .failure(let e2)): #expect(e1 == e2)
                        case (let r1, let r2): Issue.record("\(r1) / \(r2)")
                        }
                    }
                }
                cuts += 1
            }
        }
        #expect(cuts > 10_000)
    }

    /// `ByteScan.measureString` (64 bytes at a time) and its byte loop agree with a plain reading of the string,
    /// for texts whose escapes, quotes, control bytes and backslash runs fall at every offset of the blocks.
    @Test func measuringAStringAgreesWithAPlainReading() {
        func reference(_ s: [UInt8]) -> [Int]? {
            var i = 0
            var saved = 0
            let twoByte: Set<UInt8> = Set(Array(#""\/bfnrt"#.utf8))
            while i < s.count {
                let b = s[i]
                if b == 0x22 { return [i, i - saved] }
                if b == 0x5C {
                    guard i + 1 < s.count, twoByte.contains(s[i + 1]) else { return nil }
                    saved += 1
                    i += 2
                    continue
                }
                if b < 0x20 { return nil }
                i += 1
            }
            return nil
        }
        let pieces: [[UInt8]] = [
            #"\\"#, #"\""#, #"\n"#, #"\/"#, #"\t"#, #"\u00e9"#, #"\x"#, "\\", "\\\\\\", "é", "한", "\u{01}",
        ].map { Array($0.utf8) }
        var rng = SystemRandomNumberGenerator()
        var measured = 0
        for round in 0..<30_000 {
            var s: [UInt8] = []
            let size = round % 170
            while s.count < size {
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    s += pieces.randomElement(using: &rng)!
                } else {
                    s += [UInt8](repeating: 0x61, count: Int.random(in: 1...40, using: &rng))
                }
            }
            if round % 5 != 0 { s += [0x22] + [UInt8](repeating: 0x62, count: round % 70) }
            let want = reference(s)
            let got = s.withUnsafeBufferPointer { ByteScan.measureString($0) }
            let bytewise = s.withUnsafeBufferPointer { ByteScan.measureString($0, bytewise: true) }
            #expect(got.map { [$0.end, $0.length] } == want, "\(s)")
            #expect(bytewise.map { [$0.end, $0.length] } == want, "\(s)")
            if want != nil { measured += 1 }
        }
        #expect(measured > 3000 && measured < 27_000)  // both answers were exercised
    }

    /// `ByteScan.decodeString` (16 bytes at a time) and its byte loop agree with a plain decoding, and with the
    /// parser's full decoding, for texts whose escapes, quotes, control bytes and high bytes fall at every offset.
    @Test func decodingAStringAgreesWithAPlainDecoding() throws {
        func reference(_ s: [UInt8]) -> (end: Int, bytes: [UInt8])? {
            let decoded: [UInt8: UInt8] = [
                0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09,
            ]
            var out: [UInt8] = []
            var i = 0
            while i < s.count {
                let b = s[i]
                if b == 0x22 { return (i, out) }
                if b == 0x5C {
                    guard i + 1 < s.count, let d = decoded[s[i + 1]] else { return nil }
                    out.append(d)
                    i += 2
                    continue
                }
                if b < 0x20 { return nil }
                out.append(b)
                i += 1
            }
            return nil
        }
        let pieces: [[UInt8]] = [
            #"\\"#, #"\""#, #"\n"#, #"\/"#, #"\t"#, #"\b"#, #"\f"#, #"\r"#, #"\u00e9"#, #"\x"#, "\\", "é", "한",
            "\u{01}",
        ].map { Array($0.utf8) }
        var rng = SystemRandomNumberGenerator()
        var decoded = 0
        for round in 0..<30_000 {
            var s: [UInt8] = []
            let size = round % 90
            while s.count < size {
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    s += pieces.randomElement(using: &rng)!
                } else {
                    s += [UInt8](repeating: 0x61, count: Int.random(in: 1...20, using: &rng))
                }
            }
            if round % 5 != 0 { s += [0x22] + [UInt8](repeating: 0x62, count: round % 40) }
            let want = reference(s)
            for bytewise in [false, true] {
                var out = [UInt8](repeating: 0, count: s.count)
                let got = s.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer {
                        ByteScan.decodeString(b, into: $0.baseAddress!, bytewise: bytewise)
                    }
                }
                #expect(got?.end == want?.end, "\(s)")
                guard let got, let want else { continue }
                #expect(Array(out[..<got.count]) == want.bytes, "\(s)")
                #expect(got.high == want.bytes.contains { $0 >= 0x80 })
                // and it is what the parser reads
                let value = try JSONParser.parse([0x22] + Array(s[...got.end]), strictUTF8: false)
                #expect(value == .string(String(decoding: want.bytes, as: UTF8.self)))
                decoded += 1
            }
        }
        #expect(decoded > 10_000 && decoded < 55_000)  // both answers were exercised
    }
}
