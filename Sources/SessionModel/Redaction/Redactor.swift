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
    public init() {}

    /// Bytes that can start a match: the prefixes' first bytes, `=` and `:` (assignments, URLs), `a`/`A`
    /// (Authorization).
    static let triggers: ByteClass = {
        var firsts = Set<UInt8>([0x3D, 0x3A, UInt8(ascii: "a"), UInt8(ascii: "A")])
        for rule in RedactionRules.prefixRules { for p in rule.prefixes { firsts.insert(p.utf8.first!) } }
        return ByteClass { firsts.contains($0) }
    }()

    /// First two bytes that can start a prefix rule or `Authorization` (any case): a letter that is not followed by
    /// one of these is skipped without a call.
    static let pairs: [Bool] = {
        var table = [Bool](repeating: false, count: 65536)
        func add(_ a: UInt8, _ b: UInt8) { table[Int(a) << 8 | Int(b)] = true }
        for rule in RedactionRules.prefixRules {
            for p in rule.prefixes {
                let b = Array(p.utf8)
                add(b[0], b.count > 1 ? b[1] : 0)
            }
        }
        for a in ["a", "A"] { for u in ["u", "U"] { add(a.utf8.first!, u.utf8.first!) } }
        return table
    }()

    /// `triggers` and `pairs` in one table indexed by a byte and the byte after it (0 at the end): true where a
    /// match can start.
    static let startPairs: [Bool] = {
        var table = [Bool](repeating: false, count: 65536)
        for b in 0..<256 where triggers.table[b] {
            for c in 0..<256 {
                table[b << 8 | c] = b == 0x3D || b == 0x3A || pairs[b << 8 | c]
            }
        }
        return table
    }()

    /// Names with any of the secret words (case-insensitive), without building strings: for callers that judge
    /// a key/value pair (JSON objects).
    public static func isSecretName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { secretNameKind($0, 0, $0.count) } != nil
    }

    static let secretWords: [[UInt8]] = RedactionRules.secretNameWords.map { Array($0.utf8) }
    static let vendorWords: [([UInt8], String)] = RedactionRules.vendorNames.map { (Array($0.word.utf8), $0.kind) }

    /// nil: not secret-like; "": secret-like; a vendor kind: a vendor's secret name (`TWILIO_AUTH_TOKEN`).
    static func secretNameKind(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String? {
        func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }
        func contains(_ word: [UInt8]) -> Bool {
            guard e - s >= word.count else { return false }
            var i = s
            while i + word.count <= e {
                var k = 0
                while k < word.count && lower(p[i + k]) == word[k] { k += 1 }
                if k == word.count { return true }
                i += 1
            }
            return false
        }
        var vendor: String?
        for (word, kind) in vendorWords where contains(word) { vendor = kind }
        for word in secretWords where contains(word) { return vendor ?? "" }
        if let vendor {
            let tail = (max(s, e - 5)..<e).map { lower(p[$0]) }
            if tail.suffix(3) == Array("key".utf8)[...] || tail.suffix(5) == Array("token".utf8)[...] { return vendor }
        }
        return nil
    }

    struct PrefixEntry: Sendable {
        var prefix: [UInt8]
        var rule: RedactionRule
    }

    /// Prefix rules by first byte.
    static let byFirstByte: [[PrefixEntry]] = {
        var table = [[PrefixEntry]](repeating: [], count: 256)
        for rule in RedactionRules.prefixRules {
            for p in rule.prefixes { table[Int(p.utf8.first!)].append(PrefixEntry(prefix: Array(p.utf8), rule: rule)) }
        }
        return table
    }()

    static let antDash = Array("ant-".utf8)
    static let authorizationWord = Array("authorization".utf8)
    static let fiveDashes = Array("-----".utf8)
    static let pemEnd = Array("-----END ".utf8)
    static let schemes: [[UInt8]] = RedactionRules.authorizationSchemes.map { Array($0.utf8) }

    struct Match {
        var start: Int
        var end: Int
        var kind: String
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
        var i = 0
        var copied = 0
        var found = false
        let starts = Redactor.startPairs
        while i < n {
            // Skip, with one lookup per byte, every byte that cannot start a match given the byte after it.
            i = starts.withUnsafeBufferPointer { table in
                var j = i
                // Four positions per round while the byte after the fourth is there, each pair from the last.
                while j + 4 < n {
                    var pair = Int(input[j]) << 8 | Int(input[j + 1])
                    if table[pair] { return j }
                    pair = (pair << 8 | Int(input[j + 2])) & 0xFFFF
                    if table[pair] { return j + 1 }
                    pair = (pair << 8 | Int(input[j + 3])) & 0xFFFF
                    if table[pair] { return j + 2 }
                    pair = (pair << 8 | Int(input[j + 4])) & 0xFFFF
                    if table[pair] { return j + 3 }
                    j += 4
                }
                while j + 1 < n, !table[Int(input[j]) << 8 | Int(input[j + 1])] { j += 1 }
                return j
            }
            if i + 1 >= n && (i >= n || !starts[Int(input[i]) << 8]) { break }
            guard let m = match(input, at: i) else {
                i += 1
                continue
            }
            if !found {
                out.reserveCapacity(out.count + n + 32)
                found = true
            }
            if m.start > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<m.start])) }
            out.append(contentsOf: "[REDACTED:".utf8)
            out.append(contentsOf: m.kind.utf8)
            out.append(UInt8(ascii: "]"))
            counts.add(m.kind)
            i = max(m.end, i + 1)
            copied = m.end
        }
        if found && copied < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copied..<n])) }
        return found
    }

    func match(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        let b = p[i]
        if b == 0x3D || b == 0x3A {
            if b == 0x3A, i + 2 < p.count, p[i + 1] == 0x2F, p[i + 2] == 0x2F { return urlPassword(p, colon: i) }
            return assignment(p, operator: i)
        }
        if atWordStart(p, i) {
            for entry in Redactor.byFirstByte[Int(b)] where hasPrefix(p, i, entry.prefix) {
                if let m = token(p, at: i, entry) { return m }
            }
            if b == UInt8(ascii: "a") || b == UInt8(ascii: "A") { return authorization(p, at: i) }
        }
        return nil
    }

    // MARK: - Tokens with a prefix

    /// A vendor token starting exactly at `i` (inside a header, URL or assignment: counted under its vendor).
    func vendorToken(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Match? {
        guard i < p.count else { return nil }
        for entry in Redactor.byFirstByte[Int(p[i])] where hasPrefix(p, i, entry.prefix) {
            if let m = token(p, at: i, entry), m.start == i { return m }
        }
        return nil
    }

    func token(_ p: UnsafeBufferPointer<UInt8>, at i: Int, _ entry: PrefixEntry) -> Match? {
        let rule = entry.rule
        let bodyStart = i + entry.prefix.count
        switch rule.kind {
        case "jwt": return jwt(p, at: i)
        case "private-key": return privateKey(p, at: i)
        default: break
        }
        if rule.kind == "openai", hasPrefix(p, bodyStart, Redactor.antDash) { return nil }
        var j = bodyStart
        var upper = false, lower = false, digit = false
        while j < p.count, rule.body.contains(p[j]) {
            let c = p[j]
            if c >= 0x41 && c <= 0x5A {
                upper = true
            } else if c >= 0x61 && c <= 0x7A {
                lower = true
            } else if c >= 0x30
                && c <= 0x39
            {
                digit = true
            }
            j += 1
            if let exact = rule.exactBody, j - bodyStart > exact { return nil }
        }
        let length = j - bodyStart
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
        // Key lines (base64, `Proc-Type:`-style headers) separated by real or `\n`-escaped newlines, to the END
        // line; a block cut short ends after its last whole key line.
        let end = Redactor.pemEnd
        var k = j
        var lastGood = j
        while k < p.count {
            if p[k] == 0x0A || p[k] == 0x0D || p[k] == 0x20 {
                k += 1
                continue
            }
            if p[k] == 0x5C, k + 1 < p.count, p[k + 1] == UInt8(ascii: "n") || p[k + 1] == UInt8(ascii: "r") {
                k += 2
                continue
            }
            if hasPrefix(p, k, end) {
                var e = k + end.count
                while e < p.count, p[e] != 0x2D, p[e] != 0x0A, p[e] != 0x22, p[e] != 0x5C { e += 1 }
                if hasPrefix(p, e, Redactor.fiveDashes) { e += 5 }
                return Match(start: i, end: e, kind: "private-key")
            }
            let runStart = k
            while k < p.count, ByteClass.pemLine.contains(p[k]) { k += 1 }
            let atLineEnd =
                k == p.count || p[k] == 0x0A || p[k] == 0x0D || p[k] == 0x22
                || (p[k] == 0x5C && k + 1 < p.count && (p[k + 1] == UInt8(ascii: "n") || p[k + 1] == UInt8(ascii: "r")))
            if k == runStart || !atLineEnd { break }
            lastGood = k
        }
        return Match(start: i, end: lastGood, kind: "private-key")
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
        var j = colon + 3
        var passwordStart = -1
        while j < p.count, j - colon < 512 {
            let c = p[j]
            if c == 0x40 {  // @
                guard passwordStart >= 0, j > passwordStart else { return nil }
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

    // MARK: - Assignments next to secret-like names

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
            if k >= 0, p[k] == 0x5C { k -= 1 }
        }
        let nameEnd = k + 1
        while k >= 0, ByteClass.name.contains(p[k]), nameEnd - k <= 80 { k -= 1 }
        var nameStart = k + 1
        // `\nAPI_TOKEN=…` inside a JSON string: the `n` belongs to the escape.
        if nameStart > 0, p[nameStart - 1] == 0x5C, nameStart < nameEnd { nameStart += 1 }
        guard nameEnd - nameStart >= 3 else { return nil }
        guard let nameKind = Redactor.secretNameKind(p, nameStart, nameEnd) else { return nil }
        let vendor = nameKind.isEmpty ? nil : nameKind
        let name = String(decoding: UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd]), as: UTF8.self)
        let lower = name.lowercased()
        // The value: spaces, an opening quote, value characters.
        var j = op + 1
        j = skipSpaces(p, j)
        var quote: UInt8 = 0
        if j < p.count, p[j] == 0x22 || p[j] == 0x27 {
            quote = p[j]
            j += 1
        } else if j + 1 < p.count, p[j] == 0x5C, p[j + 1] == 0x22 {
            quote = 0x22
            j += 2
        }
        let valueStart = j
        // A vendor token as the value: counted under its vendor.
        if let m = vendorToken(p, at: valueStart) { return m }
        let cls = quote != 0 ? ByteClass.quotedValue : ByteClass.value
        while j < p.count, cls.contains(p[j]) { j += 1 }
        let valueEnd = j
        let length = valueEnd - valueStart
        guard length >= 3, !isPlaceholder(p, valueStart, valueEnd) else { return nil }
        // `.env` style: an upper-case name glued to `=` (`API_TOKEN=abc`); any real value is a secret.
        let envStyle =
            !isColon && !nameQuoted && nameEnd == op
            && name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
        let awsSecret = (lower.contains("aws") && lower.contains("secret")) || lower == "secretaccesskey"
        let kind: String
        if awsSecret && length >= 40 {
            kind = "aws-secret-key"
        } else if let vendor, envStyle || quote != 0 || (length >= 16 && Redactor.looksRandom(p, valueStart, valueEnd))
        {
            kind = vendor
        } else if envStyle {
            kind = "env-secret"
        } else if quote != 0 && (lower.contains("passw") || lower.contains("passphrase")) && length >= 4 {
            kind = "secret-assignment"
        } else if length >= 16 && Redactor.looksRandom(p, valueStart, valueEnd) {
            kind = "secret-assignment"
        } else {
            return nil
        }
        return Match(start: valueStart, end: valueEnd, kind: kind)
    }

    // MARK: - Helpers

    @inline(__always) func lowercase(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 32 : b }

    func hasPrefix(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ prefix: [UInt8]) -> Bool {
        guard i >= 0, i + prefix.count <= p.count else { return false }
        for k in 0..<prefix.count where p[i + k] != prefix[k] { return false }
        return true
    }

    /// True when `i` starts a word: the previous byte is not a letter or digit, or is the letter of a backslash
    /// escape (`\n`, `\t`) or the end of a `\uXXXX` escape.
    func atWordStart(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if i == 0 { return true }
        let prev = p[i - 1]
        if !ByteClass.alnumUnderscore.contains(prev) { return true }
        if i >= 2, p[i - 2] == 0x5C, prev == UInt8(ascii: "n") || prev == UInt8(ascii: "t") || prev == UInt8(ascii: "r")
        {
            return i < 3 || p[i - 3] != 0x5C
        }
        if i >= 6, p[i - 6] == 0x5C, p[i - 5] == UInt8(ascii: "u") { return true }
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
            } else if p[j] == 0x5C, j + 1 < p.count, p[j + 1] == 0x22 {
                j += 2
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
        if ["true", "false", "null", "none", "nil", "undefined", "changeme", "redacted", "xxx", "xxxx", "..."]
            .contains(text)
        {
            return true
        }
        if text.allSatisfy({ $0 == "x" || $0 == "*" || $0 == "." || $0 == "-" }) { return true }
        if text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }) { return true }
        return false
    }

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
