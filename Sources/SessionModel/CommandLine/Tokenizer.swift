/// One word of a command line, before any command's options are known.
public enum ArgumentToken: Sendable, Equatable {
    /// `--name` or `--name=value`.
    case long(String, value: String?)
    /// `-x` (a single letter).
    case short(Character)
    /// A plain word, or anything after `--`.
    case positional(String)
    /// A lone `-`: read standard input.
    case stdin
    /// `--`: everything after it is positional.
    case terminator
}

public enum Tokenizer {
    /// Splits arguments into tokens. Pure; never fails: unknown shapes are judged by the parser, which knows the
    /// command.
    public static func tokenize(_ arguments: [String]) -> [ArgumentToken] {
        var tokens: [ArgumentToken] = []
        var afterTerminator = false
        for argument in arguments {
            if afterTerminator {
                tokens.append(.positional(argument))
                continue
            }
            if argument == "--" {
                tokens.append(.terminator)
                afterTerminator = true
            } else if argument == "-" {
                tokens.append(.stdin)
            } else if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    tokens.append(.long(String(body[..<eq]), value: String(body[body.index(after: eq)...])))
                } else {
                    tokens.append(.long(String(body), value: nil))
                }
            } else if argument.hasPrefix("-"), argument.count == 2, let c = argument.last, c != "-" {
                tokens.append(.short(c))
            } else if argument.hasPrefix("-"), argument.count > 2, !(argument.dropFirst().first?.isNumber ?? false) {
                // `-abc`: we have no clustered short flags; report it as an unknown long-ish option.
                tokens.append(.long(String(argument.dropFirst()), value: nil))
            } else {
                tokens.append(.positional(argument))
            }
        }
        return tokens
    }
}
