/// A command's options as one typed value, declared once and read once.
///
/// `options` and `positionals` are the declarations `--help`, the completion scripts and the man pages show (the
/// `Command` built by `Command(name:…, options: O.self) { options, context in … }` takes them from here). `init` reads
/// every one of them from the parsed line and checks it before the command runs: a bad value throws a usage error
/// (exit 64, with the command's usage line added by `ToolRunner`). An option is looked up through its `OptionSpec`
/// (`parsed.value(Self.notes)`), so its name is spelled once, in its declaration; nothing else reads `ParsedArguments`.
public protocol CommandOptions: Sendable {
    /// The options, in the order help shows them.
    static var options: [OptionSpec] { get }
    /// The positional arguments, in order.
    static var positionals: [PositionalSpec] { get }
    /// Reads and validates the whole line. `context` is for checks that need the agent registry.
    init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError)
}

extension CommandOptions {
    public static var positionals: [PositionalSpec] { [] }
}

/// The options several commands share, declared here once. `--json` and `--dry-run` say in their help what they
/// print or skip, so those take the help text; the name and kind are these.
public enum SharedOptions {
    /// `--repo-root <dir>`: the project folder.
    public static let repoRoot = OptionSpec.value(
        "repo-root", "dir", "The project folder (default: the git top folder of the working directory).")
    /// `--json`: print the result as one JSON object.
    public static let json = json("Print the result as JSON.")
    public static func json(_ help: String) -> OptionSpec { .flag("json", help) }
    /// `--dry-run`: check everything, write nothing (the help says what would have been done).
    public static func dryRun(_ help: String = "Check everything; write nothing.") -> OptionSpec {
        .flag("dry-run", help)
    }
    /// `--no-redact`: keep secrets (redaction is on by default).
    public static let noRedact = OptionSpec.flag("no-redact", "Keep secrets as they are (redaction is on by default).")
}

extension ParsedArguments {
    /// Whether the flag `spec` was given.
    public func flag(_ spec: OptionSpec) -> Bool { flags.contains(spec.long) }
    /// The value of `spec` (the last one for a repeated option), nil when not given.
    public func value(_ spec: OptionSpec) -> String? { values[spec.long]?.last }
    /// Every value of a repeated option, in order.
    public func values(_ spec: OptionSpec) -> [String] { values[spec.long] ?? [] }
    /// Whether `spec` was given at all (flag or value).
    public func has(_ spec: OptionSpec) -> Bool { flags.contains(spec.long) || values[spec.long] != nil }

    /// The agent `spec` names, checked against the context's registry (unknown → 64); nil when not given.
    public func agent(_ spec: OptionSpec, _ context: ToolContext) throws(ToolError) -> AgentKind? {
        guard let name = value(spec) else { return nil }
        return try core { () throws(SessionError) in try AgentKind.parse(name, registry: context.registry) }
    }

    /// The value of `spec` as a positive whole number; anything else → 64 with `message(value)`.
    public func positiveInt(_ spec: OptionSpec, _ message: (String) -> String) throws(ToolError) -> Int? {
        guard let text = value(spec) else { return nil }
        guard let n = Int(text), n > 0 else { throw ToolError.usage(message(text)) }
        return n
    }
}

extension Command {
    /// A command whose options are the typed value `O`: declared by `O`, read and checked before `run` is called.
    public init<O: CommandOptions>(
        name: String, abstract: String, discussion: String = "", options: O.Type, subcommands: [Command] = [],
        run: @escaping @Sendable (O, ToolContext) throws -> ExitCode
    ) {
        self.init(
            name: name, abstract: abstract, discussion: discussion, options: O.options, positionals: O.positionals,
            subcommands: subcommands, action: { parsed, context in try run(try O(parsed, context), context) })
    }
}

/// What a command reports: one value that renders as text for people and, with `--json`, as one JSON object (sorted
/// keys, trailing newline) — both from here, so the two cannot drift apart.
public protocol CommandReport {
    /// The `--json` form.
    var json: JSONValue { get }
    /// The text form, as written to stdout (lists take their layout from the context's terminal).
    func text(_ context: ToolContext) -> String
}

extension CommandReport {
    /// Writes the report to stdout: JSON when `json`, else the text.
    public func write(_ context: ToolContext, json: Bool) {
        if json {
            context.stdout.write(JSONWriter.pretty(self.json))
        } else {
            context.stdout.write(text(context))
        }
    }
}
