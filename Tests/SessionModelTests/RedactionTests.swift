import Foundation
import Testing

@testable import SessionModel

/// Finds which planted secrets an output still holds, in one pass over its bytes (keyed by their first 6 bytes).
struct SurvivorFinder {
    var byKey: [UInt64: [[UInt8]]] = [:]

    init(_ secrets: [String]) {
        for s in Set(secrets) {
            let b = Array(s.utf8)
            precondition(b.count >= 6, "secret too short to key: \(b.count)")
            byKey[SurvivorFinder.key(b, 0), default: []].append(b)
        }
    }

    static func key(_ b: [UInt8], _ i: Int) -> UInt64 {
        var k: UInt64 = 0
        for j in 0..<6 { k = k << 8 | UInt64(b[i + j]) }
        return k
    }

    func survivors(in text: [UInt8]) -> Set<String> {
        var found = Set<String>()
        guard text.count >= 6 else { return found }
        var k: UInt64 = 0
        for j in 0..<5 { k = k << 8 | UInt64(text[j]) }
        for i in 0...(text.count - 6) {
            k = (k << 8 | UInt64(text[i + 5])) & 0xFFFF_FFFF_FFFF
            guard let candidates = byKey[k] else { continue }
            for c in candidates where i + c.count <= text.count && Array(text[i..<(i + c.count)]) == c {
                found.insert(String(decoding: c, as: UTF8.self))
            }
        }
        return found
    }
}

@Suite struct RedactionTests {
    static let corpus = SecretCorpus.generate()

    @Test func theTableIsWideAndEveryKindIsPlanted() {
        let kinds = Set(RedactionRules.kinds)
        #expect(kinds.count >= 150, "\(kinds.count) kinds")
        let labels = Set(Self.corpus.map(\.label))
        #expect(labels.count >= 150, "\(labels.count) planted kinds")
        // Every vendor the issue names has a rule (by shape or by name).
        for vendor in [
            "anthropic", "openai", "google-api-key", "groq", "xai", "mistral", "cohere", "deepseek", "perplexity",
            "replicate", "huggingface", "aws-access-key", "aws-secret-key", "aws-session-token", "azure",
            "digitalocean", "heroku", "fly", "vercel", "netlify", "cloudflare", "supabase", "github", "gitlab",
            "bitbucket", "npm", "pypi", "rubygems", "nuget", "dockerhub", "jfrog", "slack", "slack-webhook",
            "discord", "discord-webhook", "teams-webhook", "telegram", "twilio", "sendgrid", "mailgun", "mailchimp",
            "brevo", "datadog", "newrelic", "sentry", "sentry-dsn", "grafana", "vault", "doppler", "1password",
            "pulumi", "terraform-cloud", "circleci", "snyk", "sonarqube", "linear", "notion", "atlassian", "shopify",
            "stripe", "square", "jwt", "private-key", "putty-key", "url-password", "password", "cli-password",
            "netrc", "docker-auth", "base64-secret", "authorization", "env-secret", "secret-assignment",
        ] {
            #expect(kinds.contains(vendor), "no rule for \(vendor)")
        }
    }

    /// Each prefix rule: a generated token is redacted under the rule's kind (positive), and the same prefix with a
    /// body one character short is left alone (negative).
    @Test func everyPrefixRuleHasAPositiveAndANegativeSample() {
        var rng = SeededRandom(seed: 7)
        let r = Redactor()
        for rule in RedactionRules.table where rule.isPlainPrefixRule {
            for prefix in rule.prefixes {
                let token = SecretCorpus.token(rule, prefix: prefix, &rng)
                var counts = RedactionCounts()
                let out = r.redact("see " + token + " here", counts: &counts)
                #expect(counts.byKind[rule.kind] == 1, "\(rule.kind) \(prefix): \(counts.byKind)")
                #expect(!out.contains(String(token.dropFirst(prefix.count))), "\(rule.kind): \(out)")
                let short = (rule.exactBody ?? rule.minBody) - 1
                guard short > 0 else { continue }
                let negative = "see " + prefix + SecretCorpus.body(rule.body, short, &rng) + " here"
                var c2 = RedactionCounts()
                _ = r.redact(negative, counts: &c2)
                // (Another rule may still take it: `sk-helicone-` + 27 is an OpenAI-shaped key.)
                #expect(c2.byKind[rule.kind] == nil, "\(rule.kind) negative: \(c2.byKind)")
            }
        }
    }

