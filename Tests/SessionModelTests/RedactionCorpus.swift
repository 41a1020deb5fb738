import Foundation

@testable import SessionModel

/// The corpus generator is `SplitMix64Unit` (HardeningParserTests.swift): the same corpus on every run, and no body
/// is ever a live secret.
typealias SeededRandom = SplitMix64Unit

/// One planted secret: its label, the value that must not survive, and the texts that hold it.
struct PlantedSecret {
    var label: String
    var secret: String
    /// With no secret-like name next to it (nil: the kind has no shape of its own, only a name).
    var bare: String?
    var named: String
}

/// The generated corpus. Secret-looking strings are built at test time from pieces and random bodies, so nothing
/// here is a credential (and push protection has nothing to flag).
enum SecretCorpus {
    static let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = Array("abcdefghijklmnopqrstuvwxyz")
    static let digits = Array("0123456789")
    static let hex = Array("0123456789abcdef")

    /// `n` random characters from `alphabet`.
    static func pick(_ alphabet: [Character], _ n: Int, _ rng: inout SeededRandom) -> String {
        String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
    }

    /// A body of `n` characters of `cls` (letters and digits only), holding an upper, a lower and a digit where the
    /// class has them.
    static func body(_ cls: ByteClass, _ n: Int, _ rng: inout SeededRandom) -> String {
        let alphabet = (upper + lower + digits).filter { cls.contains($0.asciiValue!) }
        guard n > 0 else { return "" }
        var chars = Array(pick(alphabet, n, &rng))
        var slot = 0
        for group in [upper, lower, digits] {
            let allowed = group.filter { cls.contains($0.asciiValue!) }
            if !allowed.isEmpty && slot < n {
                chars[slot] = allowed.randomElement(using: &rng)!
                slot += 1
            }
        }
        chars.shuffle(using: &rng)
        return String(chars)
    }

    static func uuid(_ rng: inout SeededRandom) -> String {
        [8, 4, 4, 4, 12].map { pick(hex, $0, &rng) }.joined(separator: "-")
    }

    static func base64(_ n: Int, _ rng: inout SeededRandom) -> String {
        Data((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }).base64EncodedString()
    }

    /// A token of a prefix rule: `prefix` + a body of the rule's shape.
    static func token(_ rule: RedactionRule, prefix: String, _ rng: inout SeededRandom) -> String {
        let n = rule.exactBody ?? max(rule.minBody, 8) + Int.random(in: 0...6, using: &rng)
        switch rule.kind {
        case "1password-secret-key":
            return prefix + [6, 6, 5, 5, 5, 5].map { body(.upperAlnum, $0, &rng) }.joined(separator: "-")
        case "airtable": return prefix + body(.alnum, 14, &rng) + "." + pick(hex, 64, &rng)
        case "harness":
            return prefix + body(.alnum, 22, &rng) + "." + pick(hex, 24, &rng) + "." + body(.alnum, 20, &rng)
        case "dynatrace": return prefix + body(.upperAlnum, 24, &rng) + "." + body(.upperAlnum, 64, &rng)
        case "sendgrid": return prefix + body(.alnum, 22, &rng) + "." + body(.alnum, 43, &rng)
        case "langsmith": return prefix + pick(hex, 32, &rng) + "_" + pick(hex, 10, &rng)
        case "brevo": return prefix + pick(hex, 64, &rng) + "-" + body(.alnum, 16, &rng)
        case "postman": return prefix + pick(hex, 24, &rng) + "-" + pick(hex, 34, &rng)
        case "discord-webhook", "zapier-webhook":
            return prefix + pick(digits, 18, &rng) + "/" + body(.alnum, max(n - 19, 12), &rng)
        default: break
        }
        if rule.body.table == ByteClass.hexDash.table && rule.exactBody == 36 { return prefix + uuid(&rng) }
        if rule.body.table == ByteClass.lowerHex.table || rule.body.table == ByteClass.hexDash.table {
            var b = pick(hex, n, &rng)
            if rule.needsDigit { b = "7" + b.dropFirst() }
            return prefix + b
        }
        return prefix + body(rule.body, n, &rng)
    }

