#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The shim folder: tiny scripts named like the agents that call `resume-session <agent> "$@"`. Put before the
/// agents' folders on PATH (the pyenv/rbenv pattern), so no agent binary is ever renamed or replaced.
public enum Shims {
    public static let marker = "# agent-sessions shim"

    /// `$AGENT_SESSIONS_HOME/shims`, else `~/.local/share/agent-sessions/shims`.
    public static func directory(_ context: ToolContext) -> String {
        if let home = context.environment["AGENT_SESSIONS_HOME"], !home.isEmpty {
            return Paths.join(context.absolute(home), "shims")
        }
        return Paths.join(context.home, ".local/share/agent-sessions/shims")
    }

    /// The shim: calls `executable` (resume-session). Should that be gone (uninstalled, moved), the shim still
    /// runs the agent (the next one on PATH after `directory`, without resume) and says so, instead of breaking it.
    /// PATH entries are compared with the shim folder by their resolved paths (`pwd -P`): `…/shims/`, `…/./shims`
    /// or a symlinked folder leading to it are all the shim folder.
    public static func script(agent: String, executable: String, directory: String) -> String {
        """
        #!/bin/sh
        \(marker) for \(agent): created by 'resume-session setup', removed by 'resume-session teardown'.
        target=\(Shell.quoted(executable))
        if [ -x "$target" ]; then exec "$target" \(agent) "$@"; fi
        if [ -n "$AGENT_SESSIONS_SHIM_FALLBACK" ]; then echo "[agent-sessions] \(agent) not found outside the shims" >&2; exit 127; fi
        echo "[agent-sessions] $target is missing; running \(agent) without resume (run 'resume-session setup' again, or delete $0)" >&2
        shims=\(Shell.quoted(directory)); real=$(CDPATH= cd -P -- "$shims" 2>/dev/null && pwd -P); rest=; IFS=:
        for d in $PATH; do r=; [ -z "$d" ] || r=$(CDPATH= cd -P -- "$d" 2>/dev/null && pwd -P)
          if [ "$d" = "$shims" ] || { [ -n "$r" ] && [ "$r" = "$real" ]; }; then continue; fi; rest="${rest:+$rest:}$d"; done
        unset IFS; PATH=$rest; AGENT_SESSIONS_SHIM_FALLBACK=1; export PATH AGENT_SESSIONS_SHIM_FALLBACK
        exec \(agent) "$@"

        """
    }

    /// True when `path` is a file we wrote (its second line is our marker).
    public static func isOurShim(_ path: String) -> Bool {
        // ignored: a file that cannot be read is not our shim
        guard let size = FileInfo.size(path), size < 4096, let bytes = try? AtomicFile.read(path, limit: 4096) else {
            return false
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 2)
        return lines.count >= 2 && lines[1].hasPrefix(marker)
    }

    /// The executable a shim of ours calls, when it is one.
    public static func target(_ path: String) -> String? {
        // ignored: a file that cannot be read is not our shim
        guard isOurShim(path), let bytes = try? AtomicFile.read(path, limit: 4096) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("target=") {
            return shellUnquoteFirstWord(String(line.dropFirst(7)))
        }
        return nil
    }

    static func shellUnquoteFirstWord(_ s: String) -> String? {
        var out = ""
        var inQuote = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if inQuote {
                if c == "'" { inQuote = false } else { out.append(c) }
            } else if c == "'" {
                inQuote = true
            } else if c == "\\" {
                i = s.index(after: i)
                if i < s.endIndex { out.append(s[i]) }
            } else if c == " " {
                break
            } else {
                out.append(c)
            }
            i = s.index(after: i)
        }
        return out.isEmpty ? nil : out
    }

    public enum State: String, Sendable {
        /// Ours, calling this resume-session.
        case installed
        /// Ours, calling another resume-session (moved or reinstalled elsewhere): `setup` rewrites it.
        case stale
        /// No file.
        case missing
        /// A file we did not write: never touched.
        case foreign
    }

    public static func state(_ path: String, executable: String?) -> State {
        if FileInfo.kind(path) == .missing { return .missing }
        guard isOurShim(path) else { return .foreign }
        if let executable, target(path) != executable { return .stale }
        return .installed
    }
}

/// The marked PATH block in a shell's rc file. Written atomically; `remove` gives back the file as it was.
public enum ShellRC {
    public static let begin = "# >>> agent-sessions resume-session >>>"
    public static let end = "# <<< agent-sessions resume-session <<<"
    static let note = "# Added by 'resume-session setup'; 'resume-session teardown' removes it."
    /// Said inside the block when a line break had to be added before it (the file did not end with one), so that
    /// removing the block restores the file byte for byte.
    static let joinedNote = "# (a line break was added before this block)"
    /// Said inside the block when setup created the rc file: teardown then removes the emptied file.
    static let createdNote = "# (this file was created for this block)"

    public static let shells = ["bash", "zsh", "fish"]

    public static func file(shell: String, home: String) -> String {
        switch shell {
        case "zsh": return Paths.join(home, ".zshrc")
        case "fish": return Paths.join(home, ".config/fish/config.fish")
        default: return Paths.join(home, ".bashrc")
        }
    }

    public static func pathLine(shell: String, directory: String) -> String {
        if shell == "fish" { return "set -gx PATH \(Shell.quoted(directory)) $PATH" }
        return "export PATH=\(Shell.quoted(directory)):\"$PATH\""
    }

    /// `text` with the block for `directory` in place (replacing an older block). `createdFile`: the file did not
    /// exist before setup (kept from an older block too).
    public static func adding(to text: String, shell: String, directory: String, createdFile: Bool = false) -> String {
        let created = createdFile || (blockRange(text).map { text[$0].contains(createdNote) } ?? false)
        let base = removing(from: text)
        let joined = !base.isEmpty && !base.hasSuffix("\n")
        var block = joined ? "\n" : ""
        block += begin + "\n" + note + "\n"
        if joined { block += joinedNote + "\n" }
        if created { block += createdNote + "\n" }
        block += pathLine(shell: shell, directory: directory) + "\n" + end + "\n"
        return base + block
    }

    public static func hasBlock(_ text: String) -> Bool { blockRange(text) != nil }

    /// `text` without our block (and without the line break the block added, if it did).
    public static func removing(from text: String) -> String {
        guard let range = blockRange(text) else { return text }
        var start = range.lowerBound
        if text[range].contains(joinedNote), start > text.startIndex {
            let before = text.index(before: start)
            if text[before] == "\n" { start = before }
        }
        return String(text[..<start]) + String(text[range.upperBound...])
    }

    /// From the first character of the begin line to just after the end line's line break.
    static func blockRange(_ text: String) -> Range<String.Index>? {
        var searchStart = text.startIndex
        while let b = text[searchStart...].firstRange(ofText: begin) {
            let atLineStart = b.lowerBound == text.startIndex || text[text.index(before: b.lowerBound)] == "\n"
            if atLineStart, let e = text[b.upperBound...].firstRange(ofText: end) {
                var upper = e.upperBound
                if upper < text.endIndex, text[upper] == "\n" { upper = text.index(after: upper) }
                return b.lowerBound..<upper
            }
            searchStart = b.upperBound
        }
        return nil
    }

    /// The real file behind a symlinked rc file (dotfile repositories): we edit the target and keep the link.
    static func target(_ path: String) -> String {
        FileInfo.kind(path) == .symlink ? Paths.physical(path) : path
    }
}
