/// A man page (roff, `man(7)` macros) generated from the same `Command` tree as `--help` and the completion scripts.
/// `<tool> --generate-manual` prints it; `make install` writes it to `$(PREFIX)/share/man/man1/<tool>.1`.
/// Deterministic: no date, so two builds give the same page.
public enum ManPage {
    public static func page(_ root: Command, version: String) -> String {
        var out = ".TH \(escape(root.name.uppercased())) 1 \"\" \"agent-sessions \(version)\" \"User Commands\"\n"
        out += ".SH NAME\n\(escape(root.name)) \\- \(escape(root.abstract))\n"
        out += ".SH SYNOPSIS\n"
        for node in CompletionScript.nodes(root) where node.command.action != nil || node.path.count == 1 {
            out += ".PP\n" + synopsis(node.command, path: node.path) + "\n"
        }
        if !root.discussion.isEmpty {
            out += ".SH DESCRIPTION\n" + paragraphs(root.discussion)
        }
        out += ".SH OPTIONS\n" + options(root)
        let subs = CompletionScript.nodes(root).dropFirst()
        if !subs.isEmpty {
            out += ".SH SUBCOMMANDS\n"
            for node in subs {
                out += ".SS \(escape(node.key))\n" + paragraphs(node.command.abstract)
                if !node.command.discussion.isEmpty { out += paragraphs(node.command.discussion) }
                out += options(node.command)
            }
            out += ".SS help [\\fIsubcommand\\fR]\nShow the help of the tool or of a subcommand.\n"
        }
        out += ".SH EXIT STATUS\n"
        for code in ExitCode.allCases {
            out += ".TP\n.B \(code.rawValue)\n\(escape(exitMeaning(code)))\n"
        }
        out += ".SH ENVIRONMENT\n"
        out += ".TP\n.B NO_COLOR\nWhen set and not empty, output is never coloured (as with \\-\\-no\\-color).\n"
        out += ".TP\n.B COLUMNS\nThe width that help, usage lines and lists wrap to (default: the terminal's).\n"
        out += ".SH SEE ALSO\n"
        let others = ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"]
        out += others.filter { $0 != root.name }.map { ".BR \($0) (1)" }.joined(separator: ",\n") + "\n"
        out += ".PP\nThe documents in share/doc/agent-sessions (exit-codes.md, guarantees.md, checkpoint.md).\n"
        return out
    }

    static func exitMeaning(_ code: ExitCode) -> String {
        switch code {
        case .ok: return "Success."
        case .failure: return "Refused or failed for a reason the message explains."
        case .usage: return "The command line is wrong (the usage line is printed under the error)."
        case .dataError: return "An input file exists but cannot be used; it is never overwritten."
        case .noInput: return "Something needed is missing (no saved state, no session, a path that does not exist)."
        case .cantCreate: return "An output cannot be written."
        case .tempFail: return "A lock is held by another process; retry shortly."
        }
    }

    static func synopsis(_ command: Command, path: [String]) -> String {
        var words = [".B \(escape(path.joined(separator: " ")))"]
        var rest: [String] = []
        if !command.subcommands.isEmpty && command.action == nil { rest.append("\\fIsubcommand\\fR") }
        for p in command.positionals {
            let word = "\\fI\(escape(p.name))\\fR" + (p.repeating ? " ..." : "")
            rest.append(p.optional ? "[\(word)]" : word)
        }
        for o in command.options { rest.append("[\(optionLabel(o))]") }
        if !rest.isEmpty { words.append(rest.joined(separator: " ")) }
        return words.joined(separator: "\n")
    }

    static func optionLabel(_ option: OptionSpec) -> String {
        var label = "\\fB\\-\\-\(escape(option.long))\\fR"
        if option.kind != .flag { label += " \\fI\(escape(option.valueName))\\fR" }
        return label
    }

    static func options(_ command: Command) -> String {
        var out = ""
        for p in command.positionals {
            out += ".TP\n\\fI\(escape(p.name))\\fR\(p.repeating ? " ..." : "")\n\(escape(p.help))\n"
        }
        for o in command.allOptions {
            var label = o.short.map { "\\fB\\-\($0)\\fR, " } ?? ""
            label += optionLabel(o)
            var text = o.help
            if let choices = o.choices { text += " Values: \(choices.joined(separator: ", "))." }
            if o.kind == .repeated { text += " Can be repeated." }
            out += ".TP\n\(label)\n\(escape(text))\n"
        }
        return out
    }

    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { ".PP\n" + escape(String($0)) + "\n" }
            .joined()
    }

    /// roff-safe text: backslashes doubled, hyphens of options kept as hyphens, no line starting with a control
    /// character.
    static func escape(_ text: String) -> String {
        var out = text.replacingText("\\", with: "\\e").replacingText("-", with: "\\-")
        out = out.replacingText("\n", with: " ")
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
