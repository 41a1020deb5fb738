/// Help texts and `--agent`-style choices that name the context's registry, not `AgentRegistry.standard`.
///
/// The command trees are declared once, before any context exists, with the standard registry's lists in their help
/// (`AgentRegistry.names(…)`) and choices (`allNames`). `ToolRunner` walks the tree through `naming(_:)` with the
/// context's registry: every list of the standard registry's agents with a capability (all agents, task lists,
/// hooks, resume, resume by mode, convert targets, setup-agents) becomes that registry's list of the same
/// capability — in help, discussions, positional help and choices (so parsing, `--help`, completion scripts and
/// man pages agree). With the standard registry the tree is returned as it is.
extension Command {
    public func naming(_ registry: AgentRegistry) -> Command {
        let lists = AgentLists(from: .standard, to: registry)
        guard !lists.isEmpty else { return self }
        return lists.apply(self)
    }
}

/// The lists that differ between two registries: standard rendering → the other registry's rendering.
struct AgentLists {
    /// Texts (longest first): the standard registry's rendering of a list, the registry's, and their separator.
    var texts: [(from: String, to: String, separator: String)] = []
    /// Choices: the standard registry's names of a capability and the registry's.
    var choices: [(from: [String], to: [String])] = []

    var isEmpty: Bool { texts.isEmpty && choices.isEmpty }

    /// Each capability a help text or a choice lists agents by, with the separators the texts join them with.
    static let capabilities: [(names: @Sendable (AgentRegistry) -> [String], separators: [String])] = [
        ({ $0.allNames }, [", "]),
        ({ $0.taskAgents.map(\.rawValue) }, [", "]),
        ({ $0.loadStateHookAgents }, [", "]),
        ({ $0.setupAgents }, [","]),
        ({ $0.convertTargets.map(\.rawValue) }, [", "]),
        ({ $0.entries.filter { $0.resume != nil }.map(\.kind.rawValue) }, [", "]),
        ({ $0.entries.filter { $0.resume?.mode == .managedID }.map(\.kind.rawValue) }, ["/"]),
        ({ $0.entries.filter { $0.resume?.mode == .discovered }.map(\.kind.rawValue) }, ["/"]),
    ]

    init(from standard: AgentRegistry, to registry: AgentRegistry) {
        var seen: [String: (to: String, separator: String)] = [:]
        var ambiguous: Set<String> = []
        for capability in Self.capabilities {
            let old = capability.names(standard)
            let new = capability.names(registry)
            guard old != new else { continue }
            choices.append((old, new))
            // A single name (or none) would match inside other text: only lists of two or more are rewritten.
            guard old.count >= 2 else { continue }
            for separator in capability.separators {
                let from = old.joined(separator: separator)
                let to = new.joined(separator: separator)
                if let earlier = seen[from], earlier.to != to { ambiguous.insert(from) }
                seen[from] = (to, separator)
            }
        }
        texts = seen.filter { !ambiguous.contains($0.key) }
            .map { (from: $0.key, to: $0.value.to, separator: $0.value.separator) }
            .sorted { ($0.from.utf8.count, $0.from) > ($1.from.utf8.count, $1.from) }
    }

    func apply(_ command: Command) -> Command {
        var c = command
        c.abstract = rewrite(c.abstract)
        c.discussion = rewrite(c.discussion)
        c.options = c.options.map { option in
            var o = option
            o.help = rewrite(o.help)
            if let list = o.choices, let match = choices.first(where: { $0.from == list }) { o.choices = match.to }
            return o
        }
        c.positionals = c.positionals.map { positional in
            var p = positional
            p.help = rewrite(p.help)
            return p
        }
        c.subcommands = c.subcommands.map(apply)
        return c
    }

    /// One pass, longest list first at each place, so a rewritten list is never rewritten again. A list matches only
    /// whole: not continued by its separator (the first agents of a longer list are not that list).
    func rewrite(_ text: String) -> String {
        guard texts.contains(where: { text.firstRange(ofText: $0.from) != nil }) else { return text }
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let hit = texts.first { t in
                rest.hasPrefix(t.from) && !rest.dropFirst(t.from.count).hasPrefix(t.separator)
            }
            if let hit {
                out += hit.to
                rest = rest.dropFirst(hit.from.count)
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }
}
