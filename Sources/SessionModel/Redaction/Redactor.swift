#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How many secrets of each kind were replaced. Never holds a secret.
public struct RedactionCounts: Sendable, Equatable {
    public var byKind: [String: Int] = [:]

    public init() {}

    public var total: Int { byKind.values.reduce(0, +) }

    public mutating func add(_ kind: String, _ n: Int = 1) { byKind[kind, default: 0] += n }

    public mutating func merge(_ other: RedactionCounts) {
        for (k, v) in other.byKind { add(k, v) }
    }

    public var json: JSONValue { .object(byKind.mapValues { .int($0) }) }

    /// `3 secrets redacted (github 2, jwt 1)`, kinds sorted.
    public var summary: String {
        if total == 0 { return "no secrets found" }
        let parts = byKind.keys.sorted().map { "\($0) \(byKind[$0]!)" }
        return "\(total) \(total == 1 ? "secret" : "secrets") redacted (\(parts.joined(separator: ", ")))"
    }
}

/// Replaces secrets by `[REDACTED:<kind>]` following `RedactionRules.table`. One pass over the bytes; clean input
/// comes back byte-identical.
public struct Redactor: Sendable {
    /// Whether base64 runs are decoded and scanned (off inside a decoded run: one level is enough).
    let decodesBase64: Bool
    /// Whether `CandidateScan` picks the positions `match` runs at (off: at every byte, the reference the tests
    /// compare the pre-scan with).
    let prescan: Bool
    /// The static tables, held by the value: the hot loop then never pays for a lazy global's check.
    let scan: CandidateScan
    let pairs: [[PrefixEntry]]
    let thirdRow: [UInt16]
    let third: [UInt64]

    public init() { self.init(decodesBase64: true) }

    init(decodesBase64: Bool, prescan: Bool = true) {
        self.decodesBase64 = decodesBase64
        self.prescan = prescan
        scan = CandidateScan.shared
        pairs = Redactor.byPair
        thirdRow = Redactor.thirdBytes.row
        third = Redactor.thirdBytes.bits
    }

    /// The words the context rules start with (any case): `CandidateScan` stops at them, and `match`'s third-byte
    /// test lets them through.
    static let contextWords = [
        "authorization", "echo ", "htpasswd", "aws ", "password", "Private-Lines:", "Private-MAC:",
    ]

    /// For each start pair, the third bytes a word-start rule can have (256 bits per pair): `re`, `se`, `pa` start
    /// many words, `re_`, `sec`, `pas` few. `row[pair]` is the pair's 4 words in `bits` (row 0: none allowed): a few
    /// hundred rows instead of 2 MiB for all 65 536 pairs, which every start zeroed and paged in.
    static let thirdBytes: (row: [UInt16], bits: [UInt64]) = {
        var row = [UInt16](repeating: 0, count: 65536)
        var t = [UInt64](repeating: 0, count: 4)
        func allow(_ a: UInt8, _ b: UInt8, _ c: UInt8?) {
            let pair = Int(a) << 8 | Int(b)
            if row[pair] == 0 {
                row[pair] = UInt16(t.count / 4)
                t += [0, 0, 0, 0]
            }
            let base = Int(row[pair]) * 4
            guard let c else {
                for k in 0..<4 { t[base + k] = ~0 }
                return
            }
            t[base + Int(c) >> 6] |= 1 << UInt64(c & 63)
        }
        func variants(_ b: UInt8, _ caseless: Bool) -> Set<UInt8> {
            caseless ? [b, lowerByte(b), upperByte(b)] : [b]
        }
        func add(_ w: String, caseless: Bool) {
            let b = Array(w.utf8)
            for x in variants(b[0], caseless) {
                for y in variants(b.count > 1 ? b[1] : 0, caseless) {
                    if b.count > 2 {
                        for z in variants(b[2], caseless) { allow(x, y, z) }
                    } else {
                        allow(x, y, nil)
                    }
                }
            }
        }
        for rule in RedactionRules.prefixRules { for p in rule.prefixes { add(p, caseless: false) } }
        for w in contextWords { add(w, caseless: true) }
        return (row, t)
    }()

    static func lowerByte(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }
    static func upperByte(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 32 : b }