    static func snake(_ kind: String) -> String {
        kind.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// Bare contexts: a log line, a command, prose, brackets — no secret-like name.
    static func bareContext(_ t: String, _ n: Int) -> String {
        switch n % 6 {
        case 0: return "the request failed for \(t), retrying in 5s"
        case 1: return "2026-11-21T08:00:00Z INFO loaded \(t) from cache"
        case 2: return "run it again with `\(t)` and see"
        case 3: return "(\(t))"
        case 4: return "value: [\(t)]"
        default: return "\(t)"
        }
    }

    /// Named contexts: the token next to its usual variable name, in several syntaxes.
    static func namedContext(_ t: String, _ kind: String, _ n: Int) -> String {
        let name = snake(kind)
        switch n % 5 {
        case 0: return "export \(name)_API_KEY=\"\(t)\""
        case 1: return "\(name)_TOKEN=\(t)"
        case 2: return "{\"\(name.lowercased())_api_key\": \"\(t)\"}"
        case 3: return "  \(name.lowercased())_secret: \(t)"
        default: return "\(name.lowercased()).api_key = '\(t)'"
        }
    }

    static func pem(_ label: String, _ rng: inout SeededRandom, escaped: Bool = false) -> (String, String) {
        let lines = (0..<4).map { _ in String(base64(48, &rng).prefix(64)) }
        let nl = escaped ? "\\n" : "\n"
        let dashes = String(repeating: "-", count: 5)
        let text =
            dashes + "BEGIN " + label + dashes + nl + lines.joined(separator: nl) + nl + dashes + "END " + label
            + dashes
        return (text, lines[1])
    }

    /// The whole corpus: every prefix rule (one planted token per prefix), the shaped and context rules, and the
    /// vendors known only by name.
    static func generate(seed: UInt64 = 11) -> [PlantedSecret] {
        var rng = SeededRandom(seed: seed)
        var out: [PlantedSecret] = []
        var n = 0
        func add(_ label: String, _ secret: String, bare: String?, named: String) {
            out.append(PlantedSecret(label: label, secret: secret, bare: bare, named: named))
            n += 1
        }
        for rule in RedactionRules.table where rule.isPlainPrefixRule {
            for (k, prefix) in rule.prefixes.enumerated() {
                let t = token(rule, prefix: prefix, &rng)
                let t2 = token(rule, prefix: prefix, &rng)
                let secret = rule.keepPrefix ? String(t.dropFirst(prefix.count)) : t
                let url = rule.keepPrefix && prefix.contains(".com") ? "https://" : ""
                let label = rule.prefixes.count == 1 ? rule.kind : "\(rule.kind)#\(k)"
                add(
                    label, secret, bare: bareContext(url + t, n),
                    named: namedContext(url + (rule.keepPrefix ? t : t2), rule.kind, n).replacingOccurrences(
                        of: t2, with: t))
            }
        }
        // Shaped tokens.
        let jwt =
            "eyJ" + body(.alnum, 30, &rng) + ".eyJ" + body(.alnum, 60, &rng) + "." + body(.base64URL, 43, &rng)
        add("jwt", jwt, bare: bareContext(jwt, n), named: "SESSION_TOKEN=" + jwt)
        let tg = pick(digits, 9, &rng) + ":AA" + body(.alnum, 33, &rng)
        add("telegram", tg, bare: "bot " + tg + " started", named: "TELEGRAM_BOT_TOKEN=" + tg)
        let discord =
            "M" + body(.alnum, 23, &rng) + "." + body(.alnum, 6, &rng) + "." + body(.alnum, 27, &rng)
        add("discord", discord, bare: "client.run(" + discord + ")", named: "DISCORD_TOKEN=" + discord)
        let tf = pick(lower + digits, 14, &rng) + ".atlasv1." + body(.alnum, 67, &rng)
        add("terraform-cloud", tf, bare: bareContext(tf, n), named: "TFE_TOKEN=\"" + tf + "\"")
        let azure = body(.alnum, 3, &rng) + "8Q~" + body(.alnum, 34, &rng)
        add("azure-ad-client-secret", azure, bare: bareContext(azure, n), named: "AZURE_CLIENT_SECRET=" + azure)
        let mc = pick(hex, 32, &rng) + "-us" + "14"
        add("mailchimp", mc, bare: bareContext(mc, n), named: "MAILCHIMP_KEY=" + mc)
        let dsnKey = pick(hex, 32, &rng)
        add(
            "sentry-dsn", dsnKey, bare: "dsn https://" + dsnKey + "@o42.ingest.sentry.io/7",
            named: "SENTRY_DSN=https://" + dsnKey + "@o42.ingest.sentry.io/7")
        let ansi = "gh" + "p_" + body(.alnum, 36, &rng)
        add("ansi-github", ansi, bare: "\u{1B}[1;32m" + ansi + "\u{1B}[0m", named: "GH_TOKEN=\u{1B}[33m" + ansi)
        // Key files.
        let pemLabels = [
            ("pem-rsa", "RSA PRIVATE KEY"), ("pem-ec", "EC PRIVATE KEY"), ("pem-dsa", "DSA PRIVATE KEY"),
            ("pem-pkcs8", "PRIVATE KEY"), ("pem-encrypted", "ENCRYPTED PRIVATE KEY"),
            ("pem-openssh", "OPENSSH PRIVATE KEY"), ("pem-pgp", "PGP PRIVATE KEY BLOCK"),
        ]
        for (label, pemLabel) in pemLabels {
            let (text, secret) = pem(pemLabel, &rng)
            add(label, secret, bare: "key file:\n" + text + "\ndone", named: "private_key: |\n" + text)
        }
        let (escapedPEM, escapedSecret) = pem("RSA PRIVATE KEY", &rng, escaped: true)
        add(
            "pem-escaped", escapedSecret, bare: "{\"key\": \"" + escapedPEM + "\"}",
            named: "{\"private_key\": \"" + escapedPEM + "\"}")
        let (kubePEM, _) = pem("RSA PRIVATE KEY", &rng)
        let kube = Data(kubePEM.utf8).base64EncodedString()
        add(
            "kubeconfig-client-key", kube, bare: "    client-key-data: " + kube,
            named: "users:\n- name: admin\n  user:\n    client-key-data: " + kube)
        let ppk = (0..<3).map { _ in String(base64(48, &rng).prefix(64)) }
        add(
            "putty-ppk", ppk[1],
            bare: "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 3\n" + ppk.joined(separator: "\n")
                + "\nPrivate-MAC: " + pick(hex, 64, &rng),
            named: "Private-Lines: 3\n" + ppk.joined(separator: "\n"))
        let wg = base64(32, &rng)
        add("wireguard", wg, bare: nil, named: "[Interface]\nPrivateKey = " + wg + "\nAddress = 10.0.0.2/32")
        // Credentials in URLs and connection strings, any length.
        for scheme in ["postgres", "mysql", "mongodb+srv", "redis", "amqp", "https", "ftp", "smtp"] {
            let pw = body(.alnum, 6 + Int.random(in: 0...10, using: &rng), &rng)
            let user = scheme == "redis" ? "" : "app"
            add(
                "url-password-" + scheme, pw,
                bare: "connect to " + scheme + "://" + user + ":" + pw + "@db.internal:5432/x",
                named: "DATABASE_URL=" + scheme + "://" + user + ":" + pw + "@db.internal/x")
        }
        let ado = body(.alnum, 10, &rng)
        add(
            "connection-string-ado", ado, bare: "Server=tcp:db,1433;Database=app;User Id=sa;Password=" + ado + ";",
            named: "ConnectionStrings__Default=\"Server=db;Pwd=" + ado + ";\"")
        let jdbc = body(.alnum, 9, &rng)
        add(
            "connection-string-jdbc", jdbc, bare: "jdbc:mysql://db:3306/app?user=app&password=" + jdbc + "&ssl=true",
            named: "spring.datasource.password=" + jdbc)
        // Passwords on command lines.
        let cli: [(String, (String) -> String)] = [
            ("cli-mysql", { "mysql -u root -p" + $0 + " app < dump.sql" }),
            ("cli-sshpass", { "sshpass -p " + $0 + " ssh deploy@host" }),
            ("cli-htpasswd", { "htpasswd -b -c /etc/nginx/.htpasswd admin " + $0 }),
            ("cli-curl-user", { "curl -u admin:" + $0 + " https://api.example.com/x" }),
            ("cli-docker-login", { "docker login -u bot -p " + $0 + " registry.example.com" }),
            ("cli-password-flag", { "tool connect --password " + $0 + " --host db" }),
            ("cli-token-flag", { "gh-cli login --token " + $0 }),
            ("cli-api-key-flag", { "client --api-key " + $0 + " --verbose" }),
        ]
        for (label, make) in cli {
            let pw = body(.alnum, 8 + Int.random(in: 0...8, using: &rng), &rng)
            add(label, pw, bare: make(pw), named: "$ " + make(pw))
        }
        let awsSecret = body(.base64, 40, &rng)
        add(
            "cli-aws-configure", awsSecret, bare: "aws configure set aws_secret_access_key " + awsSecret,
            named: "AWS_SECRET_ACCESS_KEY=" + awsSecret)
        let netrc = body(.alnum, 12, &rng)
        add(
            "netrc", netrc, bare: "machine api.example.com login bob password " + netrc,
            named: "machine git.example.com\n  login bob\n  password " + netrc)
        let dockerAuth = Data(("bot:" + body(.alnum, 14, &rng)).utf8).base64EncodedString()
        add(
            "docker-auth", dockerAuth, bare: "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + dockerAuth + "\"}}}",
            named: "{\"auths\": {\"ghcr.io\": {\"auth\": \"" + dockerAuth + "\"}}}")
        // Config files: YAML/TOML/INI values, short or long, quoted or not.
        for (label, make) in [
            ("yaml-password", { (v: String) in "db:\n  password: " + v }),
            ("yaml-secret-quoted", { (v: String) in "  client_secret: \"" + v + "\"" }),
            ("toml-password", { (v: String) in "[database]\npassword = \"" + v + "\"" }),
            ("ini-password", { (v: String) in "[db]\npassword=" + v }),
            ("json-password", { (v: String) in "{\"user\": \"app\", \"password\": \"" + v + "\"}" }),
            ("k8s-secret-data", { (v: String) in "data:\n  password: " + Data(v.utf8).base64EncodedString() }),
        ] as [(String, (String) -> String)] {
            let v = body(.alnum, 6 + Int.random(in: 0...6, using: &rng), &rng)
            let text = make(v)
            let secret = label == "k8s-secret-data" ? Data(v.utf8).base64EncodedString() : v
            add(label, secret, bare: text, named: text)
        }
        let authz = body(.base64URL, 40, &rng)
        add(
            "authorization-bearer", authz, bare: "curl -H 'Authorization: Bearer " + authz + "' https://x",
            named: "{\"headers\": {\"Authorization\": \"Bearer " + authz + "\"}}")
        // Encoded secrets: base64 of a .env, of a URL with a password.
        let envKey = body(.base64, 40, &rng)
        let env64 = Data(("AWS_SECRET_ACCESS_KEY=" + envKey + "\nREGION=eu-west-1\n").utf8).base64EncodedString()
        add("base64-env", env64, bare: "echo " + env64 + " | base64 -d > .env", named: "ENV_B64=" + env64)
        let url64 = Data(("postgres://app:" + body(.alnum, 10, &rng) + "@db/app").utf8).base64EncodedString()
        add("base64-url", url64, bare: "  DATABASE_URL: " + url64, named: "  DATABASE_URL: " + url64)
        // Vendors known only by name: no shape in a bare context (out of reach there).
        var seen = Set<String>()
        for (word, kind) in RedactionRules.vendorNames where seen.insert(kind).inserted {
            let v = body(.alnum, 32, &rng)
            add("name-" + kind, v, bare: nil, named: word.uppercased() + "_API_KEY=" + v)
        }
        return out
    }
}

/// Where a planted text goes in a message.
enum PlantContext: String, CaseIterable {
    case user, assistant, toolInput, toolOutput, thinking
}

/// One session holding every planted secret of the corpus in every context (a fresh token per placement), as the
/// neutral messages every format is rendered from.
struct PlantedSession {
    /// The message texts, and per placement its label and secret.
    var messages: [TranscriptMessage] = []
    var placements: [(label: String, variant: String, context: PlantContext, secret: String)] = []

