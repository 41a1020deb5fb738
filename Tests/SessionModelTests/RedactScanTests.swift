import Testing

@testable import SessionModel

/// The redaction scans' vector pre-filter (`StartFilter`, Sources/CByteScan/RedactScan.c): every instruction level
/// this CPU has flags exactly the positions the scalar definition flags, at every offset of the 16- and 32-byte
/// blocks and at the end of the bytes; and the scans that use it stop exactly where the scalar scans stop.
@Suite struct RedactScanTests {
    static let filters: [(String, StartFilter)] = [
        ("CandidateScan", CandidateScan.filter), ("OutputGuard", OutputGuard.filter),
    ]

    /// Bytes around the patterns' own (each pattern byte and bytes sharing one of its nibbles), and any byte.
    static func adversarial(_ rng: inout SeededRandom, length: Int) -> [UInt8] {
        let pieces: [[UInt8]] =
            CandidateScan.starts.map(\.bytes) + OutputGuard.shapes.map(\.prefix)
            + [Array("://".utf8), Array("-----BEGIN ".utf8), Array("=:Q~-u-p".utf8)]
        var out: [UInt8] = []
        while out.count < length {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: out += pieces.randomElement(using: &rng)!
            case 1:
                // A piece with one byte's nibble changed: the near misses a nibble table can confuse.
                var p = pieces.randomElement(using: &rng)!
                let k = Int.random(in: 0..<p.count, using: &rng)
                let nibble = UInt8.random(in: 0..<16, using: &rng)
                p[k] = Bool.random(using: &rng) ? (p[k] & 0xF0) | nibble : (p[k] & 0x0F) | nibble << 4
                out += p
            case 2: out.append(UInt8.random(in: 0...255, using: &rng))
            default: out += Array("path line pass ".utf8)
            }
        }
        return Array(out.prefix(length))
    }

    static func expected(_ f: StartFilter, _ p: UnsafeBufferPointer<UInt8>, _ j: Int) -> UInt64 {
        var m: UInt64 = 0
        for k in 0..<64 where j + k < p.count && f.flags(p, j + k) { m |= 1 << UInt64(k) }
        return m
    }

    /// Every level (portable C, SSSE3, AVX2 as this CPU has them) against `flags`, from every start offset of
    /// buffers of every length up to 100 and some longer ones, random and adversarial.
    @Test func everyLevelFlagsWhatTheDefinitionFlags() {
        var rng = SeededRandom(seed: 41)
        var checked = 0
        var flagged = 0
        for (name, f) in Self.filters {
            var buffers: [[UInt8]] = (0...100).map { Self.adversarial(&rng, length: $0) }
            buffers += (0..<20).map { _ in
                (0..<Int.random(in: 100...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            buffers += (0..<20).map { _ in Self.adversarial(&rng, length: Int.random(in: 100...300, using: &rng)) }
            for bytes in buffers {
                bytes.withUnsafeBufferPointer { p in
                    f.tables.withUnsafeBufferPointer { t in
                        for j in 0...(p.count + 1) {
                            let want = Self.expected(f, p, j)
                            flagged += want.nonzeroBitCount
                            #expect(f.mask64(p, j) == want, "\(name): default level, length \(p.count), from \(j)")
                            for level in 0...2 {
                                guard let got = RedactScan.mask64(t.baseAddress!, p, j, level: level) else { continue }
                                checked += 1
                                #expect(got == want, "\(name): level \(level), length \(p.count), from \(j)")
                            }
                        }
                    }
                }
            }
        }
        #expect(checked > 10_000)
        #expect(flagged > 1_000, "the inputs must reach the patterns for the comparison to mean something")
    }

    /// Each start's own bytes are flagged at their first byte, whatever comes before and after (the filter never
    /// flags less than the scans need).
    @Test func everyStartIsFlagged() {
        let c = CandidateScan.filter
        for start in CandidateScan.starts {
            for before in [Array(" ".utf8), Array("x".utf8), []] {
                let bytes = before + start.bytes
                bytes.withUnsafeBufferPointer { p in
                    #expect(c.flags(p, before.count), "\(String(decoding: start.bytes, as: UTF8.self))")
                    #expect(c.mask64(p, before.count) & 1 == 1)
                }
            }
        }
        for prefix in OutputGuard.shapes.map(\.prefix) + [Array("-----BEGIN ".utf8), Array("://".utf8)] {
            prefix.withUnsafeBufferPointer { p in #expect(OutputGuard.filter.mask64(p, 0) & 1 == 1) }
        }
    }

    /// `CandidateScan.nextFiltered` (the vector filter `next` uses for texts of `vectorFrom` bytes or more) stops
    /// where the scalar scan (`nextScalar`) stops, from every position and with windows ending anywhere.
    @Test func theFilteredScanStopsWhereTheScalarScanStops() {
        var rng = SeededRandom(seed: 43)
        let scan = CandidateScan.shared
        var texts = RedactionPrescanTests.randomTexts(count: 150, seed: 29).map { Array($0.utf8) }
        texts += (0..<150).map { _ in Self.adversarial(&rng, length: Int.random(in: 0...400, using: &rng)) }
        var stops = 0
        for bytes in texts {
            bytes.withUnsafeBufferPointer { p in
                for from in 0...p.count {
                    let end = Bool.random(using: &rng) ? p.count : Int.random(in: from...p.count, using: &rng)
                    let fast = scan.nextFiltered(p, from: from, before: end)
                    let slow = scan.nextScalar(p, from: from, before: end)
                    let stop = min(end, p.count)
                    if slow < stop { stops += 1 }
                    #expect(
                        fast == slow || (fast >= stop && slow >= stop),
                        "from \(from) before \(end): \(fast) vs \(slow) in \(String(decoding: bytes[from..<min(p.count, from + 40)], as: UTF8.self).debugDescription)"
                    )
                    #expect(fast <= max(from, p.count))
                }
            }
        }
        #expect(stops > 1_000)
        // `next` itself: the scalar scan below `vectorFrom` bytes, the filter from there on; the same stops.
        let long = Array(texts.joined())
        #expect(long.count > 4 * CandidateScan.vectorFrom)
        long.withUnsafeBufferPointer { p in
            var from = 0
            while from < p.count {
                let got = scan.next(p, from: from, before: p.count)
                #expect(got == scan.nextScalar(p, from: from, before: p.count))
                from = max(got, from) + 1
            }
        }
    }
}
