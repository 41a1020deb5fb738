/// The redaction rules, in one table: what each kind looks like, and where the shape comes from.
///
/// Matching is done by hand (no regular expressions): the scanner in `Redactor` looks at a byte only when it and the
/// byte after it can start a rule (a prefix's first two bytes at a word boundary, `=`, `:`, `--`, `-----BEGIN`,
/// `Authorization`, a few command words), so clean text costs one table lookup per byte. Every rule replaces only the
/// secret part with `[REDACTED:<kind>]`; names, schemes, user names and quotes around it stay, so JSON lines stay
/// valid JSON (a secret never spans a quote or a backslash escape: the value scanners stop at both).
///
/// Sources: gitleaks' default config (`gitleaks`), trufflehog's detectors (`trufflehog`), Yelp's detect-secrets
/// plugins (`detect-secrets`) and the vendors' own token-format documentation (`vendor`).
public struct RedactionRule: Sendable {
    /// The `<kind>` in `[REDACTED:<kind>]` and in the counts.
    public var kind: String
    /// The shape, in regex-like notation, for people.
    public var pattern: String
    /// Where the shape comes from, and what it covers.
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

    /// A prefix rule whose body is checked by the generic scanner (not a hand-written shape).
    var isPlainPrefixRule: Bool { !prefixes.isEmpty && !RedactionRules.shapedKinds.contains(kind) }
}

