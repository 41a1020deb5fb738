/// A vector pre-filter for the redaction scans (issue #17): which positions can start one of a list of patterns,
/// 16 or 32 positions per step (`RedactScan`, SSSE3/AVX2 "shufti"). The scans then check only the flagged positions
/// with their own exact tables, so the filter may flag more than it must (never less) and never changes a result.
///
/// A pattern gives, for each of the first four bytes of a start, the bytes it may be (nil: any). The patterns are
/// grouped into at most 8 buckets; a bucket accepts a byte at position q when the byte's low nibble and high nibble
/// are each one that some pattern of the bucket has there. Which patterns share a bucket is chosen at start-up
/// (greedily, merging the two buckets whose union adds the least expected traffic under a coarse model of text:
/// lower-case letters and spaces frequent), so a rule added to the tables is covered without touching this file.
struct StartFilter: Sendable {
    /// `lo[q][16]` for q = 0..3, then `hi[q][16]`: the bucket bits of each nibble at each position (RedactScan.h).
    let tables: [UInt8]

    typealias Pattern = [[UInt8]?]

    /// Nibble masks of one bucket: per position, the low nibbles and the high nibbles it accepts.
    struct Bucket {
        var lo = SIMD4<UInt16>(repeating: 0)
        var hi = SIMD4<UInt16>(repeating: 0)

        init(_ p: Pattern) {
            for q in 0..<4 {
                guard q < p.count, let bytes = p[q] else {
                    lo[q] = 0xFFFF
                    hi[q] = 0xFFFF
                    continue
                }
                for b in bytes {
                    lo[q] |= 1 << UInt16(b & 15)
                    hi[q] |= 1 << UInt16(b >> 4)
                }
            }
        }

        func union(_ o: Bucket) -> Bucket {
            var u = self
            u.lo |= o.lo
            u.hi |= o.hi
            return u
        }
    }

    init(patterns: [Pattern]) {
        // Patterns alike in kind (per position: which classes of byte — lower, upper, digit, each other byte) start
        // in one bucket; then the two buckets whose union costs least are merged until 8 are left.
        // Per position one word: bit 0 lower-case, 1 upper-case, 2 digit, 3 + (b % 61) any other byte b; all ones
        // for any byte (a rare collision of two other bytes only groups two patterns sooner).
        func kind(_ b: UInt8) -> UInt64 {
            if b >= 0x61 && b <= 0x7A { return 1 }
            if b >= 0x41 && b <= 0x5A { return 2 }
            if b >= 0x30 && b <= 0x39 { return 4 }
            return 8 << UInt64(b % 61)
        }
        var index: [SIMD4<UInt64>: Int] = [:]
        var buckets: [Bucket] = []
        for p in patterns {
            var key = SIMD4<UInt64>(repeating: 0)
            for q in 0..<4 {
                guard q < p.count, let bytes = p[q], bytes.count < 256 else {
                    key[q] = ~0
                    continue
                }
                for b in bytes { key[q] |= kind(b) }
            }
            if let k = index[key] {
                buckets[k] = buckets[k].union(Bucket(p))
            } else {
                index[key] = buckets.count
                buckets.append(Bucket(p))
            }
        }
        let cost = StartFilter.Cost()
        var costs = buckets.map(cost.of)
        var delta: [[Double]] = buckets.indices.map { i in
            buckets.indices.map { j in j > i ? cost.of(buckets[i].union(buckets[j])) - costs[i] - costs[j] : 0 }
        }
        while buckets.count > 8 {
            var best = (i: 0, j: 1, d: Double.infinity)
            for i in buckets.indices {
                for j in (i + 1)..<buckets.count where delta[i][j] < best.d { best = (i, j, delta[i][j]) }
            }
            let merged = buckets[best.i].union(buckets[best.j])
            buckets[best.i] = merged
            costs[best.i] = cost.of(merged)
            buckets.remove(at: best.j)
            costs.remove(at: best.j)
            delta.remove(at: best.j)
            for k in delta.indices { delta[k].remove(at: best.j) }
            for k in buckets.indices where k != best.i {
                let (a, b) = (min(k, best.i), max(k, best.i))
                delta[a][b] = cost.of(buckets[a].union(buckets[b])) - costs[a] - costs[b]
            }
        }
        var t = [UInt8](repeating: 0, count: 128)
        for (k, bucket) in buckets.enumerated() {
            for q in 0..<4 {
                for nibble in 0..<16 {
                    if bucket.lo[q] & (1 << UInt16(nibble)) != 0 { t[q * 16 + nibble] |= 1 << UInt8(k) }
                    if bucket.hi[q] & (1 << UInt16(nibble)) != 0 { t[64 + q * 16 + nibble] |= 1 << UInt8(k) }
                }
            }
        }
        tables = t
    }

    /// The expected share of text positions a bucket flags, under a coarse model of text (weights per byte).
    struct Cost {
        /// Per high nibble, the weight of the bytes of each set of low nibbles (split in two halves of 8).
        var rows: [Double]

        init() {
            func weight(_ b: Int) -> Double {
                if b == 0x20 { return 15 }
                if b == 0x0A { return 2 }
                if b >= 0x61 && b <= 0x7A { return 4 }
                if (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) { return 0.5 }
                return 0.3
            }
            rows = [Double](repeating: 0, count: 16 * 512)
            for h in 0..<16 {
                for half in 0..<2 {
                    for m in 1..<256 {
                        let low = m.trailingZeroBitCount
                        rows[h * 512 + half * 256 + m] =
                            rows[h * 512 + half * 256 + (m & (m - 1))] + weight(h << 4 | (half * 8 + low))
                    }
                }
            }
        }

        func of(_ b: Bucket) -> Double {
            var c = 1.0
            for q in 0..<4 {
                var w = 0.0
                var hi = b.hi[q]
                while hi != 0 {
                    let h = hi.trailingZeroBitCount
                    w += rows[h * 512 + Int(b.lo[q] & 0xFF)] + rows[h * 512 + 256 + Int(b.lo[q] >> 8)]
                    hi &= hi - 1
                }
                c *= w
            }
            return c
        }
    }

    /// Whether position `j` of `p` can start a pattern (the definition the vector code follows; for the tests).
    func flags(_ p: UnsafeBufferPointer<UInt8>, _ j: Int) -> Bool {
        var acc: UInt8 = 0xFF
        for q in 0..<4 {
            let b = j + q < p.count ? p[j + q] : 0
            acc &= tables[q * 16 + Int(b & 15)] & tables[64 + q * 16 + Int(b >> 4)]
        }
        return acc != 0
    }

    /// Bit k set when position `j + k` (< `p.count`) can start a pattern.
    @inline(__always)
    func mask64(_ p: UnsafeBufferPointer<UInt8>, _ j: Int) -> UInt64 {
        tables.withUnsafeBufferPointer { RedactScan.mask64($0.baseAddress!, p, j) }
    }
}
