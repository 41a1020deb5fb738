import Foundation
import Testing

@testable import SessionModel

/// The pre-scans (`CandidateScan` for the redactor, the two-positions-per-lookup scan of `OutputGuard`) only choose
/// where the rules run: they must never change what is found.
@Suite struct RedactionPrescanTests {
    /// Texts that hold every kind of secret: the planted corpus (bare and named), the context rule samples.
    static let texts: [String] = {
        var out: [String] = []
        for s in SecretCorpus.generate() {
            if let bare = s.bare { out.append(bare) }
            out.append(s.named)
        }
        return out
    }()

    /// Random texts built from the rules' own pieces (every prefix and context word, assignment and URL marks,
    /// escapes, newlines) and random runs, so starts fall next to each other, at the ends and across lines.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var rng = SeededRandom(seed: seed)
        var pieces: [String] = RedactionRules.prefixRules.flatMap(\.prefixes) + Redactor.contextWords
        pieces += Redactor.contextWords.map { $0.uppercased() }
        pieces += [
            "=", ":", "://", "@", ".", "-", "--", "-u ", "-p", "Q~", "\\n", "\\\\n", "\n", "\r\n", " ", "  ", "\"", "'",
            "\\\"", "é", "日本", "password=", "API_TOKEN=", "token: ", "user:", "https://u:", "mysql -u r -p",
            "sshpass -p ", "echo ", "-----BEGIN RSA PRIVATE KEY-----\n", "-----END RSA PRIVATE KEY-----", ".atlasv1.",
            "Authorization: Bearer ", "login u ", "machine h ", "aws configure set aws_secret_access_key ", "-us1",
            "\u{1B}[31m", "\\u0041",
        ]
        let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let base64 = alnum + ["+", "/", "_", "-"]
        var out: [String] = []
        for _ in 0..<count {
            var t = ""
            for _ in 0..<Int.random(in: 1...120, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5: t += pieces.randomElement(using: &rng)!
                case 5..<8:
                    t += String(
                        (0..<Int.random(in: 1...90, using: &rng)).map { _ in alnum.randomElement(using: &rng)! })
                default:
                    t += String(
                        (0..<Int.random(in: 1...60, using: &rng)).map { _ in base64.randomElement(using: &rng)! })
                }
            }
            out.append(t)
        }
        return out
    }

    /// Every position where a rule matches, checked one by one, is one the pre-scan stops at: a rule whose start is
    /// missing from `CandidateScan.starts` fails here (on its corpus samples and on random text).
    @Test func everyRuleStartIsFoundByThePrescan() {
        let r = Redactor(decodesBase64: true, prescan: false)
        let scan = CandidateScan.shared
        var matched = Set<String>()
        var missed: [String] = []
        for text in Self.texts + Self.randomTexts(count: 300, seed: 17) {
            var copy = text
            copy.withUTF8 { p in
                for i in 0..<p.count {
                    guard let m = r.match(p, at: i) else { continue }
                    matched.insert(m.kind)
                    if scan.next(p, from: i) != i {
                        missed.append("\(m.kind) at \(i) in \(text.prefix(80).debugDescription)")
                    }
                }
            }
        }
        #expect(missed.isEmpty, "starts the pre-scan does not stop at: \(missed.prefix(10))")
        // The corpus reaches the rules themselves, not only the scan (the check above is not vacuous).
        let kinds = Set(RedactionRules.table.map(\.kind))
        #expect(
            kinds.subtracting(matched).subtracting(["base64-secret", "docker-auth", "url-token"]).isEmpty,
            "kinds never matched: \(kinds.subtracting(matched).sorted())")
    }

    /// Pre-scan + rules give the same bytes and counts as the rules run at every byte: on the corpus, on random
    /// text, and on the clean corpus.
    @Test func prescanAndRulesAloneGiveTheSameBytes() throws {
        let fast = Redactor()
        let reference = Redactor(decodesBase64: true, prescan: false)
        var texts = Self.texts + Self.randomTexts(count: 400, seed: 23)
        texts.append(try Fixtures.text("redaction/clean.txt"))
        var redactedTexts = 0
        for text in texts {
            var c1 = RedactionCounts(), c2 = RedactionCounts()
            let a = fast.redact(text, counts: &c1)
            let b = reference.redact(text, counts: &c2)
            #expect(Array(a.utf8) == Array(b.utf8), "\(text.prefix(120).debugDescription)")
            #expect(c1 == c2)
            if c1.total > 0 { redactedTexts += 1 }
        }
        #expect(redactedTexts > texts.count / 4, "the texts must hold secrets for the comparison to mean something")
    }

    /// The table is what the rule list says: each prefix rule's prefixes and each context word are starts.
    @Test func theStartsAreDerivedFromTheRuleTable() {
        let starts = CandidateScan.starts.map { String(decoding: $0.bytes, as: UTF8.self) }
        for rule in RedactionRules.prefixRules {
            for p in rule.prefixes { #expect(starts.contains(p), "\(rule.kind): \(p)") }
        }
        for w in Redactor.contextWords { #expect(starts.contains(w), "\(w)") }
    }

    /// A reference scan of OutputGuard: every position, lines counted byte by byte, over the same pieces the guard
    /// scans (each feed up to its last newline, the rest with the next feed or at the end).
    static func guardReference(_ feeds: [[UInt8]]) -> [OutputGuard.Hit] {
        var segments: [[UInt8]] = []
        var carry: [UInt8] = []
        for f in feeds {
            guard let last = f.lastIndex(of: 0x0A) else {
                carry += f
                continue
            }
            segments.append(carry + f[0...last])
            carry = Array(f[(last + 1)...])
        }
        if !carry.isEmpty { segments.append(carry) }
        let g = OutputGuard()
        var hits: [OutputGuard.Hit] = []
        var line = 1
        for segment in segments {
            segment.withUnsafeBufferPointer { p in
                for i in 0..<p.count {
                    if p[i] == 0x0A {
                        line += 1
                        continue
                    }
                    let pair = Int(p[i]) << 8 | Int(i + 1 < p.count ? p[i + 1] : 0)
                    if OutputGuard.starts[pair], let kind = g.shapeAt(p, i), hits.count < 8 {
                        hits.append(OutputGuard.Hit(kind: kind, line: line))
                    }
                }
            }
        }
        return hits
    }

    /// The second scan's two-positions-per-lookup pass finds what checking every position finds, on the same lines,
    /// whole or fed in chunks of any size.
    @Test func theSecondScansPrescanFindsWhatEveryPositionFinds() {
        var rng = SeededRandom(seed: 29)
        var texts = Self.randomTexts(count: 200, seed: 31)
        for s in SecretCorpus.generate().prefix(400) { texts.append(s.named + "\n" + (s.bare ?? "")) }
        var total = 0
        for text in texts {
            let bytes = Array(text.utf8)
            let expected = Self.guardReference([bytes])
            total += expected.count
            let whole = OutputGuard()
            whole.feed(bytes)
            whole.finish()
            #expect(whole.hits == expected, "\(text.prefix(80).debugDescription)")
            var feeds: [[UInt8]] = []
            var i = 0
            while i < bytes.count {
                let e = min(bytes.count, i + Int.random(in: 1...64, using: &rng))
                feeds.append(Array(bytes[i..<e]))
                i = e
            }
            let chunked = OutputGuard()
            for f in feeds where chunked.hits.count < 8 { chunked.feed(f) }
            chunked.finish()
            #expect(chunked.hits == Self.guardReference(feeds), "\(text.prefix(80).debugDescription)")
        }
        #expect(total > 50, "the texts must hold shapes for the comparison to mean something")
    }

    /// The output guard counts its lines with `ByteScan.count` (16 bytes at a time, counters summed every 255 steps).
    @Test func newlinesAreCountedBlockwise() {
        var rng = SeededRandom(seed: 37)
        for length in [0, 1, 7, 8, 9, 255 * 8 - 1, 255 * 8, 255 * 8 + 9, 5000, 255 * 16 - 1, 255 * 16, 255 * 16 + 17] {
            let bytes = (0..<length).map { _ in [0x0A, 0x0B, 0x8A, 0x61, 0x0A][Int.random(in: 0..<5, using: &rng)] }
                .map(UInt8.init)
            let all = [UInt8](repeating: 0x0A, count: length)
            for b in [bytes, all] {
                let expected = b.filter { $0 == 0x0A }.count
                let start = min(3, b.count)
                let fromThree = b[start...].filter { $0 == 0x0A }.count
                b.withUnsafeBufferPointer { p in
                    #expect(ByteScan.count(0x0A, in: p) == expected, "length \(length)")
                    #expect(
                        ByteScan.count(0x0A, in: UnsafeBufferPointer(rebasing: p[start...])) == fromThree,
                        "length \(length)")
                }
            }
        }
    }
}
