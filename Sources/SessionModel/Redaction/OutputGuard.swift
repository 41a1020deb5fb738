/// The fail-closed check: a second scan, independent of `Redactor` (its own short table and its own code), of the
/// bytes about to be published. It looks only for high-confidence shapes — fixed prefixes with their lengths, PEM
/// private-key blocks with a body, passwords in URLs — so a hit means the redactor missed something: the writer then
/// refuses to publish (exit 1, naming the kind and the output line, never the value).
public final class OutputGuard {
    public struct Hit: Sendable, Equatable {
        public var kind: String
        public var line: Int
    }

    /// Hits in output order (the first few).
    public private(set) var hits: [Hit] = []
    /// Lines before `carry`.
    var line = 1
    /// The end of the previous chunk after its last newline (kept to see shapes cut by a chunk boundary).
    var carry: [UInt8] = []

    public init() {}

    struct Shape {
        var prefix: [UInt8]
        var kind: String
        var body: ByteClass
        var min: Int
        var exact: Int?
        var mixed: Bool
    }

    // swift-format-ignore
    /// prefix, kind, body, minimum (or exact) length: shapes with no innocent look-alike.
    static let shapes: [Shape] = {
        func s(_ p: String, _ k: String, _ b: ByteClass, _ min: Int, exact: Int? = nil, mixed: Bool = false) -> Shape {
            Shape(prefix: Array(p.utf8), kind: k, body: b, min: min, exact: exact, mixed: mixed)
        }
        let an = ByteClass.alnum, b64u = ByteClass.base64URL, hex = ByteClass.lowerHex
        return [
            s("ghp_", "github", an, 36), s("gho_", "github", an, 36), s("ghu_", "github", an, 36),
            s("ghs_", "github", an, 36), s("ghr_", "github", an, 36),
            s("github_pat_", "github-fine-grained", .alnumUnderscore, 50), s("glpat-", "gitlab", b64u, 20),
            s("sk-ant-", "anthropic", b64u, 40), s("sk-proj-", "openai", b64u, 40),
            s("sk-svcacct-", "openai", b64u, 40), s("sk-or-v1-", "openrouter", hex, 64, exact: 64),
            s("xoxb-", "slack", .alnumDash, 24), s("xoxp-", "slack", .alnumDash, 24), s("xapp-", "slack", .alnumDash, 24),
            s("AKIA", "aws-access-key", .upperAlnum, 16, exact: 16), s("ASIA", "aws-access-key", .upperAlnum, 16, exact: 16),
            s("AIza", "google-api-key", b64u, 35, exact: 35), s("GOCSPX-", "google-oauth-secret", b64u, 24),
            s("npm_", "npm", an, 36), s("pypi-AgE", "pypi", b64u, 50), s("dop_v1_", "digitalocean", hex, 64, exact: 64),
            s("sk_live_", "stripe", an, 24), s("rk_live_", "stripe", an, 24), s("xkeysib-", "brevo", .alnumDash, 80),
            s("dckr_pat_", "dockerhub", b64u, 27), s("shpat_", "shopify", an, 32, exact: 32),
            s("lin_api_", "linear", an, 40, exact: 40), s("gsk_", "groq", an, 50), s("xai-", "xai", an, 70),
            s("pplx-", "perplexity", an, 40), s("hf_", "huggingface", an, 34, mixed: true),
            s("AGE-SECRET-KEY-1", "age-secret-key", .upperAlnum, 58, exact: 58), s("sntryu_", "sentry", hex, 64),
            s("glsa_", "grafana", .alnumUnderscore, 40), s("PMAK-", "postman", .hexDash, 59),
            s("ATATT3", "atlassian", .base64URLEq, 150), s("HRKU-", "heroku", b64u, 50), s("figd_", "figma", b64u, 40),
            s("rubygems_", "rubygems", hex, 48, exact: 48), s("CLOJARS_", "clojars", .lowerAlnum, 60),
            s("r8_", "replicate", an, 36), s("pul-", "pulumi", hex, 40, exact: 40), s("squ_", "sonarqube", hex, 40),
            s("NRAK-", "newrelic", .upperAlnum, 27), s("hvs.", "vault", b64u, 90), s("SG.", "sendgrid", .base64URLDot, 60),
        ]
    }()

