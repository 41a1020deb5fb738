/// `--help` text in the manner of swift-argument-parser: OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS.
public enum HelpFormatter {
    public static let width = 80
    static let column = 26

    public static func usageLine(_ command: Command, path: [String]) -> String {
        var parts = [path.joined(separator: " ")]
        if !command.subcommands.isEmpty && command.action == nil {
            parts.append("<subcommand>")
        }
        for p in command.positionals {
            var word = "<\(p.name)>"
            if p.repeating { word += " ..." }
            parts.append(p.optional ? "[\(word)]" : word)
        }
        for o in command.options {
            parts.append("[\(o.synopsis)]")
        }
        return "Usage: " + parts.joined(separator: " ")
    }

    /// The help of `command`, wrapped to `width` columns (the terminal's; 80 when not a terminal).
    public static func help(_ command: Command, path: [String], width: Int = HelpFormatter.width) -> String {
        var out = "OVERVIEW: \(command.abstract)\n"
        if !command.discussion.isEmpty {
            out += "\n" + wrap(command.discussion, indent: 0, width: width) + "\n"
        }
        let usage = "USAGE: " + usageLine(command, path: path).dropFirst("Usage: ".count)
        out += "\n" + wrapUsage(usage, width: width) + "\n"
        if !command.positionals.isEmpty {
            out += "\nARGUMENTS:\n"
            for p in command.positionals {
                out += row("<\(p.name)>" + (p.repeating ? " ..." : ""), p.help, width: width)
            }
        }
        out += "\nOPTIONS:\n"
        for o in command.allOptions {
            var label = o.short.map { "-\($0), " } ?? ""
            label += o.synopsis.replacingText(" ...", with: "")
            var text = o.help
            if let choices = o.choices { text += " (values: \(choices.joined(separator: ", ")))" }
            if o.kind == .repeated { text += " (can be repeated)" }
            out += row(label, text, width: width)
        }
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for s in command.subcommands { out += row(s.name, s.abstract, width: width) }
            if path.count == 1 { out += row("help", "Show help for a subcommand.", width: width) }
            out += "\n  See '\(path.joined(separator: " ")) <subcommand> --help' for detailed help.\n"
        }
        return out
    }

    static func row(_ label: String, _ text: String, width: Int = HelpFormatter.width) -> String {
        let head = "  " + label
        let body = wrap(text, indent: column, width: width)
        if head.count + 2 <= column {
            let padded = head + String(repeating: " ", count: column - head.count)
            return padded + body.dropFirst(column) + "\n"
        }
        return head + "\n" + body + "\n"
    }

    /// Wraps words to `width`, every line indented by `indent` spaces.
    static func wrap(_ text: String, indent: Int, width: Int = HelpFormatter.width) -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, indent + line.count + 1 + word.count > width {
                    lines.append(String(repeating: " ", count: indent) + line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(String(repeating: " ", count: indent) + line)
        }
        return lines.joined(separator: "\n")
    }
}
