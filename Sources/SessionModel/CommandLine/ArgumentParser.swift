/// Turns tokens into `ParsedArguments` for a command tree. Pure; usage problems throw `ToolError` (exit 64).
public enum ArgumentParser {
    public enum Outcome: Sendable, Equatable {
        case run(ParsedArguments)
        case help([String])
        case version
    }

    /// Parses `arguments` against `root`. Subcommands are chosen by the first positional words that name one.
    public static func parse(_ arguments: [String], root: Command) throws(ToolError) -> Outcome {
        let tokens = Tokenizer.tokenize(arguments)
        var command = root
        var parsed = ParsedArguments()
        parsed.commandPath = [root.name]
        var positionalIndex = 0
        var sawPositional = false
        var wantsHelp = false
        var wantsVersion = false
        var i = 0
        var usageCommand: Command { command }

        func usageError(_ message: String, _ hint: String? = nil) -> ToolError {
            ToolError.usage(
                message, usage: HelpFormatter.usageLine(command, path: parsed.commandPath),
                hint: hint ?? "see '\(parsed.commandPath.joined(separator: " ")) --help'")
        }

        while i < tokens.count {
            let token = tokens[i]
            i += 1
            switch token {
            case .terminator:
                continue
            case .stdin:
                parsed.usesStdin = true
                parsed.positionals.append("-")
                sawPositional = true
            case .positional(let word):
                // `tool help` (a lone word, nothing else) asks for help rather than passing `help` on as notes or a name.
                if word == "help", tokens.count == 1, !command.passthroughAfterPositional {
                    wantsHelp = true
                    continue
                }
                if !sawPositional, let sub = command.subcommands.first(where: { $0.name == word }) {
                    command = sub
                    parsed.commandPath.append(word)
                    continue
                }
                if !sawPositional, !command.subcommands.isEmpty, command.positionals.isEmpty {
                    let names = command.subcommands.map(\.name)
                    let near = Suggest.nearest(word, among: names)
                    throw usageError(
                        "unknown subcommand '\(word)'",
                        near.map { "did you mean '\($0)'?" } ?? "subcommands: \(names.joined(separator: ", "))")
                }
                sawPositional = true
                if command.passthroughAfterPositional {
                    // One token per argument: the raw arguments from here on are the positionals, untouched.
                    parsed.positionals.append(contentsOf: arguments[(i - 1)...])
                    positionalIndex += arguments.count - (i - 1)
                    i = tokens.count
                    continue
                }
                parsed.positionals.append(word)
                positionalIndex += 1
            case .short(let c):
                guard let spec = command.option(short: c) else {
                    throw usageError("unknown option '-\(c)'")
                }
                try take(spec, inline: nil, display: "-\(c)")
            case .long(let name, let inline):
                guard let spec = command.option(long: name) else {
                    let near = Suggest.nearest(name, among: command.allOptions.map(\.long))
                    throw usageError("unknown option '--\(name)'", near.map { "did you mean '--\($0)'?" })
                }
                try take(spec, inline: inline, display: "--\(name)")
            }
        }

        func take(_ spec: OptionSpec, inline: String?, display: String) throws(ToolError) {
            switch spec.kind {
            case .flag:
                if inline != nil { throw usageError("'\(display)' takes no value") }
                if spec.long == "help" { wantsHelp = true; return }
                if spec.long == "version" { wantsVersion = true; return }
                parsed.flags.insert(spec.long)
            case .value, .repeated:
                var value: String
                if let inline {
                    value = inline
                } else {
                    guard i < tokens.count else { throw usageError("missing value for '\(spec.synopsis)'") }
                    // One of this command's own options is never taken as a value (`--pending --json`): the value
                    // is missing. Other dash words are values (`--grep -x`); `--opt=--json` gives one explicitly.
                    let missing = usageError(
                        "missing value for '--\(spec.long)'",
                        "give a value after '--\(spec.long)', or '--\(spec.long)=VALUE' for one starting with '-'")
                    switch tokens[i] {
                    case .positional(let v): value = v
                    case .stdin: value = "-"
                    case .long(let n, let v):
                        if command.option(long: n) != nil { throw missing }
                        value = "--" + n + (v.map { "=" + $0 } ?? "")
                    case .short(let c):
                        if command.option(short: c) != nil { throw missing }
                        value = "-\(c)"
                    case .terminator: throw usageError("missing value for '\(spec.synopsis)'")
                    }
                    i += 1
                }
                if value == "-" { parsed.usesStdin = true }
                if let choices = spec.choices, !choices.contains(value) {
                    if let canonical = Suggest.alias(value, among: choices) {
                        value = canonical
                    } else {
                        throw usageError(
                            "invalid value '\(value)' for '\(spec.synopsis)'",
                            Suggest.nearest(value, among: choices).map { "did you mean '\($0)'?" }
                                ?? "expected one of: \(choices.joined(separator: ", "))")
                    }
                }
                if spec.kind == .value, parsed.values[spec.long] != nil {
                    throw usageError("'--\(spec.long)' given more than once")
                }
                parsed.values[spec.long, default: []].append(value)
            }
        }

        if wantsHelp { return .help(parsed.commandPath) }
        if wantsVersion { return .version }
        if command.action == nil, !command.subcommands.isEmpty {
            throw usageError(
                "missing subcommand", "subcommands: \(command.subcommands.map(\.name).joined(separator: ", "))")
        }
        // Positional arity.
        let specs = command.positionals
        let maxCount = specs.contains { $0.repeating } ? Int.max : specs.count
        if parsed.positionals.count > maxCount {
            let extra = parsed.positionals[specs.count]
            throw usageError("unexpected argument '\(extra)'")
        }
        let required = specs.filter { !$0.optional }.count
        if parsed.positionals.count < required {
            let missing = specs.filter { !$0.optional }[parsed.positionals.count]
            throw usageError("missing argument <\(missing.name)>")
        }
        _ = usageCommand
        return .run(parsed)
    }

    /// Whether `--json` is on the line as a flag, for reporting an error the parse itself may have raised: a `--json`
    /// standing where a value option expects its value (`--pending --json`) was not asked for as output.
    public static func asksForJSON(_ arguments: [String], root: Command) -> Bool {
        var command = root
        var expectsValue = false
        for token in Tokenizer.tokenize(arguments) {
            let wasValue = expectsValue
            expectsValue = false
            switch token {
            case .terminator: return false
            case .positional(let word):
                if !wasValue, let sub = command.subcommands.first(where: { $0.name == word }) {
                    command = sub
                    continue
                }
                if command.passthroughAfterPositional && !wasValue { return false }
            case .long(let name, let inline):
                if name == SharedOptions.json.long && inline == nil && !wasValue { return true }
                if let spec = command.option(long: name), spec.kind != .flag, inline == nil { expectsValue = true }
            case .short(let c):
                if let spec = command.option(short: c), spec.kind != .flag { expectsValue = true }
            case .stdin: continue
            }
        }
        return false
    }

    /// The command at `path` (the root's name first).
    public static func resolve(_ path: [String], root: Command) -> Command {
        var command = root
        for word in path.dropFirst() {
            if let sub = command.subcommands.first(where: { $0.name == word }) { command = sub }
        }
        return command
    }
}