    static let pem = Array("-----BEGIN ".utf8)
    static let privateKey = Array("PRIVATE KEY".utf8)
    static let redacted = Array("[REDACTED".utf8)

    static let byPair: [[Int]] = {
        var t = [[Int]](repeating: [], count: 65536)
        for (n, shape) in shapes.enumerated() { t[Int(shape.prefix[0]) << 8 | Int(shape.prefix[1])].append(n) }
        return t
    }()

    /// Pairs that start a shape: a prefix's first two bytes, `--` (PEM), `:/` (URL passwords).
    static let starts: [Bool] = {
        // Built from the shapes, not by mapping all 65 536 pairs (this runs at every start of a tool that writes).
        var t = [Bool](repeating: false, count: 65536)
        for shape in shapes { t[Int(shape.prefix[0]) << 8 | Int(shape.prefix[1])] = true }
        t[0x2D2D] = true  // --
        t[0x3A2F] = true  // :/
        return t
    }()

    /// The vector pre-filter (`StartFilter`): the first four bytes of every start (a prefix, the PEM line's dashes,
    /// `://`); `scan` checks only the positions it flags.
    static let filter = StartFilter(
        patterns: (shapes.map(\.prefix) + [pem, Array("://".utf8)]).map { s in
            (0..<4).map { q in q < s.count ? [s[q]] : nil }
        })

