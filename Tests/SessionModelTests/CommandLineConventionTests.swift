import Foundation
import Testing

@testable import SessionModel

/// `help`, completion scripts, man pages, usage wrapping and colour: one command tree, every tool.
@Suite struct CommandLineConventionTests {
    static let tools = ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"]

    static func run(
        _ tool: String, _ arguments: [String], env: [String: String] = [:], terminal: Bool = false
    ) -> (Int32, String, String) {
        let dir = TempDir()
        let out = BufferSink(isTerminal: terminal)
        let err = BufferSink(isTerminal: terminal)
        var environment = ["HOME": dir.home, "PATH": "/usr/bin:/bin"]
        for (k, v) in env { environment[k] = v }
        let context = ToolContext(
            tool: tool, arguments: arguments, environment: environment, workingDirectory: dir.path,
            stdout: out, stderr: err)
        let code = ToolRunner.run(context)
        return (code, out.text, err.text)
    }

    @Test(arguments: tools)
    func helpSubcommandWorksWhereThereAreSubcommands(_ tool: String) throws {
        let root = try #require(ToolRunner.command(for: tool))
        guard !root.subcommands.isEmpty else { return }
        let (code, out, _) = Self.run(tool, ["help"])
        #expect(code == 0)
        #expect(out.contains("SUBCOMMANDS:") && out.contains("  help "))
        for sub in root.subcommands {
            let (code, out, err) = Self.run(tool, ["help", sub.name])
            #expect(code == 0, "\(tool) help \(sub.name): \(err)")
            #expect(out.contains("USAGE: \(tool) \(sub.name)"))
        }
        let (bad, _, err) = Self.run(tool, ["help", root.subcommands[0].name + "x"])
        #expect(bad == 64)
        #expect(err.contains("did you mean '\(root.subcommands[0].name)'"))
    }

