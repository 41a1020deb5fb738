/// The one list layout of every tool: newest first (the caller sorts), aligned columns, a header on a terminal
/// (bold when colour is on), the last column (a title) cut to the width. Scripts use `--json` instead.
public struct ListTable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// `width` nil: nothing is cut (not a terminal and no COLUMNS).
    public func render(width: Int?, header: Bool, color: Bool) -> String {
        let all = (header ? [headers] : []) + rows
        let count = headers.count
        var widths = [Int](repeating: 0, count: count)
        for row in all {
            for (i, cell) in row.prefix(count - 1).enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for (index, row) in all.enumerated() {
            var line = ""
            for i in 0..<count {
                let cell = i < row.count ? row[i] : ""
                if i < count - 1 {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                } else {
                    line += cell
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            if let width { line = ListTable.cut(line, to: width) }
            if header && index == 0 { line = ANSI.paint(line, ANSI.bold, when: color) }
            out += line + "\n"
        }
        return out
    }

    /// `text` in at most `width` characters, ending in `…` when cut.
    public static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return String(text.prefix(width - 1)) + "…"
    }
}

extension ToolContext {
    /// Prints `table` on stdout in the list layout: header and cutting on a terminal (or with COLUMNS).
    public func printList(_ table: ListTable) {
        stdout.write(listText(table))
    }

    /// `table` in the list layout `printList` prints.
    public func listText(_ table: ListTable) -> String {
        let terminal = stdout.isTerminal
        let width = terminal || environment["COLUMNS"] != nil ? terminalWidth : nil
        return table.render(width: width, header: terminal, color: colors(stdout))
    }
}