    /// Scans the next bytes of the output.
    public func feed(_ bytes: [UInt8]) {
        guard hits.count < 8 else { return }
        guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
            carry.append(contentsOf: bytes)
            if carry.count > 1 << 16 { compactCarry() }
            return
        }
        if carry.isEmpty {
            bytes.withUnsafeBufferPointer { scan(UnsafeBufferPointer(rebasing: $0[0...lastNewline])) }
        } else {
            carry.append(contentsOf: bytes[0...lastNewline])
            carry.withUnsafeBufferPointer { scan($0) }
        }
        carry.removeAll(keepingCapacity: true)
        carry.append(contentsOf: bytes[(lastNewline + 1)...])
    }

    /// A line longer than 64 KiB: scan what is there, keep the last 4 KiB to see a shape cut in two.
    func compactCarry() {
        let keep = 4096
        carry.withUnsafeBufferPointer { scan(UnsafeBufferPointer(rebasing: $0[0..<($0.count - keep)])) }
        carry.removeFirst(carry.count - keep)
    }

    /// Scans what is left; the hits are then final.
    public func finish() {
        if !carry.isEmpty { carry.withUnsafeBufferPointer { scan($0) } }
        carry.removeAll()
    }

    /// The positions `filter` flags, 64 at a time (`RedactScan`), each checked (`starts`, `shapeAt`). Lines are
    /// counted apart (16 bytes at a time, `ByteScan.count`), and only up to a hit when there is one.
    func scan(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        // The loop touches no stored property (each access to one is an exclusivity check).
        var found: [(at: Int, kind: String)] = []
        let room = 8 - hits.count
        let chosen = RedactScan.chosen
        OutputGuard.starts.withUnsafeBufferPointer { first in
            OutputGuard.filter.tables.withUnsafeBufferPointer { t in
                var j = 0
                while j < n, found.count < room {
                    var m = RedactScan.mask64(chosen, t.baseAddress!, p, j)
                    while m != 0 {
                        let i = j + m.trailingZeroBitCount
                        m &= m &- 1
                        guard first[Int(p[i]) << 8 | Int(i + 1 < n ? p[i + 1] : 0)], let kind = shapeAt(p, i) else {
                            continue
                        }
                        found.append((i, kind))
                        if found.count == room { break }
                    }
                    j += 64
                }
            }
        }
        var counted = 0
        for hit in found {
            line += ByteScan.count(0x0A, in: UnsafeBufferPointer(rebasing: p[counted..<hit.at]))
            counted = hit.at
            hits.append(Hit(kind: hit.kind, line: line))
        }
        line += ByteScan.count(0x0A, in: UnsafeBufferPointer(rebasing: p[counted..<n]))
    }

    func shapeAt(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> String? {
        let b = p[i]
        guard i + 1 < p.count else { return nil }
        if b == 0x3A { return urlPassword(p, i) }
        if b == 0x2D { return pemBlock(p, i) }
        if i > 0, ByteClass.isAlnum(p[i - 1]) || p[i - 1] == 0x5F { return nil }
        for n in OutputGuard.byPair[Int(b) << 8 | Int(p[i + 1])] {
            let shape = OutputGuard.shapes[n]
            guard has(p, i, shape.prefix) else { continue }
            var j = i + shape.prefix.count
            var upper = false, lower = false
            while j < p.count, shape.body.contains(p[j]) {
                if p[j] >= 0x41 && p[j] <= 0x5A { upper = true }
                if p[j] >= 0x61 && p[j] <= 0x7A { lower = true }
                j += 1
            }
            let length = j - i - shape.prefix.count
            if let exact = shape.exact, length != exact { continue }
            if length < shape.min || (shape.mixed && !(upper && lower)) { continue }
            return shape.kind
        }
        return nil
    }

    /// `-----BEGIN … PRIVATE KEY-----` followed, on the next line, by at least 40 base64 characters.
    func pemBlock(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> String? {
        guard has(p, i, OutputGuard.pem) else { return nil }
        var j = i + OutputGuard.pem.count
        while j < p.count, j - i < 80, p[j] != 0x2D { j += 1 }
        guard j >= OutputGuard.privateKey.count,
            has(p, j - OutputGuard.privateKey.count, OutputGuard.privateKey)
                || has(p, j - 6, Array("BLOCK".utf8))
        else { return nil }
        while j < p.count, p[j] == 0x2D { j += 1 }
        // A real or escaped newline, maybe headers, then the body.
        var run = 0
        var k = j
        while k < p.count, k - j < 400 {
            let c = p[k]
            if ByteClass.base64.contains(c) {
                run += 1
                if run >= 40 { return "private-key" }
            } else {
                run = 0
            }
            k += 1
        }
        return nil
    }

    /// `scheme://user:password@` with a password of 8 or more characters holding letters and digits.
    func urlPassword(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> String? {
        guard i + 3 < p.count, p[i + 1] == 0x2F, p[i + 2] == 0x2F, i > 0, ByteClass.isAlnum(p[i - 1]) else {
            return nil
        }
        var j = i + 3
        var colon = -1
        while j < p.count, j - i < 300 {
            let c = p[j]
            if c == 0x40 { break }
            if c <= 0x20 || c == 0x2F || c == 0x22 || c == 0x5C || c == 0x3F || c == 0x23 || c == 0x3C || c == 0x3E {
                return nil
            }
            if c == 0x3A && colon < 0 { colon = j }
            j += 1
        }
        guard j < p.count, p[j] == 0x40, colon > 0, j - colon - 1 >= 8 else { return nil }
        if has(p, colon + 1, OutputGuard.redacted) { return nil }
        let first = p[colon + 1]
        if first == 0x24 || first == 0x3C || first == 0x7B || first == 0x25 || first == 0x2A { return nil }
        var letters = false, digits = false
        for k in colon + 1..<j {
            if p[k] >= 0x30 && p[k] <= 0x39 { digits = true }
            if (p[k] >= 0x41 && p[k] <= 0x5A) || (p[k] >= 0x61 && p[k] <= 0x7A) { letters = true }
        }
        return letters && digits ? "url-password" : nil
    }

    func has(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ prefix: [UInt8]) -> Bool {
        guard i >= 0, i + prefix.count <= p.count else { return false }
        for k in 0..<prefix.count where p[i + k] != prefix[k] { return false }
        return true
    }

    /// The refusal for the first hit: exit 1, the kind and the line, never the value.
    public var refusal: SessionError? {
        guard let first = hits.first else { return nil }
        let more = hits.count > 1 ? " (and \(hits.count - 1) more)" : ""
        return SessionError(
            .refused,
            "not published: the redacted output still holds what looks like a \(first.kind) secret at output line "
                + "\(first.line)\(more); the redactor missed it",
            remedy: .writeUnredacted,
            details: ["kind": .string(first.kind), "output_line": .int(first.line)])
    }
}