    @Test(arguments: tools)
    func completionScriptsNameEveryOptionAndSubcommand(_ tool: String) throws {
        let root = try #require(ToolRunner.command(for: tool))
        for shell in CompletionScript.shells {
            let (code, script, err) = Self.run(tool, ["--generate-completion-script", shell])
            #expect(code == 0, "\(err)")
            for node in CompletionScript.nodes(root) {
                for option in node.command.allOptions {
                    let word = shell == "fish" ? "-l \(option.long)" : "--\(option.long)"
                    #expect(script.contains(word), "\(tool) \(shell): \(node.key) \(option.long)")
                }
                for sub in node.command.subcommands { #expect(script.contains(sub.name)) }
            }
        }
        let (code, _, err) = Self.run(tool, ["--generate-completion-script", "zhs"])
        #expect(code == 64)
        #expect(err.contains("did you mean 'zsh'"))
    }

    @Test(arguments: tools)
    func manPageIsBuiltFromTheSameTree(_ tool: String) throws {
        let root = try #require(ToolRunner.command(for: tool))
        let (code, page, _) = Self.run(tool, ["--generate-manual"])
        #expect(code == 0)
        #expect(page.hasPrefix(".TH \(ManPage.escape(tool.uppercased())) 1 "))
        for node in CompletionScript.nodes(root) {
            for option in node.command.allOptions {
                #expect(page.contains("\\fB\\-\\-\(ManPage.escape(option.long))\\fR"), "\(node.key) \(option.long)")
            }
            if node.path.count > 1 { #expect(page.contains(".SS \(ManPage.escape(node.key))")) }
        }
        #expect(page.contains(".SH EXIT STATUS"))
        // Deterministic: the same page twice.
        #expect(Self.run(tool, ["--generate-manual"]).1 == page)
    }

    @Test(arguments: tools)
    func usageLinesAndHelpWrapToTheWidth(_ tool: String) throws {
        let root = try #require(ToolRunner.command(for: tool))
        for node in CompletionScript.nodes(root) {
            let usage = HelpFormatter.usageLine(node.command, path: node.path)
            for line in HelpFormatter.wrapUsage(usage, width: 60).split(separator: "\n") {
                // A single option group longer than the width is never split, but none of ours is.
                #expect(line.count <= 60, "\(node.key): \(line)")
            }
        }
        let (code, _, err) = Self.run(tool, ["--no-such-option"], env: ["COLUMNS": "50"])
        #expect(code == 64)
        let lines = err.split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines.dropFirst() { #expect(line.count <= 50, "\(line)") }
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        let (_, _, plain) = Self.run("save-session", ["--bogus"])
        #expect(!plain.contains("\u{1B}["))
        let (_, _, coloured) = Self.run("save-session", ["--bogus"], terminal: true)
        #expect(coloured.hasPrefix("save-session: \u{1B}[1;31merror:\u{1B}[0m unknown option"))
        let (_, _, noColor) = Self.run("save-session", ["--bogus"], env: ["NO_COLOR": "1"], terminal: true)
        #expect(!noColor.contains("\u{1B}["))
        let (_, _, flag) = Self.run("save-session", ["--bogus", "--no-color"], terminal: true)
        #expect(!flag.contains("\u{1B}["))
        let (_, _, dumb) = Self.run("save-session", ["--bogus"], env: ["TERM": "dumb"], terminal: true)
        #expect(!dumb.contains("\u{1B}["))
    }

    @Test func highlightColoursOnlyTheLeadingWord() {
        #expect(HighlightingSink.highlight("t: warning: x error: y") == "t: \u{1B}[1;33mwarning:\u{1B}[0m x error: y")
        #expect(
            HighlightingSink.highlight("  warning: w\nplain error: no")
                == "  \u{1B}[1;33mwarning:\u{1B}[0m w\nplain error: no")
    }

    @Test func listTableAlignsCutsAndShowsTheHeaderOnlyWhenAsked() {
        let table = ListTable(
            headers: ["AGENT", "ID", "TITLE"], rows: [["claude", "a1", "A long title here"], ["codex", "b22", ""]])
        #expect(
            table.render(width: nil, header: false, color: false) == "claude  a1   A long title here\ncodex   b22\n")
        let shown = table.render(width: 20, header: true, color: true)
        #expect(shown == "\u{1B}[1mAGENT   ID   TITLE\u{1B}[0m\nclaude  a1   A long…\ncodex   b22\n")
    }

    @Test func idPrefixesAreUniqueOrAnErrorListingTheCandidates() throws {
        let ids = ["4f1a22", "4f1b33", "9e0000"]
        #expect(try IdPrefix.match("9e", in: ids) { $0 } == "9e0000")
        #expect(try IdPrefix.match("4f1a22", in: ids) { $0 } == "4f1a22")
        #expect(try IdPrefix.match("77", in: ids) { $0 } == nil)
        #expect(
            throws: SessionError(.invalidValue, "'4f1' matches 2 sessions: 4f1a22, 4f1b33", hint: "give more of the id")
        ) { try IdPrefix.match("4f1", in: ids) { $0 } }
        // As the command line reports it: a usage error (64) with the same words.
        #expect(
            ToolError(SessionError(.invalidValue, "m", hint: "give more of the id"))
                == ToolError.usage("m", hint: "give more of the id"))
    }

    @Test func choiceAliasesAndDidYouMean() throws {
        let root = Command(
            name: "t", abstract: "T.",
            options: [
                .value("format", "format", "F.", choices: ["json", "markdown", "html"]),
                .value("to", "agent", "A.", choices: ["claude", "codex"]),
            ], action: { _, _ in .ok })
        guard case .run(let parsed) = try ArgumentParser.parse(["--format", "md", "--to", "claude-code"], root: root)
        else {
            Issue.record("expected run")
            return
        }
        #expect(parsed.value("format") == "markdown")
        #expect(parsed.value("to") == "claude")
        #expect(throws: ToolError.self) { try ArgumentParser.parse(["--format", "htlm"], root: root) }
        do {
            _ = try ArgumentParser.parse(["--format", "htlm"], root: root)
        } catch {
            #expect(error.hint == "did you mean 'html'?")
        }
        #expect(throws: SessionError(.invalidValue, "unknown agent 'cladue'", hint: "did you mean 'claude'?")) {
            try AgentKind.parse("cladue")
        }
    }

    /// The wrap as it was written (counting the built line at every word): the reference for the faster one.
    static func referenceWrap(_ text: String, indent: Int, width: Int) -> String {
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

    /// Wrapping gives what the reference gives, for every help text of every tool and for random words with
    /// non-ASCII characters (accents, combining marks, emoji, CJK), several spaces and line feeds, at several widths.
    @Test func wrappingAgreesWithTheReference() {
        var texts: [String] = []
        for tool in Self.tools.compactMap({ ToolRunner.command(for: $0) }) {
            func walk(_ c: Command) {
                texts.append(c.discussion)
                texts.append(c.abstract)
                texts += c.allOptions.map(\.help)
                c.subcommands.forEach(walk)
            }
            walk(tool)
        }
        var rng = SystemRandomNumberGenerator()
        let words = [
            "a", "word", "é", "e\u{301}", "\u{301}x", "😀", "👩‍👩‍👧", "日本語", "—", "--option", "", "\n", "  ", "\r\n", "x\ry",
        ]
        for round in 0..<1000 {
            let pool = round % 2 == 0 ? words : words.filter { $0.utf8.allSatisfy { $0 < 0x80 } }  // half ASCII only
            texts.append(
                (0..<Int.random(in: 0...40, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
                    .joined(separator: Bool.random(using: &rng) ? " " : "  "))
        }
        #expect(texts.count > 600)
        for text in texts {
            for (indent, width) in [(0, 80), (26, 80), (2, 40), (26, 30)] {
                #expect(
                    HelpFormatter.wrap(text, indent: indent, width: width)
                        == Self.referenceWrap(text, indent: indent, width: width), "\(text.debugDescription)")
            }
        }
    }
}
