/// What a conversion carries when the whole session would not fit the target model's context: the last compaction
/// summary (the agent's own digest of everything before it) and, after it, the newest messages that fit a token
/// budget, starting at a prompt so no tool result is cut from its call. Tokens are estimated (4 bytes each).
///
/// Two passes over the source: the first keeps one number per message (its estimated size), the second hands on
/// the chosen events. `--whole` (no budget) carries everything.
public struct ConvertBudget: Sendable, Equatable {
    /// The most tokens carried, estimated.
    public var tokens: Int

    public init(tokens: Int) { self.tokens = tokens }

    /// The target's own budget (its `ConvertTarget`), leaving room in its model's context for the system prompt,
    /// tools and the next turns; 150k tokens for an agent without one.
    public static func `default`(for target: AgentKind, registry: AgentRegistry = .standard) -> ConvertBudget {
        registry.entry(target)?.convert?.budget ?? ConvertBudget(tokens: 150_000)
    }

    /// Estimated tokens of one message: all the text it carries, 4 bytes a token, at least 1.
    static func estimate(_ m: TranscriptMessage) -> Int {
        var bytes = m.text.utf8.count
        for t in m.thinking { bytes += t.utf8.count }
        for c in m.toolCalls { bytes += c.name.utf8.count + JSONWriter.compact(c.input).count }
        for r in m.toolResults { bytes += r.outputBytes.count }
        return max(1, bytes / 4)
    }

    /// What was chosen: the messages kept (by position) and what was left out.
    public struct Plan: Sendable, Equatable {
        /// Position of the compaction summary kept, when there is one.
        public var summary: Int?
        /// Messages from this position on are kept.
        public var firstKept: Int
        public var total: Int
        /// Left out because they come before the last compaction summary.
        public var beforeCompaction = 0
        /// Left out because the budget was full.
        public var overBudget = 0
        public var keptTokens = 0

        func keeps(_ index: Int) -> Bool { index == summary || index >= firstKept }
    }

    /// Chooses from the sizes of the messages in order and the position of the last compaction summary.
    public func plan(sizes: [Int], lastSummary: Int?) -> Plan {
        let start = lastSummary.map { $0 + 1 } ?? 0
        var used = lastSummary.map { sizes[$0] } ?? 0
        var first = sizes.count
        while first > start, used + sizes[first - 1] <= tokens {
            first -= 1
            used += sizes[first]
        }
        var plan = Plan(summary: lastSummary, firstKept: first, total: sizes.count)
        plan.beforeCompaction = lastSummary ?? 0
        plan.overBudget = first - start
        plan.keptTokens = used
        return plan
    }

    /// Reads the source twice and hands `visit` only what the plan keeps; returns the plan.
    public func select(
        _ read: @escaping ((TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> Void,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) -> Plan {
        var sizes: [Int] = []
        var prompts: [Bool] = []
        var lastSummary: Int?
        try read { (event) throws(SessionError) in
            guard case .message(let m) = event else { return }
            if m.isCompactSummary { lastSummary = sizes.count }
            sizes.append(Self.estimate(m))
            prompts.append(m.isPrompt)
        }
        var plan = plan(sizes: sizes, lastSummary: lastSummary)
        // Start the kept tail at a prompt: a tool result never arrives without its call.
        if plan.firstKept < sizes.count, !prompts[plan.firstKept] {
            let start = plan.firstKept
            var next = start
            while next < sizes.count, !prompts[next] { next += 1 }
            if next < sizes.count {
                plan.keptTokens -= sizes[start..<next].reduce(0, +)
                plan.overBudget += next - start
                plan.firstKept = next
            }
        }
        var index = 0
        var inTail = false
        try read { (event) throws(SessionError) in
            switch event {
            case .message:
                defer { index += 1 }
                inTail = index >= plan.firstKept
                if plan.keeps(index) { try visit(event) }
            case .compaction:
                if index >= (plan.summary ?? plan.firstKept) || inTail { try visit(event) }
            case .title:
                try visit(event)
            }
        }
        return plan
    }

    /// The loss-report lines of what the plan left out.
    public func omissions(_ plan: Plan) -> [String: Int] {
        var out: [String: Int] = [:]
        if plan.beforeCompaction > 0 {
            out["message before the last compaction (its summary is carried instead)"] = plan.beforeCompaction
        }
        if plan.overBudget > 0 {
            out["older message over the \(tokens)-token budget (--whole carries everything)"] = plan.overBudget
        }
        return out
    }
}
