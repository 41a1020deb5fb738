/// One option a command accepts.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `--json`: present or not.
        case flag
        /// `--notes <text>`: one value; given twice is a usage error.
        case value
        /// `--completed <task>`: may be given many times; values collect in order.
        case repeated
    }

    public var long: String
    public var short: Character?
    public var kind: Kind
    public var valueName: String
    public var help: String
    /// When set, the value must be one of these.
    public var choices: [String]?

    public static func flag(_ long: String, short: Character? = nil, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, kind: .flag, valueName: "", help: help, choices: nil)
    }

    public static func value(
        _ long: String, _ valueName: String, short: Character? = nil, _ help: String,
        choices: [String]? = nil
    ) -> OptionSpec {
        OptionSpec(long: long, short: short, kind: .value, valueName: valueName, help: help, choices: choices)
    }

    public static func repeated(_ long: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(long: long, short: nil, kind: .repeated, valueName: valueName, help: help, choices: nil)
    }

    var synopsis: String {
        switch kind {
        case .flag: return "--\(long)"
        case .value: return "--\(long) <\(valueName)>"
        case .repeated: return "--\(long) <\(valueName)> ..."
        }
    }
}

public struct PositionalSpec: Sendable {
    public var name: String
    public var help: String
    public var optional: Bool
    /// Takes every remaining word.
    public var repeating: Bool

    public init(_ name: String, _ help: String, optional: Bool = true, repeating: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
        self.repeating = repeating
    }
}

/// A command (or subcommand): its words, its options and what it does.
public struct Command: Sendable {
    public typealias Action = @Sendable (ParsedArguments, ToolContext) throws -> ExitCode

    public var name: String
    public var abstract: String
    public var discussion: String
    public var options: [OptionSpec]
    public var positionals: [PositionalSpec]
    public var subcommands: [Command]
    /// True when the command's options may appear after the subcommand word too (all ours allow it).
    public var action: Action?
    /// When true, the first positional word ends option parsing: it and every argument after it are kept as
    /// positionals exactly as given (`--flags`, `-`, `--` included). For wrappers such as `resume-session AGENT
    /// [ARGS...]`, whose trailing arguments belong to another program.
    public var passthroughAfterPositional: Bool = false

    public init(
        name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [], subcommands: [Command] = [], action: Action? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
        self.action = action
    }

    static let helpOption = OptionSpec.flag("help", short: "h", "Show help information.")
    static let versionOption = OptionSpec.flag("version", "Show the version.")
    static let noColorOption = OptionSpec.flag("no-color", "Never colour the output (also when NO_COLOR is set).")

    var allOptions: [OptionSpec] { options + [Command.helpOption, Command.versionOption, Command.noColorOption] }

    func option(long: String) -> OptionSpec? { allOptions.first { $0.long == long } }
    func option(short: Character) -> OptionSpec? { allOptions.first { $0.short == short } }
}

/// What the parser found on a command line.
public struct ParsedArguments: Sendable, Equatable {
    /// The words of the command that was chosen, e.g. `["save-session", "list"]`.
    public var commandPath: [String] = []
    public var flags: Set<String> = []
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []
    /// True when a lone `-` was given where a value or positional was expected.
    public var usesStdin: Bool = false

    public init() {}

    // Lookups by name, for tests and the parser; commands read through their `OptionSpec` (CommandOptions.swift).
    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func value(_ name: String) -> String? { values[name]?.last }
    public func values(_ name: String) -> [String] { values[name] ?? [] }
    public func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }
}
