/// The redaction rules, in one table: what each kind looks like, and why.
///
/// Matching is done by hand (no regular expressions): the scanner in `Redactor` looks at a byte only when it can
/// start a rule (a prefix's first byte at a word boundary, `=`, `:`, `-----BEGIN`, `Authorization`), so clean text
/// costs one table lookup per byte. Every rule replaces only the secret part with `[REDACTED:<kind>]`; names,
/// schemes, user names and quotes around it stay, so JSON lines stay valid JSON (a secret never spans a quote or a
/// backslash escape: the value scanners stop at both).
public struct RedactionRule: Sendable {
    /// The `<kind>` in `[REDACTED:<kind>]` and in the counts.
    public var kind: String
    /// The shape, in regex-like notation, for people.
    public var pattern: String
    public var notes: String
    /// Literal prefixes that start a token of this kind (empty for the context rules at the bottom of the table).
    var prefixes: [String]
    /// The token's body after the prefix.
    var body: ByteClass
    var minBody: Int
    /// Exact body length when the vendor fixes it (then the next byte must not be a body byte either).
    var exactBody: Int?
    /// The body must hold an upper-case and a lower-case letter (keeps `hf_lowercase_words` clean)…
    var mixedCase: Bool
    /// … and a digit (keeps `sk-some-kebab-name` clean).
    var needsDigit: Bool
    /// The prefix is kept and only the body replaced (`AccountKey=[REDACTED:azure]`).
    var keepPrefix: Bool

    init(
        _ kind: String, _ pattern: String, _ notes: String, prefixes: [String] = [], body: ByteClass = .base64URL,
        min: Int = 0, exact: Int? = nil, mixedCase: Bool = false, needsDigit: Bool = false, keepPrefix: Bool = false
    ) {
        self.kind = kind
        self.pattern = pattern
        self.notes = notes
        self.prefixes = prefixes
        self.body = body
        self.minBody = min
        self.exactBody = exact
        self.mixedCase = mixedCase
        self.needsDigit = needsDigit
        self.keepPrefix = keepPrefix
    }
}

