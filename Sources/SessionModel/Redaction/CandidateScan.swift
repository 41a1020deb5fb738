/// The redactor's pre-scan: one pass over the bytes that stops only where a rule of `RedactionRules` can start, so
/// `Redactor.match` runs at a few positions instead of at every byte pair that looks like a start in prose
/// (`se`ssion, `re`sult, `pa`th, `li`ne).
///
/// Everything here is derived from one list, `CandidateScan.starts`: the literal prefixes of the prefix rules
/// (case-sensitive), the words the context rules start with (any case), and the bytes the rules found from inside
/// them stop at (`=`, `:`, `.`, `-`, `Q~`). A rule added to the table is covered without touching this file; a rule
/// whose start is not a literal prefix must add it to `starts` or `anywhere` (and `RedactionPrescanTests` fails until it
/// does: every rule's samples must be found by the pre-scan, and the pre-scan must never change the output of
/// matching at every byte).
///
/// The scan: eight positions per 8-byte load, each a lookup of its byte pair's row (0 none, 1 any position, else a
/// few 8-byte checks) and of the third bytes the row allows; then, at a position that passes, the 8 bytes from it
/// are compared with the row's starts under masks (`(w | fold) & mask == value`, `fold` lower-casing the letters of
/// the any-case words). Only a position that passes both goes to `match`.
struct CandidateScan: Sendable {
    /// One start: its first bytes (up to 8), and whether letters match in any case.
    struct Start: Sendable, Equatable {
        var bytes: [UInt8]
        var anyCase: Bool
        /// Further bytes further on that must hold, by offset from the start (the Discord token's second dot).
        var at: [(offset: Int, byte: UInt8)] = []

        static func == (a: Start, b: Start) -> Bool {
            a.bytes == b.bytes && a.anyCase == b.anyCase && a.at.map(\.offset) == b.at.map(\.offset)
                && a.at.map(\.byte) == b.at.map(\.byte)
        }
    }

    /// The bytes `Redactor.match` acts on at any position, whatever follows (the pair row "any position").
    static let anywhere: [[UInt8]] = {
        var pairs: [[UInt8]] = []
        for c in 0..<256 {
            pairs.append([0x3D, UInt8(c)])  // `=`: assignments
            pairs.append([0x3A, UInt8(c)])  // `:`: assignments, URL passwords, Telegram tokens
        }
        for c in ["u", "p", "-"] { pairs.append([0x2D, c.utf8.first!]) }  // `-u`, `-p`, `--`: command lines, Mailchimp
        pairs.append(Array("Q~".utf8))  // Azure AD client secrets
        return pairs
    }()

    /// Every start the rules have, from the rule table: prefixes, context words, and the `.` of Discord and
    /// Terraform Cloud tokens (`.` + a base64url byte, then a second `.` 7 bytes on; or `.atlasv1.`).
    static let starts: [Start] = {
        var out: [Start] = []
        for rule in RedactionRules.prefixRules {
            for p in rule.prefixes { out.append(Start(bytes: Array(p.utf8), anyCase: false)) }
        }
        for w in Redactor.contextWords { out.append(Start(bytes: Array(w.utf8), anyCase: true)) }
        for c in 0..<256 where ByteClass.base64URL.contains(UInt8(c)) {
            out.append(Start(bytes: [0x2E, UInt8(c)], anyCase: false, at: [(7, 0x2E)]))
        }
        out.append(Start(bytes: Array(Redactor.atlas), anyCase: false))
        return out
    }()

    /// Row per byte pair (`first << 8 | second`, the second 0 at the end): 0 none, 1 any position, r ≥ 2 the checks
    /// `lower[r] ..< lower[r + 1]`.
    let row: [UInt8]
    /// `row` indexed the other way round (`second << 8 | first`: the order of a little-endian load).
    let rowLE: [UInt8]
    /// Per row, the third bytes its starts allow (`row << 8 | byte`; row 1 and rows with a start of two bytes: all).
    let third: [Bool]
    let lower: [Int]
    let masks: [UInt64]
    let folds: [UInt64]
    let values: [UInt64]
    /// The vector pre-filter: the first four bytes of every start and `anywhere` pair (`StartFilter`); `next` checks
    /// only the positions it flags, with the tables above. Built at the first long text (`vectorFrom`): a tool that
    /// redacts only a few short texts (save-session's summary) never pays for it.
    static let filter = StartFilter(patterns: CandidateScan.filterPatterns)

    /// Texts shorter than this are scanned without the vector filter (`nextScalar`): the same result, and no
    /// filter to build for them.
    static let vectorFrom = 512

    static let shared = CandidateScan()

