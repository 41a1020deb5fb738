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
    /// Widths are counted in characters, each word's once (its bytes when it is ASCII without a carriage return): a line's width is the sum of
    /// its words' and the spaces between (a word never begins with a mark that would join the space before it — such
    /// a space would not have split it off), so this is what counting the built line each time gives, without the
    /// quadratic walk (`--help` start, issue #17).
    static func wrap(_ text: String, indent: Int, width: Int = HelpFormatter.width) -> String {
        // ("\r\n" is one character, which a line feed does not split: the general path.)
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return wrapASCII(Array(text.utf8), indent: indent, width: width)
        }
        var lines: [String] = []
        let margin = String(repeating: " ", count: indent)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ") {
                let utf8 = word.utf8
                let w = utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? utf8.count : word.count  // "\r\n": one
                if lineWidth > 0, indent + lineWidth + 1 + w > width {
                    lines.append(margin + line)
                    line = ""
                    lineWidth = 0
                }
                if lineWidth == 0 {
                    line = String(word)
                    lineWidth = w
                } else {
                    line += " "
                    line += word
                    lineWidth += 1 + w
                }
            }
            lines.append(margin + line)
        }
        return lines.joined(separator: "\n")
    }

    /// `wrap` of an ASCII text without carriage returns, in bytes (one byte, one character): no grapheme breaking.
    static func wrapASCII(_ text: [UInt8], indent: Int, width: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8 + indent * 4)
        let margin = [UInt8](repeating: 0x20, count: indent)
        var i = 0
        let n = text.count
        while true {
            // One paragraph: up to the next line feed.
            var end = i
            while end < n && text[end] != 0x0A { end += 1 }
            out += margin
            var lineWidth = 0
            var j = i
            while j < end {
                if text[j] == 0x20 {
                    j += 1
                    continue
                }
                var k = j
                while k < end && text[k] != 0x20 { k += 1 }
                let w = k - j
                if lineWidth > 0, indent + lineWidth + 1 + w > width {
                    out.append(0x0A)
                    out += margin
                    lineWidth = 0
                }
                if lineWidth > 0 {
                    out.append(0x20)
                    lineWidth += 1
                }
                out += text[j..<k]
                lineWidth += w
                j = k
            }
            guard end < n else { break }
            out.append(0x0A)
            i = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