public enum RedactionRules {
    // swift-format-ignore
    /// Order matters only among rules sharing a prefix byte: the longer, more specific prefix comes first.
    public static let table: [RedactionRule] = [
        // kind                  pattern                                         notes
        RedactionRule("anthropic", #"sk-ant-(api03|admin01|oat01|…)-[A-Za-z0-9_-]{32,}"#,
                      "Anthropic API, admin and OAuth keys", prefixes: ["sk-ant-"], min: 32),
        RedactionRule("openai", #"sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,} with upper, lower and digit"#,
                      "OpenAI project, service-account, admin and legacy keys", prefixes: ["sk-"], min: 20,
                      mixedCase: true, needsDigit: true),
        RedactionRule("stripe", #"(sk|rk)_(live|test)_[A-Za-z0-9]{16,} | whsec_[A-Za-z0-9]{24,}"#,
                      "Stripe secret and restricted keys, webhook secrets (pk_ keys are public: kept)",
                      prefixes: ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"], body: .alnum, min: 16),
        RedactionRule("aws-access-key", #"(AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}"#,
                      "AWS access key ids (exactly 20 characters)",
                      prefixes: ["AKIA", "ASIA", "ABIA", "ACCA"], body: .upperAlnum, exact: 16),
        RedactionRule("aws-secret-key", #"<name with aws+secret> [:=] [A-Za-z0-9/+=]{40}"#,
                      "AWS secret access keys: only recognisable by their name (aws_secret_access_key, SecretAccessKey)"),
        RedactionRule("github", #"gh[pousr]_[A-Za-z0-9]{36,}"#,
                      "GitHub classic personal, OAuth, user-to-server, server-to-server and refresh tokens",
                      prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], body: .alnum, min: 36),
        RedactionRule("github-fine-grained", #"github_pat_[A-Za-z0-9_]{50,}"#,
                      "GitHub fine-grained personal access tokens (22 + _ + 59)", prefixes: ["github_pat_"],
                      body: .alnumUnderscore, min: 50),
        RedactionRule("gitlab", #"(glpat|gldt|glrt|glptt|glsoat|glcbt)-[A-Za-z0-9_-]{20,}"#,
                      "GitLab personal, deploy, runner, trigger, service-account and CI job tokens",
                      prefixes: ["glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "glcbt-"], min: 20),
        RedactionRule("slack", #"xox[abposre]-[A-Za-z0-9-]{10,} | xapp-… | hooks.slack.com/services/…"#,
                      "Slack bot, user, app and config tokens, incoming-webhook paths",
                      prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-"],
                      body: .alnumDash, min: 10),
        RedactionRule("slack", #"hooks.slack.com/services/[A-Za-z0-9/]{20,}"#, "Slack incoming webhooks (path only)",
                      prefixes: ["hooks.slack.com/services/"], body: .alnumSlash, min: 20, keepPrefix: true),
        RedactionRule("google", #"AIza[A-Za-z0-9_-]{35}"#, "Google API keys", prefixes: ["AIza"], min: 35),
        RedactionRule("google", #"GOCSPX-[A-Za-z0-9_-]{20,} | ya29\.[A-Za-z0-9_.-]{20,}"#,
                      "Google OAuth client secrets and access tokens", prefixes: ["GOCSPX-", "ya29."],
                      body: .base64URLDot, min: 20),
        RedactionRule("npm", #"npm_[A-Za-z0-9]{36,}"#, "npm access tokens", prefixes: ["npm_"], body: .alnum, min: 36),
        RedactionRule("pypi", #"pypi-AgE[A-Za-z0-9_-]{50,}"#, "PyPI API tokens (macaroons)", prefixes: ["pypi-AgE"],
                      min: 50),
        RedactionRule("huggingface", #"hf_[A-Za-z0-9]{30,} with upper and lower"#, "Hugging Face user access tokens",
                      prefixes: ["hf_", "api_org_"], body: .alnum, min: 30, mixedCase: true),
        RedactionRule("twilio", #"SK[0-9a-f]{32}"#, "Twilio API key SIDs (auth tokens: by name, below)",
                      prefixes: ["SK"], body: .lowerHex, exact: 32, needsDigit: true),
        RedactionRule("sendgrid", #"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{30,}"#, "SendGrid API keys",
                      prefixes: ["SG."], body: .base64URLDot, min: 48),
        RedactionRule("azure", #"(AccountKey|SharedAccessKey)=[A-Za-z0-9+/=]{30,} | [?&]sig=[A-Za-z0-9%+/=]{30,}"#,
                      "Azure storage and service-bus connection-string keys, SAS signatures",
                      prefixes: ["AccountKey=", "SharedAccessKey=", "sig="], body: .base64Percent, min: 30,
                      keepPrefix: true),
        RedactionRule("jwt", #"eyJ[A-Za-z0-9_-]{8,}\.eyJ?[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#,
                      "JSON Web Tokens (header.payload.signature)", prefixes: ["eyJ"]),
        RedactionRule("private-key", #"-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----…-----END …-----"#,
                      "PEM/OpenSSH/PGP private-key blocks, real or \n-escaped newlines; to the end when cut",
                      prefixes: ["-----BEGIN "]),
        RedactionRule("authorization", #"Authorization[\"']?\s*[:=]\s*[\"']?(Bearer|Basic|Token|…)\s+<credential>"#,
                      "HTTP Authorization headers (any case); the scheme is kept"),
        RedactionRule("url-password", #"scheme://user:<password>@host"#, "Passwords in URLs; the user is kept"),
        RedactionRule("env-secret", #"[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|…)[A-Z0-9_]*=<value>"#,
                      ".env-style assignments; $VARS, <placeholders>, numbers and booleans are kept"),
        RedactionRule("secret-assignment", #"<name with secret/token/password/api_key…> [:=] <quoted or high-entropy value>"#,
                      "High-entropy strings (≥16 chars, letters and digits, ≥3 bits/char) next to secret-like names; any quoted password"),
    ]

    /// Words that make a name secret-like (matched case-insensitively anywhere in the name).
    public static let secretNameWords = [
        "secret", "token", "password", "passwd", "passphrase", "api_key", "apikey", "api-key", "access_key",
        "accesskey", "private_key", "privatekey", "credential", "auth_key",
    ]

    /// Vendors whose secrets have no prefix of their own: a secret-like name holding the word counts under it
    /// (`TWILIO_AUTH_TOKEN=…` → twilio, `AZURE_OPENAI_KEY=…` → azure).
    public static let vendorNames: [(word: String, kind: String)] = [("twilio", "twilio"), ("azure", "azure")]

    /// Known Authorization schemes (case-insensitive); the credential after one is redacted.
    public static let authorizationSchemes = [
        "bearer", "basic", "token", "digest", "bot", "negotiate", "apikey", "key", "aws4-hmac-sha256", "sso-key",
    ]

    /// The rules that start with a literal prefix.
    static let prefixRules: [RedactionRule] = table.filter { !$0.prefixes.isEmpty }

    /// Every kind, in table order, without repeats.
    public static var kinds: [String] {
        var seen: Set<String> = []
        return table.compactMap { seen.insert($0.kind).inserted ? $0.kind : nil }
    }
}

/// A set of bytes, as a 256-entry table.
struct ByteClass: Sendable {
    var table: [Bool]

    init(_ build: (UInt8) -> Bool) {
        table = (0...255).map { build(UInt8($0)) }
    }

    @inline(__always) func contains(_ b: UInt8) -> Bool { table[Int(b)] }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    static let alnum = ByteClass(isAlnum)
    static let upperAlnum = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    static let lowerHex = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    static let alnumUnderscore = ByteClass { isAlnum($0) || $0 == 0x5F }
    static let alnumDash = ByteClass { isAlnum($0) || $0 == 0x2D }
    static let alnumSlash = ByteClass { isAlnum($0) || $0 == 0x2F }
    static let base64URL = ByteClass { isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    static let base64URLDot = ByteClass { isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    static let base64Percent = ByteClass { isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || $0 == 0x25 }
    /// A line inside a PEM block: base64 and the `Proc-Type: 4,ENCRYPTED` style headers.
    static let pemLine = ByteClass { isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || $0 == 0x3A || $0 == 0x2C }
    static let base64 = ByteClass { isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D }
    /// Characters of a name in an assignment (`API_KEY`, `client-secret`, `aws.secret`).
    static let name = ByteClass { isAlnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
    /// Characters of an unquoted value: anything but whitespace, quotes, backslash and separators.
    static let value = ByteClass { b in
        b > 0x20 && b != 0x22 && b != 0x27 && b != 0x5C && b != 0x2C && b != 0x3B && b != 0x7D && b != 0x29
            && b != 0x5D && b != 0x3E && b != 0x60 && b != 0x7F
    }
    /// Characters of a quoted value: anything but the quote, backslash and control characters.
    static let quotedValue = ByteClass { b in b >= 0x20 && b != 0x22 && b != 0x27 && b != 0x5C && b != 0x7F }
}