    init(corpus: [PlantedSecret]) {
        var seq = 0
        for planted in corpus {
            for (variant, text) in [("bare", planted.bare), ("named", planted.named)] {
                guard let text else { continue }
                for context in PlantContext.allCases {
                    seq += 1
                    let id = "m\(seq)"
                    var m: TranscriptMessage
                    switch context {
                    case .user: m = TranscriptMessage(role: .user, id: id, text: text)
                    case .assistant: m = TranscriptMessage(role: .assistant, id: id, text: text)
                    case .toolInput:
                        m = TranscriptMessage(
                            role: .assistant, id: id,
                            toolCalls: [ToolCall(id: "call_\(seq)", name: "Bash", input: ["command": .string(text)])])
                    case .toolOutput:
                        m = TranscriptMessage(
                            role: .user, id: id, toolResults: [ToolResult(callId: "call_\(seq)", output: text)])
                    case .thinking: m = TranscriptMessage(role: .assistant, id: id, text: "ok", thinking: [text])
                    }
                    messages.append(m)
                    placements.append((planted.label, variant, context, planted.secret))
                }
            }
        }
    }
}

/// A store over in-memory messages, with an optional native file.
struct PlantedStore: SessionStore {
    var agent: AgentKind
    var messages: [TranscriptMessage]
    var nativePath: String
    var location: String { "test" }

