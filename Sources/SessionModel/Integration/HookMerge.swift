/// Marker-based merging of our hook entries into each agent's hook settings. Pure functions over JSON values:
/// our handlers are found by their command (`…/load-state --hook …`, `…/save-session --hook …`) or, where handlers
/// are named, by a `name` starting with `agent-sessions-`; everything else (keys, foreign hooks, their order) is kept.
public enum HookMerge {
    /// How an agent's hook file nests its handlers (each agent's `AgentHooks.shape`).
    public enum Shape: String, Sendable {
        /// `{"hooks":{"Event":[{"matcher":…,"hooks":[handler]}]}}`.
        case nested
        /// `{"version":1,"hooks":{"event":[handler]}}`.
        case flat
    }

    /// One handler we install: the event, an optional matcher (nested shape) and the handler object.
    public struct Entry: Sendable, Equatable {
        public var event: String
        public var matcher: String?
        public var handler: JSONValue
        public init(event: String, matcher: String? = nil, handler: JSONValue) {
            self.event = event
            self.matcher = matcher
            self.handler = handler
        }
    }

    public static let namePrefix = "agent-sessions-"
    static let tools = ["load-state", "save-session"]

    /// True when a handler object is one of ours.
    public static func isOurs(_ handler: JSONValue) -> Bool {
        if let name = handler["name"]?.stringValue, name.hasPrefix(namePrefix) { return true }
        for key in ["command", "bash"] {
            if let command = handler[key]?.stringValue, isOurCommand(command) { return true }
        }
        return false
    }

    /// `<path>/load-state --hook X`, `save-session --hook X`, `save-session start --hook X`, quoted or not.
    public static func isOurCommand(_ command: String) -> Bool {
        let plain = command.replacingText("'", with: "").replacingText("\"", with: "")
        for tool in tools {
            for form in [" --hook ", " start --hook "] {
                let needle = tool + form
                if plain.hasPrefix(needle) || plain.contains("/" + needle) { return true }
            }
        }
        return false
    }

    /// The settings with our old handlers dropped and `entries` added. Throws bad data (65) when the document (or its
    /// `hooks`) is not an object. Returns `existing` unchanged when it already holds exactly `entries`.
    public static func merging(_ existing: JSONValue?, entries: [Entry], shape: Shape, file: String)
        throws(SessionError)
        -> JSONValue
    {
        let current = try validated(existing, shape: shape, file: file)
        if ours(in: current, shape: shape) == entries.sorted(by: entryOrder) { return current }
        var result = remove(current, shape: shape)
        guard case .object(var root) = result else { return result }
        var hooks = root["hooks"]?.objectValue ?? [:]
        for entry in entries {
            var list = hooks[entry.event]?.arrayValue ?? []
            switch shape {
            case .nested:
                var group: [String: JSONValue] = ["hooks": [entry.handler]]
                if let m = entry.matcher { group["matcher"] = .string(m) }
                list.append(.object(group))
            case .flat:
                list.append(entry.handler)
            }
            hooks[entry.event] = .array(list)
        }
        root["hooks"] = .object(hooks)
        if shape == .flat, root["version"] == nil { root["version"] = 1 }
        result = .object(root)
        return result
    }

    /// The settings with every handler of ours removed; groups and event lists emptied by that are dropped,
    /// and a `hooks` object emptied by that is dropped too. Other content is untouched.
    public static func remove(_ document: JSONValue, shape: Shape) -> JSONValue {
        guard case .object(var root) = document, case .object(var hooks)? = root["hooks"] else { return document }
        var changed = false
        for (event, value) in hooks {
            guard let list = value.arrayValue else { continue }
            var kept: [JSONValue] = []
            var touched = false
            for item in list {
                switch shape {
                case .flat:
                    if isOurs(item) { touched = true } else { kept.append(item) }
                case .nested:
                    guard case .object(var group) = item, let handlers = group["hooks"]?.arrayValue else {
                        kept.append(item)
                        continue
                    }
                    let remaining = handlers.filter { !isOurs($0) }
                    if remaining.count == handlers.count { kept.append(item); continue }
                    touched = true
                    if !remaining.isEmpty {
                        group["hooks"] = .array(remaining)
                        kept.append(.object(group))
                    }
                }
            }
            if touched {
                changed = true
                if kept.isEmpty { hooks.removeValue(forKey: event) } else { hooks[event] = .array(kept) }
            }
        }
        guard changed else { return document }
        if hooks.isEmpty { root.removeValue(forKey: "hooks") } else { root["hooks"] = .object(hooks) }
        return .object(root)
    }

    /// Our entries found in a document, in a stable order.
    public static func ours(in document: JSONValue, shape: Shape) -> [Entry] {
        guard let hooks = document["hooks"]?.objectValue else { return [] }
        var out: [Entry] = []
        for (event, value) in hooks {
            for item in value.arrayValue ?? [] {
                switch shape {
                case .flat:
                    if isOurs(item) { out.append(Entry(event: event, handler: item)) }
                case .nested:
                    let handlers = item["hooks"]?.arrayValue ?? []
                    for h in handlers where isOurs(h) {
                        // Only a group holding just our handler counts as exactly ours.
                        let matcher = item["matcher"]?.stringValue
                        if handlers.count == 1
                            && (item.objectValue?.keys.allSatisfy { $0 == "hooks" || $0 == "matcher" } ?? false)
                        {
                            out.append(Entry(event: event, matcher: matcher, handler: h))
                        } else {
                            out.append(Entry(event: event, matcher: "\u{0}shared", handler: h))
                        }
                    }
                }
            }
        }
        return out.sorted(by: entryOrder)
    }

    static func entryOrder(_ a: Entry, _ b: Entry) -> Bool {
        let ka = a.event + "\u{1}" + (a.matcher ?? "") + "\u{1}" + JSONWriter.compactString(a.handler)
        let kb = b.event + "\u{1}" + (b.matcher ?? "") + "\u{1}" + JSONWriter.compactString(b.handler)
        return ka < kb
    }

    /// `{}` for a missing document; 65 when it or its `hooks` is not an object.
    static func validated(_ existing: JSONValue?, shape: Shape, file: String) throws(SessionError) -> JSONValue {
        guard let existing else { return [:] }
        guard existing.objectValue != nil else {
            throw SessionError(
                .badData, "expected a JSON object at the top, found \(existing.typeName); left unchanged",
                hint: "fix the file by hand, then run setup-agents again", file: file)
        }
        if let hooks = existing["hooks"], hooks.objectValue == nil {
            throw SessionError(
                .badData, "'hooks' is \(hooks.typeName), expected an object; left unchanged",
                hint: "fix the file by hand, then run setup-agents again", file: file)
        }
        return existing
    }
}
