import Foundation
import Testing

@testable import SessionModel

/// One corpus line: its kind, the text with the brackets removed, and the secrets it holds.
struct SecretSample {
    var kind: String
    var text: String
    var secrets: [String]
    var line: Int
}

func secretSamples() throws -> [SecretSample] {
    var samples: [SecretSample] = []
    for (index, line) in try Fixtures.text("redaction/secrets.txt").split(separator: "\n").enumerated() {
        if line.hasPrefix("#") || line.isEmpty { continue }
        let parts = line.split(separator: "\t", maxSplits: 1)
        var text = ""
        var secrets: [String] = []
        var rest = Substring(parts[1])
        while let open = rest.firstIndex(of: "⟦") {
            text += rest[..<open]
            let after = rest[rest.index(after: open)...]
            let close = after.firstIndex(of: "⟧")!
            secrets.append(String(after[..<close]))
            text += after[..<close]
            rest = after[after.index(after: close)...]
        }
        text += rest
        samples.append(SecretSample(kind: String(parts[0]), text: text, secrets: secrets, line: index + 1))
    }
    return samples
}

@Suite struct RedactionTests {
    @Test func everySecretInTheCorpusIsRedactedUnderItsKind() throws {
        let samples = try secretSamples()
        #expect(samples.count >= 60)
        for sample in samples {
            var counts = RedactionCounts()
            let out = Redactor().redact(sample.text, counts: &counts)
            for secret in sample.secrets {
                #expect(!out.contains(secret), "line \(sample.line): \(sample.kind) secret survived: \(out)")
            }
            #expect(out.contains("[REDACTED:\(sample.kind)]"), "line \(sample.line): \(out)")
            #expect(counts.byKind[sample.kind] == sample.secrets.count, "line \(sample.line): \(counts.byKind)")
        }
    }

    @Test func theCorpusHasSeveralSamplesOfEveryKind() throws {
        let samples = try secretSamples()
        for kind in RedactionRules.kinds {
            let n = samples.filter { $0.kind == kind }.count
            #expect(n >= 3, "only \(n) samples of \(kind)")
        }
        // Every vendor or kind the issue names has a rule.
        for kind in [
            "anthropic", "openai", "aws-access-key", "aws-secret-key", "github", "github-fine-grained", "gitlab",
            "slack", "stripe", "google", "npm", "pypi", "huggingface", "twilio", "sendgrid", "azure", "jwt",
            "private-key", "authorization", "url-password", "env-secret", "secret-assignment",
        ] {
            #expect(RedactionRules.kinds.contains(kind), "no rule for \(kind)")
        }
    }

    @Test func theWholeSecretsFileIsRedactedInOnePass() throws {
        let samples = try secretSamples()
        let whole = samples.map(\.text).joined(separator: "\n")
        var counts = RedactionCounts()
        let out = Redactor().redact(whole, counts: &counts)
        for secret in samples.flatMap(\.secrets) { #expect(!out.contains(secret)) }
        #expect(counts.total == samples.reduce(0) { $0 + $1.secrets.count })
        // The report never holds a secret.
        let report = JSONWriter.compactString(counts.json) + counts.summary
        for secret in samples.flatMap(\.secrets) { #expect(!report.contains(secret)) }
    }

    @Test func theCleanCorpusIsUntouched() throws {
        let clean = try Fixtures.text("redaction/clean.txt")
        var counts = RedactionCounts()
        let out = Redactor().redact(clean, counts: &counts)
        #expect(counts.byKind == [:], "false positives: \(counts.byKind)")
        #expect(Array(out.utf8) == Array(clean.utf8))
        // Line by line too (the export redacts one line or one string at a time).
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
        for sample in try secretSamples() {
            // As an agent would store it: the text inside a JSON string, escaped.
            let line = JSONWriter.compactString([
                "type": "user", "message": ["content": .string(sample.text + "\nnext line.")],
            ])
            var counts = RedactionCounts()
            let out = Redactor().redact(line, counts: &counts)
            let parsed = try JSONParser.parse(out)
            let content = try #require(parsed["message"]?["content"]?.stringValue, "line \(sample.line): \(out)")
            for secret in sample.secrets {
                // A secret that holds a JSON escape (a PEM's \n) is written differently in the line: check both.
                #expect(!content.contains(secret.replacingOccurrences(of: "\\n", with: "\n")), "line \(sample.line)")
            }
            #expect(content.contains("[REDACTED:"), "line \(sample.line): \(content)")
            #expect(content.hasSuffix("\nnext line."))
        }
    }

    @Test func escapedNewlineBeforeATokenStillCountsAsAWordStart() {
        var counts = RedactionCounts()
        let line = #"{"text":"keys:\nghp_abcdefghijklmnopqrstuvwxyz0123456789\nAPI_TOKEN=abc123def"}"#
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
}