    /// A token wrapped across lines — a real line break (LF or CRLF) or a JSON-escaped one, once or twice — is
    /// redacted whole; a short word at a line's end followed by another word is not joined into a token.
    @Test func tokensWrappedAcrossLinesAreRedactedWhole() {
        var rng = SeededRandom(seed: 9)
        let r = Redactor()
        var tried = 0
        for rule in RedactionRules.table where rule.isPlainPrefixRule {
            for prefix in rule.prefixes {
                let token = SecretCorpus.token(rule, prefix: prefix, &rng)
                let body = Array(token.dropFirst(prefix.count))
                guard body.count >= 16, !body.contains(where: { !$0.isLetter && !$0.isNumber }) else { continue }
                let cut = prefix.count + 8 + (body.count - 16) / 2
                let head = String(token.prefix(cut)), tail = String(token.dropFirst(cut))
                for lineBreak in ["\n", "\r\n", "\\n", "\\\\n"] {
                    var counts = RedactionCounts()
                    let out = r.redact("key: " + head + lineBreak + tail + " ok", counts: &counts)
                    #expect(counts.byKind[rule.kind] == 1, "\(rule.kind) \(prefix) wrapped: \(counts.byKind)")
                    #expect(!out.contains(tail) && !out.contains(String(head.dropFirst(prefix.count))), "\(out)")
                    #expect(out.hasSuffix(" ok"))
                    tried += 1
                }
            }
        }
        #expect(tried > 100)
        // Innocent line ends stay: too short before the break, or prose after it.
        for text in ["see ghp_\nfoo", "the sk-\nproject", "AKIA\nsomething", "npm_install\nnext line here"] {
            var counts = RedactionCounts()
            #expect(r.redact(text, counts: &counts) == text, "\(text): \(counts.byKind)")
        }
    }