    /// What `filter` is built from: per `anywhere` first byte, its second bytes; per start, its first four bytes
    /// (letters of the any-case words in both cases; nil past its end).
    static var filterPatterns: [StartFilter.Pattern] {
        var out: [StartFilter.Pattern] = []
        var seconds: [UInt8: Set<UInt8>] = [:]
        var order: [UInt8] = []
        for p in anywhere {
            if seconds[p[0]] == nil { order.append(p[0]) }
            seconds[p[0], default: []].insert(p[1])
        }
        for first in order {
            let s = seconds[first]!
            out.append([[first], s.count == 256 ? nil : s.sorted(), nil, nil])
        }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        for start in starts {
            out.append(
                (0..<4).map { q -> [UInt8]? in
                    guard q < start.bytes.count else { return nil }
                    let b = start.bytes[q]
                    return start.anyCase && isLetter(b) ? [b | 0x20, b & ~0x20] : [b]
                })
        }
        return out
    }

    init() {
        var row = [UInt8](repeating: 0, count: 65536)
        for p in CandidateScan.anywhere { row[Int(p[0]) << 8 | Int(p[1])] = 1 }
        var byPair: [Int: [(mask: UInt64, fold: UInt64, value: UInt64)]] = [:]
        var order: [Int] = []
        // Per pair, the third bytes allowed: 256 bits in four words (a bit set, not a Set: this runs at every start of
        // a tool that redacts, and hashing 256 bytes per two-byte start cost ~10 M instructions).
        var byThird: [Int: [UInt64]] = [:]
        func allow(_ pair: Int, _ c: UInt8) {
            byThird[pair, default: [0, 0, 0, 0]][Int(c >> 6)] |= 1 << UInt64(c & 63)
        }
        func lowerByte(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        for start in CandidateScan.starts {
            var mask: UInt64 = 0, fold: UInt64 = 0, value: UInt64 = 0
            for (k, b) in start.bytes.prefix(8).enumerated() {
                let letter = start.anyCase && isLetter(b)
                mask |= 0xFF << UInt64(8 * k)
                if letter { fold |= 0x20 << UInt64(8 * k) }
                value |= UInt64(letter ? lowerByte(b) : b) << UInt64(8 * k)
            }
            for (offset, b) in start.at where offset < 8 {
                mask |= 0xFF << UInt64(8 * offset)
                value |= UInt64(b) << UInt64(8 * offset)
            }
            let firsts: Set<UInt8> =
                start.anyCase ? [lowerByte(start.bytes[0]), Redactor.upperByte(start.bytes[0])] : [start.bytes[0]]
            let second = start.bytes.count > 1 ? start.bytes[1] : 0
            let seconds: Set<UInt8> = start.anyCase ? [lowerByte(second), Redactor.upperByte(second)] : [second]
            for a in firsts {
                for b in seconds {
                    let pair = Int(a) << 8 | Int(b)
                    if row[pair] == 1 { continue }
                    if byPair[pair] == nil { order.append(pair) }
                    byPair[pair, default: []].append((mask, fold, value))
                    if start.bytes.count < 3 {
                        byThird[pair] = [~0, ~0, ~0, ~0]
                    } else {
                        let c = start.bytes[2]
                        allow(pair, start.anyCase ? lowerByte(c) : c)
                        if start.anyCase { allow(pair, Redactor.upperByte(c)) }
                    }
                }
            }
        }
        // Rows 0 (none) and 1 (any position) hold no checks: the first start pair is row 2.
        var lower = [0, 0, 0]
        var masks: [UInt64] = [], folds: [UInt64] = [], values: [UInt64] = []
        precondition(order.count + 2 <= 256, "CandidateScan: more start pairs than rows")
        for pair in order {
            row[pair] = UInt8(lower.count - 1)
            for e in byPair[pair]! {
                masks.append(e.mask)
                folds.append(e.fold)
                values.append(e.value)
            }
            lower.append(masks.count)
        }
        self.row = row
        var rowLE = [UInt8](repeating: 0, count: 65536)
        for pair in 0..<65536 { rowLE[(pair & 0xFF) << 8 | pair >> 8] = row[pair] }
        self.rowLE = rowLE
        var third = [Bool](repeating: false, count: 65536)
        for c in 0..<256 { third[1 << 8 | c] = true }
        for (pair, bits) in byThird {
            let base = Int(row[pair]) << 8
            for c in 0..<256 where bits[c >> 6] & (1 << UInt64(c & 63)) != 0 { third[base | c] = true }
        }
        self.third = third
        self.lower = lower
        self.masks = masks
        self.folds = folds
        self.values = values
    }

    /// The first position at or after `from` where a rule can start, or `p.count`.
    @inline(__always)
    func next(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int { next(p, from: from, before: p.count) }

    /// The first position in `from..<end` where a rule can start, or a position ≥ `end` (at most `p.count`) before
    /// which, from `from`, none can: the scan looks no further than a few bytes past `end`.
    ///
    /// The positions `filter` flags, 64 at a time, each checked as `nextPair` and `passes` check it (`filter` flags
    /// every position that passes, so the result is the scalar scan's: `RedactionPrescanTests`).
    @inline(__always)
    func next(_ p: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int {
        if min(p.count, end) - from < CandidateScan.vectorFrom { return nextScalar(p, from: from, before: end) }
        return nextFiltered(p, from: from, before: end)
    }

    /// `next` through the vector filter, whatever the length (what `next` runs for long texts; the tests compare it
    /// with `nextScalar` on short ones too).
    @inline(__always)
    func nextFiltered(_ p: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int {
        let n = p.count
        let stop = min(n, end)
        var j = from
        let chosen = RedactScan.chosen
        return CandidateScan.filter.tables.withUnsafeBufferPointer { t in
            row.withUnsafeBufferPointer { row in
                third.withUnsafeBufferPointer { third in
                    while j < stop {
                        var m = RedactScan.mask64(chosen, t.baseAddress!, p, j)
                        if stop - j < 64 { m &= (1 << UInt64(stop - j)) &- 1 }
                        while m != 0 {
                            let k = j + m.trailingZeroBitCount
                            let r = row[Int(p[k]) << 8 | Int(k + 1 < n ? p[k + 1] : 0)]
                            if r != 0, k + 2 >= n || third[Int(r) << 8 | Int(p[k + 2])], passes(p, k, r) { return k }
                            m &= m &- 1
                        }
                        j += 64
                    }
                    return max(from, stop)
                }
            }
        }
    }

    /// `next` without the vector filter: every position through `nextPair` (the reference for the tests).
    func nextScalar(_ p: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int {
        let n = p.count
        let stop = min(n, end)
        var j = from
        while true {
            j = CandidateScan.nextPair(p, from: j, before: stop, rowLE, third)
            guard j < stop else { return j }
            let r = row[Int(p[j]) << 8 | Int(j + 1 < n ? p[j + 1] : 0)]
            if passes(p, j, r) { return j }
            j += 1
        }
    }

    /// The first position at or after `from` whose byte pair has a row (`rowLE`, indexed `second << 8 | first`)
    /// and whose third byte one of the row's starts allows (`third`), or a position ≥ `stop` (≤ `p.count`) before
    /// which none has: eight positions per 8-byte load.
    @inline(__always)
    static func nextPair(
        _ p: UnsafeBufferPointer<UInt8>, from: Int, before stop: Int, _ rowLE: [UInt8], _ third: [Bool]
    ) -> Int {
        let n = p.count
        return rowLE.withUnsafeBufferPointer { t in
            third.withUnsafeBufferPointer { th in
                var j = from
                if let base = p.baseAddress {
                    while j + 10 <= n, j < stop {
                        let w = UInt64(littleEndian: UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                        @inline(__always) func at(_ k: UInt64) -> Bool {
                            let r = t[Int(truncatingIfNeeded: (w >> (8 * k)) & 0xFFFF)]
                            return r != 0 && th[Int(r) << 8 | Int(truncatingIfNeeded: (w >> (8 * k + 16)) & 0xFF)]
                        }
                        if at(0) { return j }
                        if at(1) { return j + 1 }
                        if at(2) { return j + 2 }
                        if at(3) { return j + 3 }
                        if at(4) { return j + 4 }
                        if at(5) { return j + 5 }
                        let r6 = t[Int(truncatingIfNeeded: w >> 48)]
                        if r6 != 0, th[Int(r6) << 8 | Int(p[j + 8])] { return j + 6 }
                        let r7 = t[Int(truncatingIfNeeded: w >> 56) | Int(p[j + 8]) << 8]
                        if r7 != 0, th[Int(r7) << 8 | Int(p[j + 9])] { return j + 7 }
                        j += 8
                    }
                }
                while j < stop {
                    let r = t[Int(p[j]) | Int(j + 1 < n ? p[j + 1] : 0) << 8]
                    if r != 0, j + 2 >= n || th[Int(r) << 8 | Int(p[j + 2])] { return j }
                    j += 1
                }
                return j
            }
        }
    }

    /// Whether one of row `r`'s starts is at `i` (row 1: always).
    @inline(__always)
    func passes(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ r: UInt8) -> Bool {
        guard r > 1 else { return true }
        let w = CandidateScan.word(p, i)
        var e = lower[Int(r)]
        let end = lower[Int(r) + 1]
        while e < end {
            if (w | folds[e]) & masks[e] == values[e] { return true }
            e += 1
        }
        return false
    }

    /// The 8 bytes from `i`, the first in the low byte; zeros past the end (no start has a zero byte).
    @inline(__always)
    static func word(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        if i + 8 <= p.count {
            return UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self))
        }
        var w: UInt64 = 0
        var k = p.count - 1
        while k >= i {
            w = w << 8 | UInt64(p[k])
            k -= 1
        }
        return w
    }
}