public enum RedactionRules {
    // swift-format-ignore
    /// Rules sharing a prefix are tried longest prefix first, so the order here is for people.
    public static let table: [RedactionRule] = [
        // MARK: AI providers
        RedactionRule("anthropic", #"sk-ant-(api03|admin01|oat01|ort01)-[A-Za-z0-9_-]{32,}"#,
                      "vendor; gitleaks anthropic-api-key, anthropic-admin-api-key", prefixes: ["sk-ant-"], min: 32),
        RedactionRule("openrouter", #"sk-or-v1-[0-9a-f]{64}"#, "vendor; trufflehog OpenRouter",
                      prefixes: ["sk-or-v1-"], body: .lowerHex, exact: 64),
        RedactionRule("langfuse", #"sk-lf-<uuid>"#, "vendor: Langfuse secret keys (pk-lf- is public)",
                      prefixes: ["sk-lf-"], body: .hexDash, exact: 36),
        RedactionRule("helicone", #"sk-helicone-[a-z0-9-]{28,}"#, "vendor: Helicone API keys",
                      prefixes: ["sk-helicone-"], body: .alnumDash, min: 28),
        RedactionRule("deepseek", #"sk-[0-9a-f]{32}"#, "trufflehog DeepSeek", prefixes: ["sk-"], body: .lowerHex,
                      exact: 32, needsDigit: true),
        RedactionRule("openai", #"sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,} with upper, lower and digit"#,
                      "gitleaks openai-api-key: project, service-account, admin and legacy keys", prefixes: ["sk-"],
                      min: 20, mixedCase: true, needsDigit: true),
        RedactionRule("groq", #"gsk_[A-Za-z0-9]{52}"#, "trufflehog Groq", prefixes: ["gsk_"], body: .alnum, min: 48),
        RedactionRule("xai", #"xai-[A-Za-z0-9]{80}"#, "trufflehog XAI", prefixes: ["xai-"], body: .alnum, min: 70),
        RedactionRule("perplexity", #"pplx-[A-Za-z0-9]{48}"#, "gitleaks perplexity-api-key", prefixes: ["pplx-"],
                      body: .alnum, min: 40),
        RedactionRule("replicate", #"r8_[A-Za-z0-9]{37}"#, "trufflehog Replicate", prefixes: ["r8_"], body: .alnum,
                      min: 36),
        RedactionRule("huggingface", #"hf_[A-Za-z0-9]{34} with upper and lower"#, "gitleaks huggingface-access-token",
                      prefixes: ["hf_"], body: .alnum, min: 30, mixedCase: true),
        RedactionRule("huggingface-org", #"api_org_[A-Za-z0-9]{34}"#, "gitleaks huggingface-organization-api-token",
                      prefixes: ["api_org_"], body: .alnum, min: 30, mixedCase: true),
        RedactionRule("cerebras", #"csk-[a-z0-9]{48}"#, "vendor: Cerebras API keys", prefixes: ["csk-"],
                      body: .lowerAlnum, min: 40, needsDigit: true),
        RedactionRule("tavily", #"tvly-(dev-)?[A-Za-z0-9]{32}"#, "vendor: Tavily API keys", prefixes: ["tvly-"],
                      min: 32),
        RedactionRule("firecrawl", #"fc-[0-9a-f]{32}"#, "vendor: Firecrawl API keys", prefixes: ["fc-"],
                      body: .lowerHex, exact: 32, needsDigit: true),
        RedactionRule("langsmith", #"lsv2_(pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}"#, "trufflehog LangSmith",
                      prefixes: ["lsv2_pt_", "lsv2_sk_"], body: .alnumUnderscore, min: 40),
        RedactionRule("elevenlabs", #"sk_[0-9a-f]{48}"#, "trufflehog ElevenLabs", prefixes: ["sk_"], body: .lowerHex,
                      exact: 48, needsDigit: true),
        RedactionRule("fireworks", #"fw_[A-Za-z0-9]{24,}"#, "vendor: Fireworks AI API keys", prefixes: ["fw_"],
                      body: .alnum, min: 24, mixedCase: true, needsDigit: true),
        RedactionRule("modal", #"(ak|as)-[A-Za-z0-9]{22}"#, "vendor: Modal token ids and secrets",
                      prefixes: ["ak-", "as-"], body: .alnum, min: 20, mixedCase: true, needsDigit: true),
        RedactionRule("browserbase", #"bb_live_[A-Za-z0-9_-]{20,}"#, "vendor: Browserbase API keys",
                      prefixes: ["bb_live_"], min: 20),
        RedactionRule("pinecone", #"pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,}"#, "vendor: Pinecone API keys",
                      prefixes: ["pcsk_"], body: .alnumUnderscore, min: 50),

        // MARK: Clouds and hosts
        RedactionRule("aws-access-key", #"(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"#,
                      "gitleaks aws-access-token (exactly 20 characters)",
                      prefixes: ["AKIA", "ASIA", "ABIA", "ACCA"], body: .upperAlnum, exact: 16),
        RedactionRule("aws-session-token", #"(IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+=]{100,}"#,
                      "trufflehog AWSSessionKey: STS session tokens start with these base64 bytes",
                      prefixes: ["IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE"], body: .base64, min: 100),
        RedactionRule("aws-secret-key", #"<name with aws+secret> [:=] [A-Za-z0-9/+=]{40}"#,
                      "gitleaks aws-secret: recognisable by their name (aws_secret_access_key, SecretAccessKey)"),
        RedactionRule("azure", #"(AccountKey|SharedAccessKey)=[A-Za-z0-9+/=]{30,}"#,
                      "gitleaks azure-storage: storage and service-bus connection-string keys",
                      prefixes: ["AccountKey=", "SharedAccessKey="], body: .base64Percent, min: 30, keepPrefix: true),
        RedactionRule("azure-sas", #"[?&]sig=[A-Za-z0-9%+/=]{30,}"#, "trufflehog AzureSAS: SAS signatures",
                      prefixes: ["sig="], body: .base64Percent, min: 30, keepPrefix: true),
        RedactionRule("azure-ad-client-secret", #"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}"#,
                      "gitleaks azure-ad-client-secret (the Q~ marker)"),
        RedactionRule("google-api-key", #"AIza[A-Za-z0-9_-]{35}"#, "gitleaks gcp-api-key (also Gemini keys)",
                      prefixes: ["AIza"], exact: 35),
        RedactionRule("google-oauth-secret", #"GOCSPX-[A-Za-z0-9_-]{28}"#, "trufflehog GoogleOauth2 client secrets",
                      prefixes: ["GOCSPX-"], min: 20),
        RedactionRule("google-oauth-token", #"ya29\.[A-Za-z0-9_.-]{20,}"#, "trufflehog GCP access tokens",
                      prefixes: ["ya29."], body: .base64URLDot, min: 20),
        RedactionRule("google-refresh-token", #"1//0[A-Za-z0-9_-]{40,}"#, "trufflehog GoogleOauth2 refresh tokens",
                      prefixes: ["1//0"], min: 40),
        RedactionRule("digitalocean", #"do[por]_v1_[0-9a-f]{64}"#, "gitleaks digitalocean-pat, -access-token, -refresh",
                      prefixes: ["dop_v1_", "doo_v1_", "dor_v1_"], body: .lowerHex, exact: 64),
        RedactionRule("heroku", #"HRKU-[A-Za-z0-9_-]{58,}"#, "gitleaks heroku-api-key-v2", prefixes: ["HRKU-"],
                      min: 50),
        RedactionRule("fly", #"(fo1_|fm1r_|fm1a_|fm2_)[A-Za-z0-9_+/=-]{40,}"#, "gitleaks flyio-access-token",
                      prefixes: ["fo1_", "fm1r_", "fm1a_", "fm2_"], body: .base64Any, min: 40),
        RedactionRule("vercel", #"vc[pikar]_[A-Za-z0-9]{24,}"#, "vendor: Vercel tokens (2025 prefixes)",
                      prefixes: ["vcp_", "vci_", "vca_", "vcr_", "vck_"], body: .alnum, min: 24),
        RedactionRule("netlify", #"nfp_[A-Za-z0-9]{36}"#, "vendor: Netlify personal access tokens",
                      prefixes: ["nfp_"], body: .alnum, min: 36),
        RedactionRule("cloudflare-origin-ca", #"v1\.0-[0-9a-f]{24}-[0-9a-f]{146}"#, "gitleaks cloudflare-origin-ca-key",
                      prefixes: ["v1.0-"], body: .hexDash, min: 160),
        RedactionRule("supabase", #"sbp_[0-9a-f]{40} | sb_secret_[A-Za-z0-9_-]{30,}"#,
                      "trufflehog Supabase: access tokens, secret keys", prefixes: ["sbp_", "sb_secret_"],
                      min: 30, needsDigit: true),
        RedactionRule("alibaba", #"LTAI[A-Za-z0-9]{12,20}"#, "gitleaks alibaba-access-key-id", prefixes: ["LTAI"],
                      body: .alnum, min: 16, needsDigit: true),
        RedactionRule("tencent", #"AKID[A-Za-z0-9]{32}"#, "trufflehog TencentCloudKey", prefixes: ["AKID"],
                      body: .alnum, min: 32, needsDigit: true),
        RedactionRule("databricks", #"dapi[0-9a-f]{32}"#, "gitleaks databricks-api-token", prefixes: ["dapi"],
                      body: .lowerHex, exact: 32, needsDigit: true),
        RedactionRule("scaleway", #"SCW[A-Z0-9]{17}"#, "trufflehog Scaleway access keys", prefixes: ["SCW"],
                      body: .upperAlnum, exact: 17, needsDigit: true),
        RedactionRule("yandex", #"AQVN[A-Za-z0-9_-]{35,38}"#, "gitleaks yandex-api-key", prefixes: ["AQVN"], min: 35),
        RedactionRule("planetscale", #"pscale_(tkn|pw|oauth)_[A-Za-z0-9_.-]{32,}"#,
                      "gitleaks planetscale-api-token, -password, -oauth-token",
                      prefixes: ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], body: .base64URLDot, min: 32),
        RedactionRule("render", #"rnd_[A-Za-z0-9]{32}"#, "vendor: Render API keys", prefixes: ["rnd_"], body: .alnum,
                      min: 32, needsDigit: true),
        RedactionRule("neon", #"napi_[a-z0-9]{64}"#, "vendor: Neon API keys", prefixes: ["napi_"], body: .lowerAlnum,
                      min: 60, needsDigit: true),
        RedactionRule("pulumi", #"pul-[0-9a-f]{40}"#, "gitleaks pulumi-api-token", prefixes: ["pul-"], body: .lowerHex,
                      exact: 40),
        RedactionRule("terraform-cloud", #"[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,70}"#,
                      "gitleaks hashicorp-tf-api-token"),
        RedactionRule("vault", #"hv[sbr]\.[A-Za-z0-9_-]{24,}"#, "gitleaks vault-service-token, vault-batch-token",
                      prefixes: ["hvs.", "hvb.", "hvr."], min: 24),
        RedactionRule("doppler", #"dp\.(pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,}"#, "gitleaks doppler-api-token",
                      prefixes: ["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."], body: .alnum,
                      min: 40),
        RedactionRule("1password", #"ops_eyJ[A-Za-z0-9_=-]{100,}"#, "gitleaks 1password-service-account-token",
                      prefixes: ["ops_eyJ"], body: .base64URLEq, min: 100),
        RedactionRule("1password-secret-key", #"A3-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{5}(-[A-Z0-9]{5}){3}"#,
                      "gitleaks 1password-secret-key", prefixes: ["A3-"], body: .upperAlnumDash, exact: 37,
                      needsDigit: true),
        RedactionRule("akamai", #"akab-[a-z0-9]{16}-[a-z0-9]{16}"#, "trufflehog Akamai client and access tokens",
                      prefixes: ["akab-"], body: .alnumDash, min: 30),
        RedactionRule("openshift", #"sha256~[A-Za-z0-9_-]{43}"#, "gitleaks openshift-user-token",
                      prefixes: ["sha256~"], exact: 43),
        RedactionRule("tailscale", #"tskey-(auth|api|client)-[A-Za-z0-9-]{30,}"#, "trufflehog Tailscale",
                      prefixes: ["tskey-"], min: 30),

        // MARK: Code and package hosts, CI
        RedactionRule("github", #"gh[pousr]_[A-Za-z0-9]{36,}"#,
                      "gitleaks github-pat, -oauth, -app-token, -refresh-token",
                      prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], body: .alnum, min: 36),
        RedactionRule("github-fine-grained", #"github_pat_[A-Za-z0-9_]{82}"#, "gitleaks github-fine-grained-pat",
                      prefixes: ["github_pat_"], body: .alnumUnderscore, min: 50),
        RedactionRule("gitlab", #"(glpat|gldt|glrt|glptt|glsoat|glcbt|gloas|glft|glimt|glagent|glffct)-[A-Za-z0-9_-]{20,}"#,
                      "gitleaks gitlab-* (personal, deploy, runner, trigger, OAuth, feed, incoming-mail, agent tokens)",
                      prefixes: ["glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "glcbt-", "gloas-", "glft-",
                                 "glimt-", "glagent-", "glffct-", "GR1348941"], min: 20),
        RedactionRule("bitbucket", #"ATBB[A-Za-z0-9]{32}"#, "trufflehog Bitbucket app passwords", prefixes: ["ATBB"],
                      body: .alnum, min: 28, needsDigit: true),
        RedactionRule("atlassian", #"AT(ATT|CTT)3[A-Za-z0-9_=-]{150,}"#, "gitleaks atlassian-api-token (2023+)",
                      prefixes: ["ATATT3", "ATCTT3"], body: .base64URLEq, min: 150),
        RedactionRule("npm", #"npm_[A-Za-z0-9]{36}"#, "gitleaks npm-access-token", prefixes: ["npm_"], body: .alnum,
                      min: 36),
        RedactionRule("pypi", #"pypi-AgE[A-Za-z0-9_-]{50,}"#, "gitleaks pypi-upload-token (macaroons)",
                      prefixes: ["pypi-AgE"], min: 50),
        RedactionRule("rubygems", #"rubygems_[0-9a-f]{48}"#, "gitleaks rubygems-api-token", prefixes: ["rubygems_"],
                      body: .lowerHex, exact: 48),
        RedactionRule("nuget", #"oy2[a-z0-9]{43}"#, "trufflehog NuGet", prefixes: ["oy2"], body: .lowerAlnum,
                      exact: 43, needsDigit: true),
        RedactionRule("dockerhub", #"dckr_(pat|oat)_[A-Za-z0-9_-]{27,}"#, "gitleaks docker-hub PAT",
                      prefixes: ["dckr_pat_", "dckr_oat_"], min: 27),
        RedactionRule("jfrog", #"AKCp[A-Za-z0-9]{69} | cmVmdGtu[A-Za-z0-9]{56,}"#,
                      "gitleaks jfrog-api-key, jfrog-identity-token", prefixes: ["AKCp", "cmVmdGtu"], body: .alnum,
                      min: 56),
        RedactionRule("clojars", #"CLOJARS_[a-z0-9]{60}"#, "gitleaks clojars-api-token", prefixes: ["CLOJARS_"],
                      body: .lowerAlnum, min: 60),
        RedactionRule("sourcegraph", #"sgp_(local_)?[0-9a-f]{40}"#, "gitleaks sourcegraph-access-token",
                      prefixes: ["sgp_"], body: .alnumUnderscore, min: 40),
        RedactionRule("sonarqube", #"sq[upa]_[0-9a-f]{40}"#, "gitleaks sonar-api-token",
                      prefixes: ["squ_", "sqp_", "sqa_"], body: .lowerHex, exact: 40),
        RedactionRule("circleci", #"CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}"#, "trufflehog CircleCI personal tokens",
                      prefixes: ["CCIPAT_"], body: .alnumUnderscore, min: 60),
        RedactionRule("buildkite", #"bkua_[0-9a-f]{40}"#, "trufflehog Buildkite", prefixes: ["bkua_"],
                      body: .lowerHex, exact: 40),
        RedactionRule("octopus-deploy", #"API-[A-Z0-9]{26}"#, "gitleaks octopus-deploy-api-key", prefixes: ["API-"],
                      body: .upperAlnum, min: 26, needsDigit: true),
        RedactionRule("harness", #"pat\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20}"#, "gitleaks harness-api-key",
                      prefixes: ["pat."], body: .base64URLDot, min: 60, needsDigit: true),
        RedactionRule("launchdarkly", #"api-<uuid>"#, "gitleaks launchdarkly-access-token", prefixes: ["api-"],
                      body: .hexDash, exact: 36, needsDigit: true),
        RedactionRule("postman", #"PMAK-[0-9a-f]{24}-[0-9a-f]{34}"#, "gitleaks postman-api-token", prefixes: ["PMAK-"],
                      body: .hexDash, min: 59),
        RedactionRule("contentful", #"CFPAT-[A-Za-z0-9_-]{43}"#, "gitleaks contentful-delivery-api-token",
                      prefixes: ["CFPAT-"], min: 43),
        RedactionRule("readme", #"rdme_[a-z0-9]{70}"#, "gitleaks readme-api-token", prefixes: ["rdme_"],
                      body: .lowerAlnum, min: 70),
        RedactionRule("prefect", #"pnu_[A-Za-z0-9]{36}"#, "gitleaks prefect-api-token", prefixes: ["pnu_"],
                      body: .alnum, min: 36),
        RedactionRule("infracost", #"ico-[A-Za-z0-9]{32}"#, "gitleaks infracost-api-token", prefixes: ["ico-"],
                      body: .alnum, min: 32, needsDigit: true),
        RedactionRule("scalingo", #"tk-us-[A-Za-z0-9_-]{48}"#, "gitleaks scalingo-api-token", prefixes: ["tk-us-"],
                      min: 48),
        RedactionRule("defined-networking", #"dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}"#,
                      "gitleaks defined-networking-api-token", prefixes: ["dnkey-"], body: .base64URLEq, min: 70),
        RedactionRule("typeform", #"tfp_[A-Za-z0-9_.-]{59}"#, "gitleaks typeform-api-token", prefixes: ["tfp_"],
                      body: .base64URLDot, min: 50),
        RedactionRule("figma", #"figd_[A-Za-z0-9_-]{40,}"#, "trufflehog FigmaPersonalAccessToken",
                      prefixes: ["figd_"], min: 40),
        RedactionRule("airtable", #"pat[A-Za-z0-9]{14}\.[0-9a-f]{64}"#, "gitleaks airtable-personal-access-token",
                      prefixes: ["pat"], body: .alnumDot, exact: 79, needsDigit: true),
        RedactionRule("hubspot", #"pat-(na|eu)1-<uuid>"#, "trufflehog HubSpot private-app tokens",
                      prefixes: ["pat-na1-", "pat-eu1-"], body: .hexDash, exact: 36),

        // MARK: Payments and commerce
        RedactionRule("stripe", #"(sk|rk)_(live|test)_[A-Za-z0-9]{16,} | whsec_[A-Za-z0-9]{24,}"#,
                      "gitleaks stripe-access-token: secret and restricted keys, webhook secrets (pk_ is public)",
                      prefixes: ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"], body: .alnum, min: 16),
        RedactionRule("square", #"sq0(atp|csp)-[A-Za-z0-9_-]{22,43} | EAAA[A-Za-z0-9_-]{60}"#,
                      "gitleaks square-access-token, square-secret", prefixes: ["sq0atp-", "sq0csp-", "EAAA"],
                      min: 22),
        RedactionRule("shopify", #"shp(at|ca|pa|ss)_[0-9a-fA-F]{32}"#, "gitleaks shopify-*",
                      prefixes: ["shpat_", "shpca_", "shppa_", "shpss_"], body: .alnum, exact: 32),
        RedactionRule("paypal-braintree", #"access_token\$(production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}"#,
                      "trufflehog PaypalOauth / Braintree access tokens",
                      prefixes: ["access_token$production$", "access_token$sandbox$"], body: .alnumDollar, min: 40),
        RedactionRule("plaid", #"access-(sandbox|development|production)-<uuid>"#, "gitleaks plaid-api-token",
                      prefixes: ["access-sandbox-", "access-development-", "access-production-"], body: .hexDash,
                      exact: 36),
        RedactionRule("flutterwave", #"FLWSECK(_TEST)?-[0-9a-f]{32}-X"#, "gitleaks flutterwave-secret-key",
                      prefixes: ["FLWSECK-", "FLWSECK_TEST-"], body: .alnumDash, min: 32),
        RedactionRule("gocardless", #"live_[A-Za-z0-9_=-]{40}"#, "gitleaks gocardless-api-token", prefixes: ["live_"],
                      min: 40, mixedCase: true, needsDigit: true),
        RedactionRule("shippo", #"shippo_(live|test)_[0-9a-f]{40}"#, "gitleaks shippo-api-token",
                      prefixes: ["shippo_live_", "shippo_test_"], body: .lowerHex, exact: 40),
        RedactionRule("duffel", #"duffel_(live|test)_[A-Za-z0-9_=-]{43}"#, "gitleaks duffel-api-token",
                      prefixes: ["duffel_live_", "duffel_test_"], min: 43),
        RedactionRule("easypost", #"EZ[AT]K[A-Za-z0-9]{54}"#, "gitleaks easypost-api-token",
                      prefixes: ["EZAK", "EZTK"], body: .alnum, min: 54),

        // MARK: Chat and mail
        RedactionRule("slack", #"xox[abposre]-[A-Za-z0-9-]{10,} | xoxe.xoxp-… | xapp-…"#,
                      "gitleaks slack-bot-token, -user-token, -app-token, -config-access-token",
                      prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xoxe.xoxp-", "xapp-"],
                      body: .alnumDash, min: 10),
        RedactionRule("slack-webhook", #"hooks.slack.com/(services|workflows|triggers)/[A-Za-z0-9/]{20,}"#,
                      "gitleaks slack-webhook-url (the path is replaced)",
                      prefixes: ["hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/"],
                      body: .alnumSlash, min: 20, keepPrefix: true),
        RedactionRule("discord", #"[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}"#,
                      "trufflehog Discord bot tokens"),
        RedactionRule("discord-webhook", #"discord(app)?.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{60,}"#,
                      "trufflehog DiscordWebhook (the path is replaced)",
                      prefixes: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"], body: .pathToken,
                      min: 60, keepPrefix: true),
        RedactionRule("teams-webhook", #"webhook.office.com/webhookb2/[A-Za-z0-9@/-]{60,}"#,
                      "gitleaks microsoft-teams-webhook (the path is replaced)",
                      prefixes: ["webhook.office.com/webhookb2/"], body: .pathToken, min: 60, keepPrefix: true),
        RedactionRule("zapier-webhook", #"hooks.zapier.com/hooks/catch/[0-9]+/[a-z0-9]+"#,
                      "trufflehog ZapierWebhook (the path is replaced)", prefixes: ["hooks.zapier.com/hooks/catch/"],
                      body: .alnumSlash, min: 10, keepPrefix: true),
        RedactionRule("telegram", #"[0-9]{8,10}:[A-Za-z0-9_-]{35}"#, "gitleaks telegram-bot-api-token"),
        RedactionRule("twilio", #"SK[0-9a-f]{32}"#, "gitleaks twilio-api-key (auth tokens: by name)",
                      prefixes: ["SK"], body: .lowerHex, exact: 32, needsDigit: true),
        RedactionRule("sendgrid", #"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"#, "gitleaks sendgrid-api-token",
                      prefixes: ["SG."], body: .base64URLDot, min: 48),
        RedactionRule("mailgun", #"key-[0-9a-f]{32}"#, "gitleaks mailgun-private-api-token", prefixes: ["key-"],
                      body: .lowerHex, exact: 32, needsDigit: true),
        RedactionRule("mailchimp", #"[0-9a-f]{32}-us[0-9]{1,2}"#, "gitleaks mailchimp-api-key"),
        RedactionRule("brevo", #"x(keysib|smtpsib)-[0-9a-f]{64}-[A-Za-z0-9]{16}"#, "gitleaks sendinblue-api-token",
                      prefixes: ["xkeysib-", "xsmtpsib-"], body: .alnumDash, min: 80),

        // MARK: Ops and SaaS
        RedactionRule("newrelic", #"NRAK-[A-Z0-9]{27} | NRJS-[0-9a-f]{19} | NRII-[A-Za-z0-9_-]{32}"#,
                      "gitleaks new-relic-user-api-key, -browser-api-token, -insert-key",
                      prefixes: ["NRAK-", "NRJS-", "NRII-"], min: 19, needsDigit: true),
        RedactionRule("sentry", #"sntrys_eyJ[A-Za-z0-9_=-]{100,} | sntryu_[0-9a-f]{64}"#,
                      "gitleaks sentry-org-token, sentry-user-token", prefixes: ["sntrys_", "sntryu_"],
                      body: .base64URLEq, min: 64),
        RedactionRule("sentry-dsn", #"https://[0-9a-f]{32}@<host>/<project>"#,
                      "trufflehog SentryDSN: the key before the @ (without a password)"),
        RedactionRule("grafana", #"glc_[A-Za-z0-9+/=]{32,} | glsa_[A-Za-z0-9]{32}_[0-9a-f]{8} | eyJrIjoi…"#,
                      "gitleaks grafana-cloud-api-token, -service-account-token, grafana-api-key",
                      prefixes: ["glc_", "glsa_", "eyJrIjoi"], body: .base64Any, min: 32),
        RedactionRule("dynatrace", #"dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}"#, "gitleaks dynatrace-api-token",
                      prefixes: ["dt0c01."], body: .alnumDot, min: 80),
        RedactionRule("posthog", #"phx_[A-Za-z0-9]{40,}"#, "vendor: PostHog personal API keys (phc_ is public)",
                      prefixes: ["phx_"], body: .alnum, min: 40),
        RedactionRule("mapbox", #"sk\.eyJ[A-Za-z0-9_.-]{80,}"#, "gitleaks mapbox-api-token (pk. is public)",
                      prefixes: ["sk.eyJ"], body: .base64URLDot, min: 80),
        RedactionRule("dropbox", #"sl\.[A-Za-z0-9_-]{130,}"#, "gitleaks dropbox-short-lived-api-token",
                      prefixes: ["sl."], body: .base64URLDot, min: 130),
        RedactionRule("twitter", #"A{21}[A-Za-z0-9%]{50,}"#, "gitleaks twitter-bearer-token",
                      prefixes: ["AAAAAAAAAAAAAAAAAAAAA"], body: .base64Percent, min: 50, mixedCase: true,
                      needsDigit: true),
        RedactionRule("facebook", #"EAA[BCGIJK][A-Za-z0-9]{90,}"#, "gitleaks facebook-access-token",
                      prefixes: ["EAAB", "EAAC", "EAAG", "EAAI", "EAAJ", "EAAK"], body: .alnum, min: 90),
        RedactionRule("linear", #"lin_api_[A-Za-z0-9]{40} | lin_oauth_[0-9a-f]{64}"#, "gitleaks linear-api-key",
                      prefixes: ["lin_api_", "lin_oauth_"], body: .alnum, min: 40),
        RedactionRule("notion", #"ntn_[0-9]{11}[A-Za-z0-9]{35} | secret_[A-Za-z0-9]{43}"#,
                      "trufflehog Notion integration tokens", prefixes: ["ntn_", "secret_"], body: .alnum, min: 40,
                      mixedCase: true, needsDigit: true),
        RedactionRule("adafruit", #"aio_[A-Za-z0-9]{28}"#, "gitleaks adafruit-api-key", prefixes: ["aio_"],
                      body: .alnum, exact: 28),
        RedactionRule("adobe", #"p8e-[A-Za-z0-9]{32}"#, "gitleaks adobe-client-secret", prefixes: ["p8e-"],
                      body: .alnum, min: 32, needsDigit: true),
        RedactionRule("frameio", #"fio-u-[A-Za-z0-9_=-]{64}"#, "gitleaks frameio-api-token", prefixes: ["fio-u-"],
                      body: .base64URLEq, min: 64),
        RedactionRule("intra42", #"s-s4t2(ud|af)-[0-9a-f]{64}"#, "gitleaks intra42-client-secret",
                      prefixes: ["s-s4t2ud-", "s-s4t2af-"], body: .lowerHex, exact: 64),
        RedactionRule("settlemint", #"sm_(pat|aat|sat)_[A-Za-z0-9]{16}"#, "gitleaks settlemint-*",
                      prefixes: ["sm_pat_", "sm_aat_", "sm_sat_"], body: .alnum, min: 16),
        RedactionRule("resend", #"re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}"#, "trufflehog Resend", prefixes: ["re_"],
                      min: 30, mixedCase: true, needsDigit: true),
        RedactionRule("age-secret-key", #"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"#,
                      "gitleaks age-secret-key", prefixes: ["AGE-SECRET-KEY-1"], body: .upperAlnum, exact: 58),

        // MARK: Keys and key files
        RedactionRule("jwt", #"eyJ[A-Za-z0-9_-]{8,}\.eyJ?[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#,
                      "gitleaks jwt: JSON Web Tokens (header.payload.signature)", prefixes: ["eyJ"]),
        RedactionRule("private-key", #"-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----…-----END …-----"#,
                      "gitleaks private-key: PEM (RSA, EC, DSA, PKCS#8, ENCRYPTED), OpenSSH, PGP private-key blocks; real or \\n-escaped newlines; to the end when cut",
                      prefixes: ["-----BEGIN "]),
        RedactionRule("private-key", #"base64("-----BEGIN … PRIVATE KEY")…"#,
                      "kubeconfig client-key-data and Kubernetes Secrets: a base64 PEM private key",
                      prefixes: ["LS0tLS1CRUdJTi"]),
        RedactionRule("putty-key", #"Private-Lines: N\n<base64 lines> | Private-MAC: [0-9a-f]+"#,
                      "PuTTY .ppk private part (the public part is kept)", prefixes: ["Private-Lines:", "Private-MAC:"]),

        // MARK: Context rules: recognisable by where they stand
        RedactionRule("authorization", #"Authorization[\"']?\s*[:=]\s*[\"']?(Bearer|Basic|Token|…)\s+<credential>"#,
                      "HTTP Authorization headers (any case); the scheme is kept"),
        RedactionRule("url-password", #"scheme://user:<password>@host"#,
                      "gitleaks generic, detect-secrets BasicAuthDetector: passwords in URLs of any scheme, any length; the user is kept"),
        RedactionRule("url-token", #"scheme://<token>@host"#, "a long random user part with no password (API keys as user names)"),
        RedactionRule("password", #"(password|passwd|pwd|pass|secret|token|…)\s*[:=]\s*<any value>"#,
                      "detect-secrets KeywordDetector: YAML/TOML/INI/JSON, ODBC/ADO Password=, JDBC password=; quoted or not, short or long; code (identifiers, calls) is kept"),
        RedactionRule("cli-password", #"--password V | --token V | mysql -pV | sshpass -p V | docker login -p V | curl -u u:V | htpasswd -b f u V | aws configure set aws_secret_access_key V"#,
                      "passwords and tokens on command lines"),
        RedactionRule("netrc", #"machine <host> login <user> password <V>"#, ".netrc and _netrc entries"),
        RedactionRule("docker-auth", #""auth": "<base64 of user:password>""#, "Docker config.json, auths.*.auth"),
        RedactionRule("base64-secret", #"<base64 run that decodes to text holding a secret>"#,
                      "base64 of a .env, of user:pass, of a token: decoded, scanned, the encoded run replaced"),
        RedactionRule("env-secret", #"[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|…)[A-Z0-9_]*=<value>"#,
                      ".env-style assignments; $VARS, <placeholders>, numbers and booleans are kept"),
        RedactionRule("secret-assignment", #"<name with secret/token/password/api_key…> [:=] <quoted or high-entropy value>"#,
                      "detect-secrets high-entropy strings (≥16 chars, letters and digits, ≥3 bits/char) next to secret-like names"),
    ]

    /// Kinds matched by hand-written shapes in `Redactor` rather than by prefix + body.
    static let shapedKinds: Set<String> = ["jwt", "private-key", "putty-key"]

    /// Words that make a name secret-like (matched case-insensitively anywhere in the name).
    public static let secretNameWords = [
        "secret", "token", "password", "passwd", "passphrase", "api_key", "apikey", "api-key", "access_key",
        "accesskey", "private_key", "privatekey", "credential", "auth_key", "client_key", "signing_key", "pwd",
    ]

    /// Name endings that make any value a secret, short or long, quoted or not (`password: hunter2`,
    /// `Pwd=x9;`): only code-looking values (identifiers, calls, member access) are kept.
    public static let strongNameEndings = [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key", "api-key", "secret_key",
        "secretkey", "access_key", "private_key", "privatekey", "auth_key", "client_secret", "pass",
    ]

    // swift-format-ignore
    /// Vendors whose secrets have no prefix of their own: a secret-like name holding the word counts under it
    /// (`TWILIO_AUTH_TOKEN=…` → twilio, `MISTRAL_API_KEY=…` → mistral). Sources: gitleaks' and trufflehog's
    /// keyword-anchored detectors.
    public static let vendorNames: [(word: String, kind: String)] = [
        ("twilio", "twilio"), ("azure", "azure"), ("mistral", "mistral"), ("cohere", "cohere"),
        ("together", "together-ai"), ("voyage", "voyage"), ("deepgram", "deepgram"), ("assemblyai", "assemblyai"),
        ("wandb", "wandb"), ("datadog", "datadog"), ("dd_api", "datadog"), ("dd_app", "datadog"), ("snyk", "snyk"),
        ("cloudflare", "cloudflare"), ("okta", "okta"), ("auth0", "auth0"), ("algolia", "algolia"),
        ("postmark", "postmark"), ("mailjet", "mailjet"), ("pagerduty", "pagerduty"), ("opsgenie", "opsgenie"),
        ("heroku", "heroku"), ("linode", "linode"), ("hetzner", "hetzner"), ("vultr", "vultr"), ("fastly", "fastly"),
        ("asana", "asana"), ("trello", "trello"), ("zendesk", "zendesk"), ("intercom", "intercom"),
        ("segment", "segment"), ("mixpanel", "mixpanel"), ("amplitude", "amplitude"), ("circleci", "circleci"),
        ("travis", "travis"), ("codecov", "codecov"), ("sumo", "sumologic"), ("honeycomb", "honeycomb"),
        ("ngrok", "ngrok"), ("jira", "atlassian"), ("confluence", "atlassian"), ("launchdarkly", "launchdarkly"),
        ("twitch", "twitch"), ("dropbox", "dropbox"), ("mailgun", "mailgun"), ("mapbox", "mapbox"),
        ("firebase", "firebase"), ("upstash", "upstash"), ("pusher", "pusher"), ("openai", "openai"),
        ("anthropic", "anthropic"), ("gemini", "google-api-key"), ("groq", "groq"), ("replicate", "replicate"),
        ("perplexity", "perplexity"), ("elevenlabs", "elevenlabs"), ("sentry", "sentry"), ("newrelic", "newrelic"),
        ("new_relic", "newrelic"), ("grafana", "grafana"), ("vercel", "vercel"), ("netlify", "netlify"),
        ("supabase", "supabase"), ("digitalocean", "digitalocean"), ("shopify", "shopify"), ("square", "square"),
        ("stripe", "stripe"), ("sendgrid", "sendgrid"), ("slack", "slack"), ("discord", "discord"),
        ("telegram", "telegram"), ("github", "github"), ("gitlab", "gitlab"), ("bitbucket", "bitbucket"),
        ("npm", "npm"), ("pypi", "pypi"), ("docker", "dockerhub"), ("nuget", "nuget"), ("rubygems", "rubygems"),
        ("linear", "linear"), ("notion", "notion"), ("pulumi", "pulumi"), ("doppler", "doppler"),
        ("vault", "vault"), ("sonar", "sonarqube"), ("huggingface", "huggingface"), ("hf_", "huggingface"),
        ("brevo", "brevo"), ("sendinblue", "brevo"), ("mailchimp", "mailchimp"), ("teams", "teams-webhook"),
    ]

    /// Known Authorization schemes (case-insensitive); the credential after one is redacted.
    public static let authorizationSchemes = [
        "bearer", "basic", "token", "digest", "bot", "negotiate", "apikey", "key", "aws4-hmac-sha256", "sso-key",
    ]

    /// The rules that start with a literal prefix.
    static let prefixRules: [RedactionRule] = table.filter { !$0.prefixes.isEmpty }

    /// Every kind, in table order then the vendor-name kinds, without repeats.
    public static var kinds: [String] {
        var seen: Set<String> = []
        return (table.map(\.kind) + vendorNames.map(\.kind)).compactMap { seen.insert($0).inserted ? $0 : nil }
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
    static let upperAlnumDash = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D }
    static let lowerAlnum = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
    static let lowerHex = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    static let hexDash = ByteClass { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x2D }
    static let alnumUnderscore = ByteClass { isAlnum($0) || $0 == 0x5F }
    static let alnumDash = ByteClass { isAlnum($0) || $0 == 0x2D }
    static let alnumDot = ByteClass { isAlnum($0) || $0 == 0x2E }
    static let alnumDollar = ByteClass { isAlnum($0) || $0 == 0x24 }
    static let alnumSlash = ByteClass { isAlnum($0) || $0 == 0x2F }
    /// The path part of a webhook URL: letters, digits, `/ _ - @`.
    static let pathToken = ByteClass { isAlnum($0) || $0 == 0x2F || $0 == 0x5F || $0 == 0x2D || $0 == 0x40 }
    static let base64URL = ByteClass { isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    static let base64URLEq = ByteClass { isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x3D }
    static let base64URLDot = ByteClass { isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    /// Standard and URL-safe base64 together, with padding.
    static let base64Any = ByteClass {
        isAlnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D
    }
    static let base64Percent = ByteClass { isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || $0 == 0x25 }
    /// A line inside a PEM block: base64 and the `Proc-Type: 4,ENCRYPTED` style headers.
    static let pemLine = ByteClass {
        isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D || $0 == 0x3A || $0 == 0x2C
    }
    static let base64 = ByteClass { isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D }
    /// Characters of a name in an assignment (`API_KEY`, `client-secret`, `aws.secret`).
    static let name = ByteClass { isAlnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
    /// Characters of an unquoted value: anything but whitespace, quotes, backslash and separators.
    static let value = ByteClass { b in
        b > 0x20 && b != 0x22 && b != 0x27 && b != 0x5C && b != 0x2C && b != 0x3B && b != 0x7D && b != 0x29
            && b != 0x5D && b != 0x3E && b != 0x60 && b != 0x7F && b != 0x26
    }
    /// Characters of a quoted value: anything but the quote, backslash and control characters.
    static let quotedValue = ByteClass { b in b >= 0x20 && b != 0x22 && b != 0x27 && b != 0x5C && b != 0x7F }
}