    /// Context rules: one sample each way, built from pieces.
    @Test(
        arguments: [
            (
                "aws-secret-key", "aws_secret_access_key = " + String(repeating: "wJalrXUtnF", count: 4),
                "aws_region = eu-west-1"
            ),
            ("telegram", "bot 123456789:" + String(repeating: "AAhk3", count: 7) + " up", "at 12:30:45 the bot 123:45"),
            (
                "discord", "MzQ1Njc4OTAx" + "MjM0NTY3ODkw" + "." + "Gx9aBc" + "." + "q1Wz8Kp2Lm" + "4Nx7Vb3Hc6Jd9Rf5Tg",
                "Main.swift and Network.Foo.bar"
            ),
            (
                "terraform-cloud", "abcdefgh123456" + ".atlas" + "v1." + String(repeating: "xY9", count: 21),
                "see docs.atlasv1.example"
            ),
            ("azure-ad-client-secret", "abc8Q" + "~" + String(repeating: "Zq4.", count: 8) + "Zq", "Q~ alone"),
            ("mailchimp", String(repeating: "0a1b2c3d", count: 4) + "-us" + "14", "the us-east-1 region"),
            (
                "sentry-dsn", "https://" + String(repeating: "0a1b2c3d", count: 4) + "@o1.ingest.sentry.io/2",
                "https://user@example.com/"
            ),
            ("url-password", "redis://:" + "pw" + "4242@cache:6379", "https://example.com:8443/path"),
            ("password", "password: " + "hunter" + "22", "password: String"),
            ("password", "Server=db;Pwd=" + "s3cr" + "et9;", "let pwd = try read()"),
            ("cli-password", "mysql -u root -p" + "Sup3r" + "pw app", "gcc -pthread -pipe main.c"),
            ("cli-password", "curl -u admin:" + "Zx81" + "qq https://x", "git push -u origin main"),
            ("cli-password", "tool --password " + "Zq8" + "xkw", "tool --password-stdin < file"),
            ("netrc", "machine h login u password " + "Ab3" + "dz9", "the password is stored elsewhere"),
            (
                "docker-auth", #"{"auth":""# + Data("bot:Pw12345678".utf8).base64EncodedString() + #""}"#,
                #"{"auth":"none"}"#
            ),
            (
                "base64-secret", "echo " + Data(("API_TOKEN=" + "abc" + "123def456").utf8).base64EncodedString(),
                "echo aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ="
            ),
            ("authorization", "Authorization: Bearer " + "abcDEF" + "123456789xyz", "Authorization: Bearer $TOKEN"),
            ("env-secret", "API_TOKEN=" + "abc1" + "23", "API_TOKEN=$API_TOKEN"),
            ("secret-assignment", #"client_secret = ""# + "Xk9vQ2mR7tLp4wZs8nB1" + #"""#, "client_secret = None"),
            ("wireguard", "PrivateKey = " + String(repeating: "yAnz5TFy", count: 5) + "QWE=", "PrivateKey = <key>"),
            ("putty-key", "Private-Lines: 1\n" + String(repeating: "AAAAIFz3", count: 8), "Private-Lines: none"),
        ] as [(String, String, String)])
    func contextRuleSamples(_ sample: (kind: String, positive: String, negative: String)) {
        let r = Redactor()
        var counts = RedactionCounts()
        let out = r.redact(sample.positive, counts: &counts)
        #expect(counts.byKind[sample.kind] != nil, "\(sample.kind): \(out) \(counts.byKind)")
        var c2 = RedactionCounts()
        #expect(r.redact(sample.negative, counts: &c2) == sample.negative, "\(sample.kind): \(c2.byKind)")
    }

    @Test func theCleanCorpusIsUntouched() throws {
        let clean = try Fixtures.text("redaction/clean.txt")
        var counts = RedactionCounts()
        let out = Redactor().redact(clean, counts: &counts)
        #expect(counts.byKind == [:], "false positives: \(counts.byKind)")
        #expect(Array(out.utf8) == Array(clean.utf8))
        for line in clean.split(separator: "\n") {
            var c = RedactionCounts()
            #expect(Redactor().redact(String(line), counts: &c) == String(line))
        }
    }

    @Test func realAgentTranscriptsHaveNoFalsePositives() throws {
        for path in [
            "claude/real-2.1.329/projects/-tmp-agent-sessions-fixture-sb-projects-app/5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10.jsonl",
            "codex/real-0.163.0/sessions/2026/11/21/rollout-2026-11-21T08-23-59-01a1fd34-82b8-7850-8047-159de68d9e13.jsonl",
        ] {
            var counts = RedactionCounts()
            var scratch: [UInt8] = []
            try LineReader.forEachLine(path: Fixtures.path(path)) { line, _ in
                scratch.removeAll()
                _ = SessionExporter.redactNativeLine(line, Redactor(), &counts, scratch: &scratch)
                return true
            }
            #expect(counts.byKind == [:], "\(path): \(counts.byKind)")
        }
    }

    @Test func secretsInsideJSONStringsLeaveValidJSON() throws {
        for planted in Self.corpus {
            for text in [planted.bare, planted.named].compactMap({ $0 }) {
                let line = JSONWriter.compactString([
                    "type": "user", "message": ["content": .string(text + "\nnext line.")],
                ])
                var counts = RedactionCounts()
                let out = Redactor().redact(line, counts: &counts)
                let parsed = try JSONParser.parse(out)
                let content = try #require(parsed["message"]?["content"]?.stringValue, "\(planted.label): \(out)")
                #expect(content.hasSuffix("\nnext line."), "\(planted.label)")
            }
        }
    }

    @Test func escapedNewlineBeforeATokenStillCountsAsAWordStart() {
        var counts = RedactionCounts()
        let token = "gh" + "p_" + "abcdefghijklmnopqrstuvwxyz0123456789"
        let line = #"{"text":"keys:\n"# + token + #"\nAPI_TOKEN=abc123def"}"#
        let out = Redactor().redact(line, counts: &counts)
        #expect(out == #"{"text":"keys:\n[REDACTED:github]\nAPI_TOKEN=[REDACTED:env-secret]"}"#)
        #expect(counts.byKind == ["github": 1, "env-secret": 1])
    }

    @Test func onlyTheSecretPartIsReplaced() {
        var counts = RedactionCounts()
        let r = Redactor()
        #expect(
            r.redact("Authorization: Bearer abcdefghijklmnop1234", counts: &counts)
                == "Authorization: Bearer [REDACTED:authorization]")
        #expect(
            r.redact("postgres://app:pw123456@db:5432/x", counts: &counts)
                == "postgres://app:[REDACTED:url-password]@db:5432/x")
        #expect(
            r.redact("A=1;AccountKey=abcdefghijklmnopqrstuvwxyz0123456789+/==;B=2", counts: &counts)
                == "A=1;AccountKey=[REDACTED:azure];B=2")
        #expect(counts.summary == "3 secrets redacted (authorization 1, azure 1, url-password 1)")
    }

    @Test func theJSONTreeIsWalkedWholeButRealBlobsAreKept() throws {
        let token = "gh" + "o_" + String(repeating: "aB3", count: 12)
        let image = String(repeating: "iVBORw0KGgoAAAANSUhEUgAA", count: 4)
        let members: JSONValue = [
            "data": .string("key " + token),  // a key named data that is no blob
            "source": ["type": "base64", "media_type": "image/png", "data": .string(image)],
            "thinking": ["type": "thinking", "thinking": "ok", "signature": .string(image)],
            "arguments": .string(#"{"env":{"API_TOKEN":"abc123def"}}"#),
        ]
        let tree = members.jsonObjectWithKey(token)
        var counts = RedactionCounts()
        let out = SessionExporter.redact(tree, Redactor(), &counts)
        let text = JSONWriter.compactString(out)
        #expect(!text.contains(token))
        #expect(!text.contains("abc123def"))
        #expect(out["source"]?["data"]?.stringValue == image)
        #expect(out["thinking"]?["signature"]?.stringValue == image)
        #expect(counts.total == 3, "\(counts.byKind)")
    }
}

extension JSONValue {
    /// The object with one more member whose key is `key` (a literal dictionary cannot take a computed key).
    fileprivate func jsonObjectWithKey(_ key: String) -> JSONValue {
        guard case .object(var o) = self else { return self }
        o.removeValue(forKey: key)
        o[key] = "a key"
        return .object(o)
    }
}
