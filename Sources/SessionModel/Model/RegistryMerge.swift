#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The three-way merge of two registries (git's merge driver): a union of the entries by id.
///
/// - An id on one side only is kept, unless the base had it and that side is unchanged from the base while the
///   other side deleted it (then the deletion wins, like a normal three-way merge).
/// - An id on both sides with different contents: the entry with the newer `updated_at` (else `created_at`) wins;
///   on a tie the ours side wins and the tags and journal lists of both are united.
/// - Order: ours' entries in ours' order, then theirs' new entries in theirs' order.
/// - Other top-level keys: ours, plus theirs' keys ours lacks; a key only theirs changed from the base takes theirs.
public enum RegistryMerge {
    public static func merge(base: JSONValue, ours: JSONValue, theirs: JSONValue) -> JSONValue {
        let baseEntries = index(base)
        let ourList = SessionRegistry.entries(ours)
        let theirList = SessionRegistry.entries(theirs)
        let ourEntries = index(ours)
        let theirEntries = index(theirs)

        var result: [JSONValue] = []
        var seen: Set<String> = []
        for entry in ourList {
            guard let id = entry["id"]?.stringValue, !seen.contains(id) else { continue }
            seen.insert(id)
            if let theirs = theirEntries[id] {
                result.append(pick(ours: entry, theirs: theirs))
            } else if let old = baseEntries[id], old == entry {
                continue  // theirs deleted it and ours did not touch it
            } else {
                result.append(entry)
            }
        }
        for entry in theirList {
            guard let id = entry["id"]?.stringValue, !seen.contains(id) else { continue }
            seen.insert(id)
            if ourEntries[id] == nil, let old = baseEntries[id], old == entry { continue }  // ours deleted it
            result.append(entry)
        }

        var root = ours.objectValue ?? [:]
        let baseRoot = base.objectValue ?? [:]
        for (key, value) in theirs.objectValue ?? [:] where key != "sessions" {
            if root[key] == nil || (root[key] == baseRoot[key] && value != baseRoot[key]) { root[key] = value }
        }
        root["sessions"] = .array(result)
        return .object(root)
    }

    static func index(_ document: JSONValue) -> [String: JSONValue] {
        var map: [String: JSONValue] = [:]
        for entry in SessionRegistry.entries(document) {
            if let id = entry["id"]?.stringValue, map[id] == nil { map[id] = entry }
        }
        return map
    }

    /// The newer of two versions of one entry.
    static func pick(ours: JSONValue, theirs: JSONValue) -> JSONValue {
        if ours == theirs { return ours }
        switch compare(stamp(ours), stamp(theirs)) {
        case .orderedAscending: return theirs
        case .orderedDescending: return ours
        case .orderedSame:
            guard var merged = ours.objectValue else { return ours }
            for key in ["tags"] + SessionRegistry.journalListKeys {
                let a = ours[key]?.arrayValue ?? []
                let b = theirs[key]?.arrayValue ?? []
                if a.isEmpty && b.isEmpty { continue }
                var union = a
                for item in b where !union.contains(item) { union.append(item) }
                merged[key] = .array(union)
            }
            for (key, value) in theirs.objectValue ?? [:] where merged[key] == nil { merged[key] = value }
            return .object(merged)
        }
    }

    static func stamp(_ entry: JSONValue) -> String {
        entry["updated_at"]?.stringValue ?? entry["created_at"]?.stringValue ?? ""
    }

    /// Timestamps compared as instants when both parse, else as strings.
    static func compare(_ a: String, _ b: String) -> ComparisonResult {
        if let x = Timestamps.parse(a), let y = Timestamps.parse(b) {
            return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
        }
        return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    }

    /// Parses one side of a merge: an empty file is an empty registry; anything we cannot read is 65.
    public static func parseSide(_ bytes: [UInt8], path: String) throws(SessionError) -> JSONValue {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return ["sessions": []] }
        let value = try JSONFile.parse(bytes, path: path)
        try SessionRegistry.checkShape(value, path: path)
        return value
    }

    /// `save-session merge-driver %O %A %B`: merges into %A. Any side unreadable → 65 and %A untouched (git then
    /// reports a conflict).
    public static func runDriver(base: String, ours: String, theirs: String) throws(SessionError) {
        func read(_ path: String) throws(SessionError) -> JSONValue {
            guard let bytes = try AtomicFile.read(path) else { return ["sessions": []] }
            return try parseSide(bytes, path: path)
        }
        let o = try read(base)
        let a = try read(ours)
        let b = try read(theirs)
        try JSONFile.write(merge(base: o, ours: a, theirs: b), to: ours)
    }
}
