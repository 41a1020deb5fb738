/// Colour and width on a terminal. Colour only when the stream is a terminal, `NO_COLOR` is unset or empty,
/// `TERM` is not `dumb` and `--no-color` was not given; never in files, pipes or captured output.
public enum ANSI {
    public static let reset = "\u{1B}[0m"
    public static let bold = "\u{1B}[1m"
    public static let red = "\u{1B}[1;31m"
    public static let yellow = "\u{1B}[1;33m"

    public static func paint(_ text: String, _ code: String, when enabled: Bool) -> String {
        enabled ? code + text + reset : text
    }
}

extension ToolContext {
    /// The arguments that belong to the tool itself (before `--`).
    var ownArguments: ArraySlice<String> { arguments.prefix { $0 != "--" } }

    /// True when text written to `sink` may be coloured.
    public func colors(_ sink: any OutputSink) -> Bool {
        guard sink.isTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return !ownArguments.contains("--no-color")
    }

    /// The width to wrap and cut to: `COLUMNS` when set, else the terminal's, else 80.
    public var terminalWidth: Int {
        if let text = environment["COLUMNS"], let n = Int(text), n >= 20 { return n }
        return stdout.columns ?? stderr.columns ?? 80
    }
}

/// Colours the `error:` and `warning:` words of the lines written through it (stderr on a terminal).
final class HighlightingSink: OutputSink, @unchecked Sendable {
    let base: any OutputSink
    init(_ base: any OutputSink) { self.base = base }

    var isTerminal: Bool { base.isTerminal }
    var columns: Int? { base.columns }

    func write(_ bytes: [UInt8]) {
        base.write(Array(Self.highlight(String(decoding: bytes, as: UTF8.self)).utf8))
    }

    /// The first `error:` or `warning:` of each line, when it starts the line or follows `: ` (`tool: error: …`).
    static func highlight(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for (word, code) in [("error:", ANSI.red), ("warning:", ANSI.yellow)] {
                guard let range = line.firstRange(of: word) else { continue }
                let before = line[..<range.lowerBound]
                guard before.isEmpty || before.hasSuffix(": ") || before.allSatisfy({ $0 == " " }) else { continue }
                return String(before) + code + word + ANSI.reset + line[range.upperBound...]
            }
            return String(line)
        }.joined(separator: "\n")
    }
}

extension HelpFormatter {
    /// A usage line broken before `[`/`<` groups so no line is wider than `width`; continuation lines are indented
    /// under the first argument.
    public static func wrapUsage(_ usage: String, width: Int) -> String {
        guard usage.count > width else { return usage }
        var units: [String] = []
        var current = ""
        var depth = 0
        for c in usage {
            if c == " " && depth == 0 {
                if !current.isEmpty { units.append(current) }
                current = ""
                continue
            }
            if c == "[" || c == "<" { depth += 1 }
            if c == "]" || c == ">" { depth = max(0, depth - 1) }
            current.append(c)
        }
        if !current.isEmpty { units.append(current) }
        // The command words (no bracket) stay on the first line; the rest aligns under the first argument.
        let head = units.prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") }
        var line = head.joined(separator: " ")
        let indentWidth = line.count + 1 <= width / 2 ? line.count + 1 : 4
        let indent = String(repeating: " ", count: indentWidth)
        var lines: [String] = []
        for unit in units.dropFirst(head.count) {
            if line.count + 1 + unit.count > width, line.count > indentWidth {
                lines.append(line)
                line = indent + unit
            } else {
                line += (line.isEmpty ? "" : " ") + unit
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