    var summary: SessionSummary {
        SessionSummary(
            agent: agent, id: "11111111-2222-4333-8444-555555555555", path: nativePath,
            startedAt: "2026-11-21T08:00:00Z", title: "planted corpus", messageCount: messages.count)
    }

    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [summary] }
    func session(id: String) throws(SessionError) -> SessionSummary? { summary }
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        for m in messages { try visit(.message(m)) }
        return ReadStats()
    }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

/// The messages as each agent stores them, one JSON line each (what a native export copies).
enum NativeLines {
    static func line(_ m: TranscriptMessage, agent: AgentKind) -> JSONValue {
        let text = JSONValue.string(m.text)
        let signature = JSONValue.string(String(repeating: "EqoBCkYIBhgCKkA", count: 8))
        switch agent {
        case .claude:
            var content: [JSONValue] = []
            if !m.text.isEmpty { content.append(["type": "text", "text": text]) }
            for t in m.thinking {
                content.append(["type": "thinking", "thinking": .string(t), "signature": signature])
            }
            for c in m.toolCalls {
                content.append(["type": "tool_use", "id": .string(c.id ?? ""), "name": "Bash", "input": c.input])
            }
            for r in m.toolResults {
                content.append([
                    "type": "tool_result", "tool_use_id": .string(r.callId ?? ""), "content": .string(r.output),
                ])
            }
            return [
                "type": .string(m.role == .user ? "user" : "assistant"), "uuid": .string(m.id ?? ""),
                "message": ["role": .string(m.role == .user ? "user" : "assistant"), "content": .array(content)],
            ]
        case .codex:
            if let c = m.toolCalls.first {
                return [
                    "type": "response_item",
                    "payload": [
                        "type": "function_call", "name": "shell", "call_id": .string(c.id ?? ""),
                        "arguments": .string(JSONWriter.compactString(c.input)),
                    ],
                ]
            }
            if let r = m.toolResults.first {
                return [
                    "type": "response_item",
                    "payload": ["type": "function_call_output", "call_id": "c", "output": .string(r.output)],
                ]
            }
            if let t = m.thinking.first {
                return [
                    "type": "response_item",
                    "payload": [
                        "type": "reasoning", "summary": [["type": "summary_text", "text": .string(t)]],
                        "encrypted_content": .string("gAAAAA" + String(repeating: "Bz9kQm1x", count: 12)),
                    ],
                ]
            }
            return [
                "type": "response_item",
                "payload": [
                    "type": "message", "role": .string(m.role == .user ? "user" : "assistant"),
                    "content": [["type": .string(m.role == .user ? "input_text" : "output_text"), "text": text]],
                ],
            ]
        case .gemini:
            return [
                "id": .string(m.id ?? ""), "type": .string(m.role == .user ? "user" : "gemini"), "content": text,
                "thoughts": .array(m.thinking.map { ["subject": "plan", "description": .string($0)] }),
                "toolCalls": .array(
                    m.toolCalls.map { ["id": .string($0.id ?? ""), "name": "run_shell_command", "args": $0.input] }
                        + m.toolResults.map {
                            ["id": "r", "result": [["functionResponse": ["response": ["output": .string($0.output)]]]]]
                        }),
            ]
        default:
            return [
                "type": .string(m.role == .user ? "user.message" : "assistant.message"),
                "data": [
                    "content": text, "reasoningText": .string(m.thinking.first ?? ""),
                    "toolRequests": .array(m.toolCalls.map { ["name": "bash", "arguments": $0.input] }),
                    "result": ["content": .string(m.toolResults.first?.output ?? "")],
                ],
            ]
        }
    }

    static func write(_ messages: [TranscriptMessage], agent: AgentKind, to path: String) throws {
        var out = ""
        for m in messages { out += JSONWriter.compactString(line(m, agent: agent)) + "\n" }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