    /// Names with any of the secret words (case-insensitive), without building strings: for callers that judge
    /// a key/value pair (JSON objects).
    public static func isSecretName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { secretNameKind($0, 0, $0.count) } != nil
    }

    static let secretWords: [[UInt8]] = RedactionRules.secretNameWords.map { Array($0.utf8) }
    static let vendorWords: [([UInt8], String)] = RedactionRules.vendorNames.map { (Array($0.word.utf8), $0.kind) }
    static let strongEndings: [[UInt8]] = RedactionRules.strongNameEndings.map { Array($0.utf8) }

    /// nil: not secret-like; "": secret-like; a vendor kind: a vendor's secret name (`TWILIO_AUTH_TOKEN`).
    static func secretNameKind(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String? {
        func contains(_ word: [UInt8]) -> Bool {
            guard e - s >= word.count else { return false }
            var i = s
            while i + word.count <= e {
                var k = 0
                while k < word.count && lowerByte(p[i + k]) == word[k] { k += 1 }
                if k == word.count { return true }
                i += 1
            }
            return false
        }
        let secret = secretWords.contains(where: contains)
        var keyOrToken = false
        if !secret {
            let tail = (max(s, e - 5)..<e).map { lowerByte(p[$0]) }
            keyOrToken = tail.suffix(3) == Array("key".utf8)[...] || tail.suffix(5) == Array("token".utf8)[...]
            guard keyOrToken else { return nil }
        }
        var vendor: String?
        for (word, kind) in vendorWords where contains(word) {
            vendor = kind
            break
        }
        if secret { return vendor ?? "" }
        return vendor
    }

    /// True when the name ends in a word that makes any value a secret (`password`, `DB_PASS`, `apiToken`): the
    /// ending starts the name, follows a separator, or starts with an upper-case letter (`dbPassword`).
    static func isStrongName(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        for word in strongEndings where e - s >= word.count {
            let start = e - word.count
            var k = 0
            while k < word.count && lowerByte(p[start + k]) == word[k] { k += 1 }
            guard k == word.count else { continue }
            if start == s { return true }
            let before = p[start - 1]
            let first = p[start]
            let beforeIsLetter = (before >= 0x41 && before <= 0x5A) || (before >= 0x61 && before <= 0x7A)
            if !beforeIsLetter || (first >= 0x41 && first <= 0x5A) { return true }
        }
        return false
    }

    /// A prefix and what `token` needs of its rule, read in place (a class: looping over a pair's entries copies
    /// one reference, not the rule's strings and tables).
    final class PrefixEntry: Sendable {
        enum Shape { case plain, jwt, privateKey, puttyKey }
        let prefix: [UInt8]
        let rule: RedactionRule
        let kind: String
        let shape: Shape
        let isOpenAI: Bool
        let body: ByteClass
        let minBody: Int
        let exactBody: Int?
        let mixedCase: Bool
        let needsDigit: Bool
        let keepPrefix: Bool

        init(prefix: [UInt8], rule: RedactionRule) {
            self.prefix = prefix
            self.rule = rule
            kind = rule.kind
            switch rule.kind {
            case "jwt": shape = .jwt
            case "private-key": shape = .privateKey
            case "putty-key": shape = .puttyKey
            default: shape = .plain
            }
            isOpenAI = rule.kind == "openai"
            body = rule.body
            minBody = rule.minBody
            exactBody = rule.exactBody
            mixedCase = rule.mixedCase
            needsDigit = rule.needsDigit
            keepPrefix = rule.keepPrefix
        }
    }

    /// Prefix rules by their first two bytes, longest prefix first.
    static let byPair: [[PrefixEntry]] = {
        var table = [[PrefixEntry]](repeating: [], count: 65536)
        for rule in RedactionRules.prefixRules {
            for p in rule.prefixes {
                let b = Array(p.utf8)
                table[Int(b[0]) << 8 | Int(b.count > 1 ? b[1] : 0)].append(PrefixEntry(prefix: b, rule: rule))
            }
        }
        // Only the few pairs that hold rules are sorted (mapping all 65 536 cost ~24 M instructions at every start).
        for pair in table.indices where table[pair].count > 1 {
            table[pair] = table[pair].enumerated().sorted { a, b in
                a.element.prefix.count != b.element.prefix.count
                    ? a.element.prefix.count > b.element.prefix.count : a.offset < b.offset
            }.map(\.element)
        }
        return table
    }()

    static let antDash = Array("ant-".utf8)
    static let authorizationWord = Array("authorization".utf8)
    static let fiveDashes = Array("-----".utf8)
    static let pemEnd = Array("-----END ".utf8)
    static let pemBegin = Array("-----BEGIN ".utf8)
    static let schemes: [[UInt8]] = RedactionRules.authorizationSchemes.map { Array($0.utf8) }

    struct Match {
        var start: Int
        var end: Int
        var kind: String
    }

    /// `text` redacted, for what is shown rather than written (titles in listings); nil stays nil.
    public static func redactedText(_ text: String?) -> String? {
        guard let text else { return nil }
        var ignored = RedactionCounts()
        return Redactor().redact(text, counts: &ignored)
    }

    /// Redacts `text`; the counts grow by what was replaced.
    public func redact(_ text: String, counts: inout RedactionCounts) -> String {
        var copy = text
        var out: [UInt8] = []
        let found = copy.withUTF8 { redact($0, into: &out, counts: &counts) }
        return found ? String(decoding: out, as: UTF8.self) : text
    }

    /// Redacts `input` into `out` (appended). Returns false, appending nothing, when nothing was found: the caller
    /// then uses `input` as it is.
    @discardableResult
    public func redact(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], counts: inout RedactionCounts)
        -> Bool
    {
        let n = input.count
        var state = ScanState()
        var found = false
        while let m = nextMatch(input, before: n, &state) {
            if !found {
                out.reserveCapacity(out.count + n + 32)
                found = true
            }
            Redactor.append(m, of: input, after: state.copied, into: &out)
            counts.add(m.kind)
            state.copied = m.end
        }
        if found && state.copied < n {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: input[state.copied..<n]))
        }
        return found
    }

    /// How far back of the position `match` runs at a match can start: Mailchimp's key is found from the `-` after
    /// its 32 hex digits (Discord 26, Telegram 10, Azure 4; every other rule starts at or after the position). The
    /// scan asserts it (debug builds: every test). A windowed scan relies on it (`ScanState`).
    static let maxLookBehind = 32

    /// Where a scan stands: every position before `i` is decided (tried, or jumped over inside a match) exactly as a
    /// scan of the whole input decides it; the bytes before `copied` are dealt with (the last match ended there).
    ///
    /// Scanning only positions before a limit L (`nextMatch(_:before:_:)`, over the whole input: a rule still reads
    /// as far as it needs, forwards and backwards) therefore finds exactly the matches the whole scan finds at
    /// positions before `i` (≥ L); every further match of the whole scan is found at a position ≥ `i`, so it starts
    /// at or after `max(i - maxLookBehind, copied)`: before that raw offset, the windowed output and the whole
    /// output are the same bytes.
    struct ScanState {
        var i = 0
        var copied = 0
    }

    /// The next match found at a position before `limit`, the state moved past it (the caller writes the bytes up
    /// to `m.start`, the marker, and sets `copied` to `m.end`); nil when none is left before `limit`.
    @inline(__always)
    func nextMatch(_ input: UnsafeBufferPointer<UInt8>, before limit: Int, _ state: inout ScanState) -> Match? {
        let scan = self.scan
        while state.i < limit {
            // Only where a rule can start (`CandidateScan`); the rest is copied as it is.
            if prescan {
                state.i = scan.next(input, from: state.i, before: limit)
                if state.i >= limit { return nil }
            }
            let i = state.i
            guard let m = match(input, at: i), m.start >= state.copied, m.end > m.start else {
                state.i += 1
                continue
            }
            assert(m.start >= i - Redactor.maxLookBehind, "a rule starts further back than maxLookBehind")
            state.i = max(m.end, i + 1)
            return m
        }
        return nil
    }

    /// Appends the bytes from `copied` to the match's start, then its marker `[REDACTED:<kind>]`.
    @inline(__always)
    static func append(_ m: Match, of input: UnsafeBufferPointer<UInt8>, after copied: Int, into out: inout [UInt8]) {
        if m.start > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<m.start])) }
        out.append(contentsOf: "[REDACTED:".utf8)
        out.append(contentsOf: m.kind.utf8)
        out.append(UInt8(ascii: "]"))
    }

    func match(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        let b = p[i]
        let next: UInt8 = i + 1 < p.count ? p[i + 1] : 0
        switch b {
        case 0x3D:
            return assignment(p, operator: i)
        case 0x3A:
            if next == 0x2F, i + 2 < p.count, p[i + 2] == 0x2F { return urlPassword(p, colon: i) }
            if let m = telegram(p, colon: i) { return m }
            return assignment(p, operator: i)
        case 0x2E:
            return dotted(p, dot: i)
        case 0x2D:
            if next == UInt8(ascii: "u"), let m = mailchimp(p, at: i) { return m }
            guard atWordStart(p, i) else { return nil }
            if next == 0x2D, hasPrefix(p, i, Redactor.pemBegin) { return privateKey(p, at: i) }
            return commandLineFlag(p, at: i)
        default:
            break
        }
        if b == UInt8(ascii: "Q"), next == UInt8(ascii: "~") { return azureClientSecret(p, q: i) }
        if i + 2 < p.count {
            let third = p[i + 2]
            let bits = self.third[Int(thirdRow[Int(b) << 8 | Int(next)]) * 4 + Int(third >> 6)]
            guard bits & (1 << UInt64(third & 63)) != 0 else { return nil }
        }
        guard atWordStart(p, i) else { return nil }
        for entry in pairs[Int(b) << 8 | Int(next)] where hasPrefix(p, i, entry.prefix) {
            if let m = token(p, at: i, entry) { return m }
        }
        switch lowerByte(b) {
        case UInt8(ascii: "a"):
            if lowerByte(next) == UInt8(ascii: "u") { return authorization(p, at: i) }
            if next == UInt8(ascii: "w") { return awsConfigure(p, at: i) }
        case UInt8(ascii: "e"): return echoBase64(p, at: i)
        case UInt8(ascii: "h"): return htpasswd(p, at: i)
        case UInt8(ascii: "p"): return netrc(p, at: i)
        default: break
        }
        return nil
    }

    // MARK: - Tokens with a prefix

    /// A vendor token starting exactly at `i` (inside a header, URL or assignment: counted under its vendor).
    func vendorToken(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard i < p.count else { return nil }
        let next: UInt8 = i + 1 < p.count ? p[i + 1] : 0
        for entry in pairs[Int(p[i]) << 8 | Int(next)] where hasPrefix(p, i, entry.prefix) {
            if let m = token(p, at: i, entry), m.start == i || entry.keepPrefix { return m }
        }
        return nil
    }

    func token(_ p: UnsafeBufferPointer<UInt8>, at i: Int, _ entry: PrefixEntry) -> Match? {
        let rule = entry
        let bodyStart = i + entry.prefix.count
        switch entry.shape {
        case .jwt: return jwt(p, at: i)
        case .privateKey: return entry.prefix[0] == 0x2D ? privateKey(p, at: i) : base64PrivateKey(p, at: i)
        case .puttyKey: return puttyKey(p, at: i, bodyStart: bodyStart)
        case .plain: break
        }
        if entry.isOpenAI, hasPrefix(p, bodyStart, Redactor.antDash) { return nil }
        var j = bodyStart
        var length = 0
        var upper = false, lower = false, digit = false
        var wrapped = false
        while true {
            while j < p.count, rule.body.contains(p[j]) {
                let c = p[j]
                if c >= 0x41 && c <= 0x5A {
                    upper = true
                } else if c >= 0x61 && c <= 0x7A {
                    lower = true
                } else if c >= 0x30 && c <= 0x39 {
                    digit = true
                }
                j += 1
                length += 1
                if let exact = rule.exactBody, length > exact { return nil }
            }
            // A token wrapped across lines (a terminal's hard wrap, or a `\n` in JSON): when the body stops at a
            // newline too short to be the token, after at least 8 bytes of it, it goes on at the next line's start.
            guard !wrapped, length >= 8, length < (rule.exactBody ?? rule.minBody), let next = lineBreakEnd(p, j),
                next < p.count, rule.body.contains(p[next])
            else { break }
            wrapped = true
            j = next
        }
        if let exact = rule.exactBody {
            if length != exact || (j < p.count && ByteClass.isAlnum(p[j])) { return nil }
        } else if length < rule.minBody {
            return nil
        }
        if rule.mixedCase && !(upper && lower) { return nil }
        if rule.needsDigit && !digit { return nil }
        // A value ending in a backslash escape's letter stays whole: we stop at the backslash anyway.
        return Match(start: rule.keepPrefix ? bodyStart : i, end: j, kind: rule.kind)
    }

    func jwt(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        var j = i
        for segment in 0..<3 {
            let start = j
            while j < p.count, ByteClass.base64URL.contains(p[j]) { j += 1 }
            if j - start < 8 { return nil }
            if segment < 2 {
                guard j < p.count, p[j] == 0x2E else { return nil }
                j += 1
            }
        }
        return Match(start: i, end: j, kind: "jwt")
    }

    /// The index after one line break at `k` (LF, CRLF, or their escapes `\n`, `\r\n`, escaped once or more), or nil.
    @inline(__always) func lineBreakEnd(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int? {
        guard k < p.count else { return nil }
        if p[k] == 0x0A { return k + 1 }
        if p[k] == 0x0D { return k + 1 < p.count && p[k + 1] == 0x0A ? k + 2 : k + 1 }
        guard let end = escapedNewlineEnd(p, k) else { return nil }
        if p[end - 1] == UInt8(ascii: "r"), let lf = escapedNewlineEnd(p, end) { return lf }
        return end
    }

    /// True at a real newline or a `\n`/`\r` escape (escaped once or more: `\\n` in JSON inside JSON).
    @inline(__always) func atNewline(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        k < p.count && (p[k] == 0x0A || p[k] == 0x0D || escapedNewlineEnd(p, k) != nil)
    }

    /// The index after `\n`, `\\n`, … starting at `k`, or nil.
    @inline(__always) func escapedNewlineEnd(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int? {
        var j = k
        while j < p.count, p[j] == 0x5C, j - k < 8 { j += 1 }
        guard j > k, j < p.count, p[j] == UInt8(ascii: "n") || p[j] == UInt8(ascii: "r") else { return nil }
        return j + 1
    }

    /// From `j`, lines of `lineClass` separated by real or escaped newlines (and spaces); stops before `stop` or
    /// at the first other line. Returns where the last whole line ended and whether `stop` was reached (at the index).
    func blockLines(_ p: UnsafeBufferPointer<UInt8>, from j: Int, lineClass: ByteClass, stop: [UInt8]?) -> (
        end: Int, stopAt: Int?
    ) {
        var k = j
        var lastGood = j
        while k < p.count {
            if p[k] == 0x0A || p[k] == 0x0D || p[k] == 0x20 {
                k += 1
                continue
            }
            if p[k] == 0x5C, let after = escapedNewlineEnd(p, k) {
                k = after
                continue
            }
            if let stop, hasPrefix(p, k, stop) { return (lastGood, k) }
            let runStart = k
            while k < p.count, lineClass.contains(p[k]) { k += 1 }
            if k == runStart || !(k == p.count || p[k] == 0x22 || p[k] == 0x5C || atNewline(p, k)) { break }
            lastGood = k
        }
        return (lastGood, nil)
    }

    func privateKey(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        // The header line: `-----BEGIN <LABEL>-----` whose label ends in PRIVATE KEY or PRIVATE KEY BLOCK.
        var j = i + 11
        let labelStart = j
        while j < p.count, p[j] != 0x2D, j - labelStart < 64 {
            let c = p[j]
            guard (c >= 0x41 && c <= 0x5A) || c == 0x20 || (c >= 0x30 && c <= 0x39) else { return nil }
            j += 1
        }
        let label = String(decoding: UnsafeBufferPointer(rebasing: p[labelStart..<j]), as: UTF8.self)
        guard label.hasSuffix("PRIVATE KEY") || label.hasSuffix("PRIVATE KEY BLOCK"),
            hasPrefix(p, j, Redactor.fiveDashes)
        else { return nil }
        j += 5
        // Key lines (base64, `Proc-Type:`-style headers) to the END line; a block cut short ends after its last
        // whole key line.
        let (lastGood, stopAt) = blockLines(p, from: j, lineClass: .pemLine, stop: Redactor.pemEnd)
        if let k = stopAt {
            var e = k + Redactor.pemEnd.count
            while e < p.count, p[e] != 0x2D, p[e] != 0x0A, p[e] != 0x22, p[e] != 0x5C { e += 1 }
            if hasPrefix(p, e, Redactor.fiveDashes) { e += 5 }
            return Match(start: i, end: e, kind: "private-key")
        }
        return Match(start: i, end: lastGood, kind: "private-key")
    }

    /// A base64 run that decodes to a PEM private key (`client-key-data:` of a kubeconfig); certificates stay.
    func base64PrivateKey(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        var j = i
        while j < p.count, ByteClass.base64.contains(p[j]) { j += 1 }
        guard let head = Base64Text.decode(p, i, i + (min(j - i, 120) & ~3)) else { return nil }
        let firstLine = String(decoding: head.prefix { $0 != 0x0A }, as: UTF8.self)
        guard firstLine.contains("PRIVATE KEY") else { return nil }
        return Match(start: i, end: j, kind: "private-key")
    }

    /// PuTTY `.ppk`: the base64 lines after `Private-Lines: N`, and the `Private-MAC:` value.
    func puttyKey(_ p: UnsafeBufferPointer<UInt8>, at i: Int, bodyStart: Int) -> Match? {
        var j = skipSpaces(p, bodyStart)
        if p[i + 8] == UInt8(ascii: "M") {
            let s = j
            while j < p.count, ByteClass.lowerHex.contains(p[j]) { j += 1 }
            return j - s >= 32 ? Match(start: s, end: j, kind: "putty-key") : nil
        }
        while j < p.count, p[j] >= 0x30 && p[j] <= 0x39 { j += 1 }
        guard j > bodyStart, atNewline(p, j) else { return nil }
        let start = j + (p[j] == 0x5C ? 2 : 1)
        let (end, _) = blockLines(p, from: start, lineClass: .base64, stop: nil)
        return end > start ? Match(start: start, end: end, kind: "putty-key") : nil
    }

    // MARK: - Shapes found from a byte inside them

    /// `<bot id>:<35 characters>` (Telegram bot tokens), from the colon.
    func telegram(_ p: UnsafeBufferPointer<UInt8>, colon: Int) -> Match? {
        var s = colon
        while s > 0, p[s - 1] >= 0x30 && p[s - 1] <= 0x39, colon - s <= 10 { s -= 1 }
        guard colon - s >= 8, colon - s <= 10, atWordStart(p, s) else { return nil }
        var e = colon + 1
        while e < p.count, ByteClass.base64URL.contains(p[e]) { e += 1 }
        guard e - colon - 1 == 35 else { return nil }
        return Match(start: s, end: e, kind: "telegram")
    }

    /// From a `.`: Discord bot tokens (`M…{24}.{6}.{27,38}`) and Terraform Cloud tokens (`…{14}.atlasv1.…`).
    func dotted(_ p: UnsafeBufferPointer<UInt8>, dot: Int) -> Match? {
        guard dot > 0, ByteClass.isAlnum(p[dot - 1]) else { return nil }
        if dot + 7 < p.count, p[dot + 7] == 0x2E {
            var s = dot
            while s > 0, ByteClass.base64URL.contains(p[s - 1]), dot - s <= 27 { s -= 1 }
            let first = p[s]
            guard dot - s >= 23, dot - s <= 26,
                first == UInt8(ascii: "M") || first == UInt8(ascii: "N")
                    || first == UInt8(ascii: "O"), atWordStart(p, s)
            else { return nil }
            for k in dot + 1..<dot + 7 where !ByteClass.base64URL.contains(p[k]) { return nil }
            var e = dot + 8
            while e < p.count, ByteClass.base64URL.contains(p[e]) { e += 1 }
            guard e - dot - 8 >= 27, e - dot - 8 <= 38 else { return nil }
            guard Redactor.looksRandom(p, s, dot) else { return nil }
            return Match(start: s, end: e, kind: "discord")
        }
        if hasPrefix(p, dot, Redactor.atlas) {
            var s = dot
            while s > 0, ByteClass.lowerAlnum.contains(p[s - 1]), dot - s <= 14 { s -= 1 }
            guard dot - s == 14, atWordStart(p, s) else { return nil }
            var e = dot + Redactor.atlas.count
            while e < p.count, ByteClass.base64URL.contains(p[e]) { e += 1 }
            guard e - dot - Redactor.atlas.count >= 60 else { return nil }
            return Match(start: s, end: e, kind: "terraform-cloud")
        }
        return nil
    }

    static let atlas = Array(".atlasv1.".utf8)

    /// `[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}` (Azure AD client secrets), from the `Q`.
    func azureClientSecret(_ p: UnsafeBufferPointer<UInt8>, q: Int) -> Match? {
        let cls = Redactor.azureChars
        guard q >= 4, p[q - 1] >= 0x30 && p[q - 1] <= 0x39 else { return nil }
        let s = q - 4
        for k in s..<q - 1 where !cls.contains(p[k]) { return nil }
        guard atWordStart(p, s) else { return nil }
        var e = q + 2
        while e < p.count, cls.contains(p[e]) || p[e] == 0x2D { e += 1 }
        guard e - q - 2 >= 31, e - q - 2 <= 34 else { return nil }
        return Match(start: s, end: e, kind: "azure-ad-client-secret")
    }

    static let azureChars = ByteClass { ByteClass.isAlnum($0) || $0 == 0x5F || $0 == 0x7E || $0 == 0x2E }

    /// `<32 hex>-us<N>` (Mailchimp API keys), from the `-`.
    func mailchimp(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard i + 3 < p.count, p[i + 2] == UInt8(ascii: "s"), p[i + 3] >= 0x30 && p[i + 3] <= 0x39, i >= 32 else {
            return nil
        }
        let s = i - 32
        for k in s..<i where !ByteClass.lowerHex.contains(p[k]) { return nil }
        guard atWordStart(p, s) else { return nil }
        var e = i + 3
        while e < p.count, p[e] >= 0x30 && p[e] <= 0x39 { e += 1 }
        guard e - i - 3 <= 2, e == p.count || !ByteClass.isAlnum(p[e]) else { return nil }
        return Match(start: s, end: e, kind: "mailchimp")
    }

    // MARK: - Command lines

    /// `--password V`, `--token V`, `--user u:V`, `-u u:V`, `mysql … -pV`, `sshpass -p V`, `docker login -p V`.
    func commandLineFlag(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard i + 2 < p.count else { return nil }
        if p[i + 1] == 0x2D {
            var j = i + 2
            while j < p.count, ByteClass.name.contains(p[j]) { j += 1 }
            guard j - i - 2 >= 3, j < p.count, p[j] == 0x20 else { return nil }
            let isUser = j - i - 2 == 4 && hasPrefix(p, i + 2, Redactor.userWord)
            guard isUser || Redactor.isStrongName(p, i + 2, j) else { return nil }
            return flagValue(p, from: j, userPass: isUser)
        }
        let letter = p[i + 1]
        if i > 0, p[i - 1] == 0x2D { return nil }  // the second dash of `--p…`
        if letter == UInt8(ascii: "u"), p[i + 2] == 0x20 { return flagValue(p, from: i + 2, userPass: true) }
        guard letter == UInt8(ascii: "p") else { return nil }
        if p[i + 2] == 0x20 {
            guard lineBefore(p, i, contains: ["sshpass", "login"]) else { return nil }
            return flagValue(p, from: i + 2, userPass: false)
        }
        guard lineBefore(p, i, contains: ["mysql", "mariadb"]) else { return nil }
        var e = i + 2
        while e < p.count, ByteClass.value.contains(p[e]) { e += 1 }
        guard e - i - 2 >= 3, !isPlaceholder(p, i + 2, e) else { return nil }
        return Match(start: i + 2, end: e, kind: "cli-password")
    }

    static let userWord = Array("user".utf8)

    /// The value after a flag: spaces, an optional quote, the value (for `userPass`, the part after `user:`).
    func flagValue(_ p: UnsafeBufferPointer<UInt8>, from j: Int, userPass: Bool) -> Match? {
        var s = skipSpaces(p, j)
        guard s < p.count, p[s] != 0x2D else { return nil }
        var quote: UInt8 = 0
        if p[s] == 0x22 || p[s] == 0x27 {
            quote = p[s]
            s += 1
        } else if p[s] == 0x5C, s + 1 < p.count, p[s + 1] == 0x22 {
            quote = 0x22
            s += 2
        }
        let cls = quote != 0 ? ByteClass.quotedValue : ByteClass.value
        var e = s
        while e < p.count, cls.contains(p[e]) { e += 1 }
        if userPass {
            var c = s
            while c < e, p[c] != 0x3A { c += 1 }
            guard c < e - 1, c > s else { return nil }
            s = c + 1
        }
        guard e - s >= 3, !isPlaceholder(p, s, e) else { return nil }
        if let m = vendorToken(p, at: s) { return m }
        return Match(start: s, end: e, kind: "cli-password")
    }

    /// `htpasswd -b[c] file user PASSWORD` (`-n`: no file).
    func htpasswd(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard hasPrefix(p, i, Redactor.htpasswdWord) else { return nil }
        var j = i + Redactor.htpasswdWord.count
        var batch = false, noFile = false
        var positionals: [(Int, Int)] = []
        while positionals.count < 3 {
            let s = skipSpaces(p, j)
            guard s < p.count, s > j || j == i + Redactor.htpasswdWord.count else { return nil }
            var e = s
            while e < p.count, ByteClass.value.contains(p[e]) { e += 1 }
            guard e > s else { return nil }
            if p[s] == 0x2D {
                for k in s + 1..<e {
                    if p[k] == UInt8(ascii: "b") { batch = true }
                    if p[k] == UInt8(ascii: "n") { noFile = true }
                }
            } else {
                positionals.append((s, e))
                if noFile && positionals.count == 2 { break }
            }
            j = e
        }
        guard batch, let (s, e) = positionals.last, positionals.count == (noFile ? 2 : 3), !isPlaceholder(p, s, e)
        else { return nil }
        return Match(start: s, end: e, kind: "cli-password")
    }

    static let htpasswdWord = Array("htpasswd".utf8)
    static let awsConfigureSet = Array("aws configure set ".utf8)

    /// `aws configure set aws_secret_access_key V` (and session tokens).
    func awsConfigure(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard hasPrefix(p, i, Redactor.awsConfigureSet) else { return nil }
        let ns = i + Redactor.awsConfigureSet.count
        var ne = ns
        while ne < p.count, ByteClass.name.contains(p[ne]) { ne += 1 }
        guard ne > ns, Redactor.secretNameKind(p, ns, ne) != nil || Redactor.isStrongName(p, ns, ne) else {
            return nil
        }
        guard var m = flagValue(p, from: ne, userPass: false) else { return nil }
        if m.kind == "cli-password", m.end - m.start >= 40 { m.kind = "aws-secret-key" }
        return m
    }

    /// `.netrc`: `machine h login u password V` (on one line or several).
    func netrc(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard hasPrefix(p, i, Redactor.passwordWord), i + 9 < p.count, p[i + 8] == 0x20 || p[i + 8] == 0x09 else {
            return nil
        }
        let from = max(0, i - 200)
        var found = false
        var k = i - 6
        while k >= from {
            if hasPrefix(p, k, Redactor.loginWord) {
                found = true
                break
            }
            k -= 1
        }
        guard found else { return nil }
        let s = skipSpaces(p, i + 8)
        var e = s
        while e < p.count, ByteClass.value.contains(p[e]) { e += 1 }
        guard e - s >= 3, !isPlaceholder(p, s, e) else { return nil }
        return Match(start: s, end: e, kind: "netrc")
    }

    static let passwordWord = Array("password".utf8)
    static let loginWord = Array("login ".utf8)

    /// `echo <base64> | base64 -d`: the decoded text is scanned.
    func echoBase64(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard hasPrefix(p, i, Redactor.echoWord) else { return nil }
        var s = skipSpaces(p, i + 5)
        s = skipQuotes(p, s)
        var e = s
        while e < p.count, ByteClass.base64.contains(p[e]) { e += 1 }
        return base64Secret(p, s, e)
    }

    static let echoWord = Array("echo ".utf8)

    /// True when the line before `i` (up to 300 bytes back) holds one of `words`.
    func lineBefore(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, contains words: [String]) -> Bool {
        var s = i
        while s > 0, i - s < 300, p[s - 1] != 0x0A, !(s >= 2 && p[s - 2] == 0x5C && p[s - 1] == UInt8(ascii: "n")) {
            s -= 1
        }
        let line = String(decoding: UnsafeBufferPointer(rebasing: p[s..<i]), as: UTF8.self)
        return words.contains { line.contains($0) }
    }

    // MARK: - Base64

    /// A base64 run `s..<e` (≥ 16 characters) that decodes to text in which the redactor finds a secret.
    func base64Secret(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Match? {
        guard decodesBase64, e - s >= 16, e - s <= 1 << 16 else { return nil }
        guard let decoded = Base64Text.decode(p, s, e), Base64Text.isText(decoded) else { return nil }
        var counts = RedactionCounts()
        var out: [UInt8] = []
        let found = decoded.withUnsafeBufferPointer {
            Redactor(decodesBase64: false, prescan: prescan).redact($0, into: &out, counts: &counts)
        }
        return found ? Match(start: s, end: e, kind: "base64-secret") : nil
    }

    // MARK: - Authorization headers

    func authorization(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        let word = Redactor.authorizationWord
        guard i + word.count <= p.count else { return nil }
        for k in 0..<word.count where lowercase(p[i + k]) != word[k] { return nil }
        var j = i + word.count
        if j < p.count, ByteClass.alnumUnderscore.contains(p[j]) { return nil }
        j = skipQuotes(p, j)
        j = skipSpaces(p, j)
        guard j < p.count, p[j] == 0x3A || p[j] == 0x3D else { return nil }
        j += 1
        j = skipSpaces(p, j)
        let quoted = j < p.count && (p[j] == 0x22 || p[j] == 0x27 || p[j] == 0x5C)
        j = skipQuotes(p, j)
        var credentialStart = j
        for s in Redactor.schemes {
            if j + s.count < p.count, (0..<s.count).allSatisfy({ lowercase(p[j + $0]) == s[$0] }),
                p[j + s.count] == 0x20
            {
                credentialStart = skipSpaces(p, j + s.count)
                break
            }
        }
        if let m = vendorToken(p, at: credentialStart) { return m }
        var e = credentialStart
        while e < p.count, ByteClass.value.contains(p[e]) { e += 1 }
        let length = e - credentialStart
        if credentialStart == j {  // no scheme: only a long quoted value is a credential
            guard quoted, length >= 16, Redactor.looksRandom(p, credentialStart, e) else { return nil }
        } else if length < 8 {
            return nil
        }
        if isPlaceholder(p, credentialStart, e) { return nil }
        return Match(start: credentialStart, end: e, kind: "authorization")
    }

    // MARK: - Passwords in URLs

    func urlPassword(_ p: UnsafeBufferPointer<UInt8>, colon: Int) -> Match? {
        guard colon > 0, ByteClass.isAlnum(p[colon - 1]) else { return nil }
        let userStart = colon + 3
        var j = userStart
        var passwordStart = -1
        while j < p.count, j - colon < 512 {
            let c = p[j]
            if c == 0x40 {  // @
                if passwordStart < 0 {
                    // No password: a long random user part is a key (Sentry DSNs, API keys as user names).
                    guard j - userStart >= 20, Redactor.looksRandom(p, userStart, j) else { return nil }
                    let host = String(
                        decoding: UnsafeBufferPointer(rebasing: p[j..<min(p.count, j + 80)]), as: UTF8.self)
                    return Match(start: userStart, end: j, kind: host.contains("sentry") ? "sentry-dsn" : "url-token")
                }
                guard j > passwordStart else { return nil }
                if isPlaceholder(p, passwordStart, j) { return nil }
                if let m = vendorToken(p, at: passwordStart), m.end == j { return m }
                return Match(start: passwordStart, end: j, kind: "url-password")
            }
            if c <= 0x20 || c == 0x2F || c == 0x22 || c == 0x27 || c == 0x5C || c == 0x3F || c == 0x23 || c == 0x3C
                || c == 0x3E || c == 0x60
            {
                return nil
            }
            if c == 0x3A && passwordStart < 0 { passwordStart = j + 1 }
            j += 1
        }
        return nil
    }

    // MARK: - Assignments

    func assignment(_ p: UnsafeBufferPointer<UInt8>, operator op: Int) -> Match? {
        let isColon = p[op] == 0x3A
        if !isColon {
            if op + 1 < p.count, p[op + 1] == 0x3D || p[op + 1] == 0x3E || p[op + 1] == 0x7E { return nil }
            if op > 0, [0x3D, 0x21, 0x3C, 0x3E, 0x2B, 0x2D, 0x2A, 0x2F, 0x7C, 0x26].contains(p[op - 1]) { return nil }
        } else if op + 1 < p.count, p[op + 1] == 0x3A {
            return nil
        }
        // The name before the operator: spaces, a closing quote (`"`, `'` or `\"`), then name characters.
        var k = op - 1
        while k >= 0, p[k] == 0x20 || p[k] == 0x09 { k -= 1 }
        var nameQuoted = false
        if k >= 0, p[k] == 0x22 || p[k] == 0x27 {
            nameQuoted = true
            k -= 1
            while k >= 0, p[k] == 0x5C { k -= 1 }  // `\"`, `\\\"`: JSON inside JSON
        }
        let nameEnd = k + 1
        while k >= 0, ByteClass.name.contains(p[k]), nameEnd - k <= 80 { k -= 1 }
        var nameStart = k + 1
        // `cond ? "password" : "other"`: a ternary in code, not a name and its value.
        if nameQuoted, k >= 0 {
            var b = k - 1
            while b >= 0, p[b] == 0x20 || p[b] == 0x5C { b -= 1 }
            if b >= 0, p[b] == 0x3F { return nil }
        }
        // `\nAPI_TOKEN=…` inside a JSON string: the `n` belongs to the escape.
        if nameStart > 0, p[nameStart - 1] == 0x5C, nameStart < nameEnd { nameStart += 1 }
        // The value: spaces, an opening quote, value characters.
        var j = op + 1
        j = skipSpaces(p, j)
        var quote: UInt8 = 0
        if j < p.count, p[j] == 0x22 || p[j] == 0x27 {
            quote = p[j]
            j += 1
        } else if j < p.count, p[j] == 0x5C {
            var q = j
            while q < p.count, p[q] == 0x5C, q - j < 8 { q += 1 }
            if q < p.count, p[q] == 0x22 {
                quote = 0x22
                j = q + 1
            }
        }
        let valueStart = j
        guard let nameKind = nameEnd - nameStart >= 3 ? Redactor.secretNameKind(p, nameStart, nameEnd) : nil else {
            return plainValue(p, nameStart: nameStart, nameEnd: nameEnd, valueStart: valueStart, quoted: quote != 0)
        }
        let vendor = nameKind.isEmpty ? nil : nameKind
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd]), as: UTF8.self)
        let lower = name.lowercased()
        // A vendor token as the value: counted under its vendor.
        if let m = vendorToken(p, at: valueStart) { return m }
        let cls = quote != 0 ? ByteClass.quotedValue : ByteClass.value
        while j < p.count, cls.contains(p[j]) { j += 1 }
        let valueEnd = j
        let length = valueEnd - valueStart
        guard length >= 4, !isPlaceholder(p, valueStart, valueEnd) else { return nil }
        // `.env` style: an upper-case name glued to `=` (`API_TOKEN=abc`); any real value is a secret.
        let envStyle =
            !isColon && !nameQuoted && nameEnd == op
            && name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
        let awsSecret = (lower.contains("aws") && lower.contains("secret")) || lower == "secretaccesskey"
        let random = length >= 16 && Redactor.looksRandom(p, valueStart, valueEnd)
        let strong = Redactor.isStrongName(p, nameStart, nameEnd)
        let kind: String
        if lower == "privatekey", length == 44, p[valueEnd - 1] == 0x3D {
            kind = "wireguard"
        } else if awsSecret && length >= 40 {
            kind = "aws-secret-key"
        } else if let vendor, envStyle || quote != 0 || random {
            kind = vendor
        } else if envStyle {
            kind = "env-secret"
        } else if random {
            kind = "secret-assignment"
        } else if strong && (quote != 0 || !isCode(p, valueStart, valueEnd, yamlLike: atLineStart(p, nameStart))) {
            kind = lower.contains("pass") || lower.hasSuffix("pwd") ? "password" : "secret-assignment"
        } else {
            return nil
        }
        return Match(start: valueStart, end: valueEnd, kind: kind)
    }

    /// A value next to a name that is not secret-like: a base64 run that decodes to a secret (a Kubernetes Secret's
    /// `data:`), or Docker's `"auth": "<base64 of user:password>"`.
    func plainValue(_ p: UnsafeBufferPointer<UInt8>, nameStart: Int, nameEnd: Int, valueStart: Int, quoted: Bool)
        -> Match?
    {
        guard decodesBase64, valueStart + 16 <= p.count, ByteClass.base64.contains(p[valueStart]) else { return nil }
        var e = valueStart
        while e < p.count, ByteClass.base64.contains(p[e]) { e += 1 }
        guard e - valueStart >= 12 else { return nil }
        if quoted, nameEnd - nameStart == 4, hasPrefix(p, nameStart, Redactor.authWord),
            let decoded = Base64Text.decode(p, valueStart, e), Base64Text.isText(decoded),
            let colon = decoded.firstIndex(of: 0x3A), colon > 0, colon < decoded.count - 1
        {
            return Match(start: valueStart, end: e, kind: "docker-auth")
        }
        return base64Secret(p, valueStart, e)
    }

    static let authWord = Array("auth".utf8)

    /// Whether an unquoted value next to a password-like name is code rather than a value: a call, an index, a
    /// member access or an identifier (in YAML/INI lines, where values are not code, only type names).
    func isCode(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, yamlLike: Bool) -> Bool {
        var lettersOnly = true
        var dot = false
        for k in s..<e {
            let c = p[k]
            if c == 0x28 || c == 0x5B || c == 0x7B { return true }
            if c == 0x2E { dot = true }
            let letter =
                (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E || c == 0x3F
                || c == 0x21
            if !letter { lettersOnly = false }
        }
        guard lettersOnly else { return false }
        if !yamlLike || dot { return true }
        let word = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        if Redactor.typeWords.contains(word.lowercased()) { return true }
        // `String`, `Data?`: a type name.
        let first = p[s]
        return first >= 0x41 && first <= 0x5A && word.dropFirst().allSatisfy { $0.isLowercase || $0 == "?" }
    }

    static let typeWords: Set<String> = [
        "string", "str", "int", "integer", "bool", "boolean", "number", "float", "double", "any", "object", "bytes",
        "optional", "required", "text", "secret", "password", "token", "env", "file", "value", "yes", "no", "on", "off",
    ]

    /// True when only spaces, tabs and a YAML list dash stand between `i` and the start of its line.
    func atLineStart(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x2D { k -= 1 }
        if k < 0 || p[k] == 0x0A || p[k] == 0x0D { return true }
        return k >= 1 && p[k - 1] == 0x5C && (p[k] == UInt8(ascii: "n") || p[k] == UInt8(ascii: "r"))
    }

    // MARK: - Helpers

    @inline(__always) func lowercase(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }
    @inline(__always) func lowerByte(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }

    func hasPrefix(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ prefix: [UInt8]) -> Bool {
        guard i >= 0, i + prefix.count <= p.count else { return false }
        for k in 0..<prefix.count where p[i + k] != prefix[k] { return false }
        return true
    }

    /// True when `i` starts a word: the previous byte is not a letter or digit, or is the letter of a backslash
    /// escape (`\n`, `\t`), the end of a `\uXXXX` escape, or the `m` of an ANSI colour code (`ESC[1;31m`).
    func atWordStart(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if i == 0 { return true }
        let prev = p[i - 1]
        if !ByteClass.alnumUnderscore.contains(prev) { return true }
        // `\n`, and `\\n` in JSON inside JSON: the letter belongs to the escape.
        if i >= 2, p[i - 2] == 0x5C, prev == UInt8(ascii: "n") || prev == UInt8(ascii: "t") || prev == UInt8(ascii: "r")
        {
            return true
        }
        if i >= 6, p[i - 6] == 0x5C, p[i - 5] == UInt8(ascii: "u") { return true }
        if prev == UInt8(ascii: "m") {
            var k = i - 2
            while k >= 0, (p[k] >= 0x30 && p[k] <= 0x39) || p[k] == 0x3B, i - k < 16 { k -= 1 }
            if k >= 1, p[k] == 0x5B,
                p[k - 1] == 0x1B || p[k - 1] == UInt8(ascii: "b") || p[k - 1] == UInt8(ascii: "B")
                    || p[k - 1] == UInt8(ascii: "e")
            {
                return true
            }
        }
        return false
    }

    func skipSpaces(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i
        while j < p.count, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
        return j
    }

    func skipQuotes(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i
        while j < p.count {
            if p[j] == 0x22 || p[j] == 0x27 {
                j += 1
            } else if p[j] == 0x5C {
                // `\"`, `\\\"`: a quote escaped once or more.
                var q = j
                while q < p.count, p[q] == 0x5C, q - j < 8 { q += 1 }
                guard q < p.count, p[q] == 0x22 else { break }
                j = q + 1
            } else {
                break
            }
        }
        return j
    }

    /// `$VAR`, `${VAR}`, `<your-token>`, `{{ secret }}`, `%s`, `***`, `[REDACTED…`, `true`/`false`/`null`, numbers:
    /// not secrets.
    func isPlaceholder(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard s < e else { return true }
        let first = p[s]
        if first == 0x24 || first == 0x3C || first == 0x7B || first == 0x25 || first == 0x2A || first == 0x5B
            || first == 0x28
        {
            return true
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self).lowercased()
        if Redactor.placeholderWords.contains(text) || text.contains("…") || text.contains("...") { return true }
        if text.allSatisfy({ $0 == "x" || $0 == "*" || $0 == "." || $0 == "-" }) { return true }
        if text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) { return true }
        return false
    }

    /// Values that stand for a secret in docs and code, never one.
    static let placeholderWords: Set<String> = [
        "true", "false", "null", "none", "nil", "undefined", "changeme", "redacted", "xxx", "xxxx", "abc", "foo",
        "bar", "baz", "example", "test", "secret", "secrets", "password", "passwords", "token", "tokens", "value",
        "string", "hunter2", "your_token", "your-token", "your_api_key", "mysecret", "mypassword",
    ]

    /// At least two of letters/digits/symbols, and ≥ 3 bits of entropy per character.
    static func looksRandom(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var counts = [Int](repeating: 0, count: 256)
        var letters = false, digits = false
        for k in s..<e {
            let c = p[k]
            counts[Int(c)] += 1
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { letters = true }
            if c >= 0x30 && c <= 0x39 { digits = true }
        }
        guard letters && digits else { return false }
        let n = Double(e - s)
        var entropy = 0.0
        for c in counts where c > 0 {
            let f = Double(c) / n
            entropy -= f * PlatformFacts.log2(f)
        }
        return entropy >= 3.0
    }
}

/// Base64 decoding for the scanners (standard and URL-safe alphabets, padding optional).
enum Base64Text {
    static let values: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = Int8(i)
        }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        return t
    }()

    /// The bytes `p[s..<e]` encode, or nil when they are not base64.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> [UInt8]? {
        guard e > s else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((e - s) * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for k in s..<e {
            let c = p[k]
            if c == 0x3D { break }
            let v = values[Int(c)]
            if v < 0 { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }

    /// Mostly printable UTF-8 text: no NUL, at most 5 % control or invalid bytes.
    static func isText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        var bad = 0
        for b in bytes {
            if b == 0 { return false }
            if b < 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { bad += 1 }
        }
        guard bad * 20 <= bytes.count else { return false }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
