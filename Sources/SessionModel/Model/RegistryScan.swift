/// A byte scan of the session registry that proves, without building a value, that a file is exactly what
/// `JSONWriter.pretty` writes for a registry document the full parse accepts (issue #17: a save into 10 000 entries
/// costs about a `memcpy` of the file, not a parse).
///
/// It accepts only the canonical form, byte for byte: no BOM; 2-space indentation, one member or element per line,
/// `": "` after keys, `{}`/`[]` for empty containers, a trailing newline; keys plain ASCII (no escapes) in strictly
/// increasing byte order (so no key is repeated); strings valid UTF-8 with only the escapes the writer makes (`\"`,
/// `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, lowercase `\u00xx` for the other control characters); numbers in JSON's grammar
/// (kept as written); nesting at most `maxDepth`. The root is an object with a `"sessions"` array whose elements are
/// objects with a string `"id"` (the shape `SessionRegistry.checkShape` asks for). For such a file `parse` then
/// `pretty` gives the same bytes, so adding an entry by writing its bytes into the array equals the full rewrite.
/// Anything else — a valid file in another form included — gives nil and the caller takes the full path.
enum RegistryScan {
    /// Deeper documents are left to the full parse (which allows 512).
    static let maxDepth = 64

    struct Layout: Equatable {
        /// Where the new entry's bytes go: the `\n` before the array's closing `  ]`, or the `[` of an empty `[]`.
        var insertAt: Int
        /// The array is `[]` (the entry replaces those two bytes with a one-element array).
        var emptyArray: Bool
        /// An entry already has the id (a save of it is an update).
        var hasID: Bool
    }

    /// The layout of a canonical registry, nil when `bytes` is not one (or `id` is not plain ASCII: ids are compared
    /// as Swift strings by the full path, and only ASCII ones are equal exactly when their bytes are).
    static func scan(_ bytes: [UInt8], id: String) -> Layout? {
        bytes.withUnsafeBufferPointer { scan($0, id: id) }
    }

    static func scan(_ buffer: UnsafeBufferPointer<UInt8>, id: String) -> Layout? {
        let wanted = Array(id.utf8)
        guard wanted.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }),
            let base = buffer.baseAddress, buffer.count > 0
        else { return nil }
        var scanner = Scanner(p: base, n: buffer.count, id: wanted)
        return scanner.document()
    }

    /// The registry with `entry` added as the last element of `sessions` (see `Layout.insertAt`), as the parts to
    /// write one after the other: the old bytes are not copied.
    static func inserting(_ entry: JSONValue, into old: [UInt8], at layout: Layout) -> [ArraySlice<UInt8>] {
        let middle = entryBytes(entry, emptyArray: layout.emptyArray)
        if layout.emptyArray { return [old[..<layout.insertAt], middle[...], old[(layout.insertAt + 2)...]] }
        return [old[..<layout.insertAt], middle[...], old[layout.insertAt...]]
    }

    /// What goes at `Layout.insertAt`: `,` and the entry, or for an empty array (whose `[]` it replaces) the array
    /// holding the entry.
    static func entryBytes(_ entry: JSONValue, emptyArray: Bool) -> [UInt8] {
        var middle: [UInt8] = Array((emptyArray ? "[\n    " : ",\n    ").utf8)
        JSONWriter.write(entry, into: &middle, indent: 4, pretty: true)
        if emptyArray { middle.append(contentsOf: "\n  ]".utf8) }
        return middle
    }

    enum Role { case plain, root, entry }

    struct Scanner {
        let p: UnsafePointer<UInt8>
        let n: Int
        let id: [UInt8]
        var i = 0
        var insertAt = -1
        var emptyArray = false
        var hasID = false
        /// The last string scanned was plain ASCII without escapes (a key must be; an id compares by its bytes).
        var plain = true

        init(p: UnsafePointer<UInt8>, n: Int, id: [UInt8]) {
            self.p = p
            self.n = n
            self.id = id
        }

        mutating func document() -> Layout? {
            guard p[0] == UInt8(ascii: "{"), object(indent: 0, depth: 1, role: .root) else { return nil }
            guard i + 1 == n, p[i] == 0x0A, insertAt >= 0 else { return nil }
            return Layout(insertAt: insertAt, emptyArray: emptyArray, hasID: hasID)
        }

        /// `\n` and `indent` spaces at `i`.
        @inline(__always)
        mutating func newline(_ indent: Int) -> Bool {
            guard i + indent + 1 < n, p[i] == 0x0A else { return false }
            if indent < 16, i + 16 <= n {
                // The newline and up to 15 spaces in one or two 8-byte comparisons.
                let x = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                let spaces: UInt64 = 0x2020_2020_2020_2020
                if indent < 8 {
                    let mask: UInt64 = indent == 7 ? ~0 : (1 &<< UInt64((indent + 1) &* 8)) &- 1
                    guard x & mask == (spaces << 8 | 0x0A) & mask else { return false }
                } else {
                    guard x == spaces << 8 | 0x0A else { return false }
                    let y = UInt64(littleEndian: UnsafeRawPointer(p + i + 8).loadUnaligned(as: UInt64.self))
                    let rest = indent - 7
                    let mask: UInt64 = rest == 8 ? ~0 : (1 &<< UInt64(rest &* 8)) &- 1
                    guard y & mask == spaces & mask else { return false }
                }
                i += indent + 1
                return true
            }
            var k = 1
            while k <= indent {
                if p[i + k] != 0x20 { return false }
                k += 1
            }
            i += indent + 1
            return true
        }

        @inline(__always)
        mutating func byte(_ b: UInt8) -> Bool {
            guard i < n, p[i] == b else { return false }
            i += 1
            return true
        }

        mutating func value(indent: Int, depth: Int) -> Bool {
            guard i < n else { return false }
            switch p[i] {
            case UInt8(ascii: "{"): return object(indent: indent, depth: depth + 1, role: .plain)
            case UInt8(ascii: "["): return array(indent: indent, depth: depth + 1)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let k = word.utf8CodeUnitCount
            guard i + k <= n else { return false }
            for j in 0..<k where p[i + j] != word.utf8Start[j] { return false }
            i += k
            return true
        }

        mutating func number() -> Bool {
            func digits(_ s: inout Scanner) -> Bool {
                let start = s.i
                while s.i < s.n, s.p[s.i] >= 0x30, s.p[s.i] <= 0x39 { s.i += 1 }
                return s.i > start
            }
            if p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { return false }
            if p[i] == 0x30 { i += 1 } else { _ = digits(&self) }
            if i < n, p[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) else { return false }
            }
            if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
                i += 1
                if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) else { return false }
            }
            return true
        }

        mutating func array(indent: Int, depth: Int) -> Bool {
            guard depth <= RegistryScan.maxDepth else { return false }
            i += 1
            if byte(UInt8(ascii: "]")) { return true }
            while true {
                guard newline(indent + 2), value(indent: indent + 2, depth: depth) else { return false }
                if byte(UInt8(ascii: ",")) { continue }
                return newline(indent) && byte(UInt8(ascii: "]"))
            }
        }

        /// The root's `sessions`: entries are objects with a string id; records where a new one goes.
        mutating func sessions() -> Bool {
            guard i < n, p[i] == UInt8(ascii: "[") else { return false }
            if i + 1 < n, p[i + 1] == UInt8(ascii: "]") {
                insertAt = i
                emptyArray = true
                i += 2
                return true
            }
            i += 1
            while true {
                guard newline(4), i < n, p[i] == UInt8(ascii: "{"), object(indent: 4, depth: 3, role: .entry) else {
                    return false
                }
                if byte(UInt8(ascii: ",")) { continue }
                insertAt = i
                return newline(2) && byte(UInt8(ascii: "]"))
            }
        }

        mutating func object(indent: Int, depth: Int, role: Role) -> Bool {
            guard depth <= RegistryScan.maxDepth else { return false }
            i += 1
            if byte(UInt8(ascii: "}")) { return role == .plain }
            var previous = 0..<0
            var first = true
            var sawKey = false
            while true {
                guard newline(indent + 2), i < n, p[i] == UInt8(ascii: "\"") else { return false }
                let keyStart = i + 1
                guard string(), plain else { return false }
                let key = keyStart..<(i - 1)
                if !first && !precedes(previous, key) { return false }
                first = false
                previous = key
                guard byte(UInt8(ascii: ":")), byte(0x20) else { return false }
                switch role {
                case .root where equals(key, "sessions"):
                    guard sessions() else { return false }
                    sawKey = true
                case .entry where equals(key, "id"):
                    guard i < n, p[i] == UInt8(ascii: "\"") else { return false }
                    let start = i
                    guard string() else { return false }
                    if plain {
                        if equals(start + 1..<i - 1, id) { hasID = true }
                    } else if case .success(.string(let s)) = JSONParser.parse(
                        UnsafeBufferPointer(start: p + start, count: i - start)),
                        s == String(decoding: id, as: UTF8.self)
                    {
                        hasID = true
                    }
                    sawKey = true
                default:
                    guard value(indent: indent + 2, depth: depth) else { return false }
                }
                if byte(UInt8(ascii: ",")) { continue }
                guard newline(indent), byte(UInt8(ascii: "}")) else { return false }
                return role == .plain || sawKey
            }
        }

        /// `a` sorts strictly before `b` by bytes (the writer's key order).
        func precedes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            let m = min(a.count, b.count)
            for k in 0..<m where p[a.lowerBound + k] != p[b.lowerBound + k] {
                return p[a.lowerBound + k] < p[b.lowerBound + k]
            }
            return a.count < b.count
        }

        func equals(_ r: Range<Int>, _ text: StaticString) -> Bool {
            guard r.count == text.utf8CodeUnitCount else { return false }
            for k in 0..<r.count where p[r.lowerBound + k] != text.utf8Start[k] { return false }
            return true
        }

        func equals(_ r: Range<Int>, _ bytes: [UInt8]) -> Bool {
            guard r.count == bytes.count else { return false }
            for k in 0..<r.count where p[r.lowerBound + k] != bytes[k] { return false }
            return true
        }

        /// A canonical string at `i` (its opening quote); sets `plain`.
        mutating func string() -> Bool {
            i += 1
            plain = true
            while true {
                // Plain ASCII bytes sixteen at a time (SSE2) or eight, in a local index (kept in a register).
                var j = i
                var found = false
                #if arch(x86_64)
                    while j + 16 <= n {
                        let m = ByteScan.scan16(p + j)
                        let stops = (m | m >> 16) & 0xFFFF  // a quote, backslash or control byte, or a byte ≥ 0x80
                        if stops != 0 {
                            j += stops.trailingZeroBitCount
                            found = true
                            break
                        }
                        j += 16
                    }
                #endif
                while !found && j + 8 <= n {
                    let x = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
                    let stops = JSONParser.ByteReader.stopBytes(x) | (x & 0x8080_8080_8080_8080)
                    if stops != 0 {
                        j += stops.trailingZeroBitCount >> 3
                        break
                    }
                    j += 8
                }
                i = j
                guard i < n else { return false }
                var b = p[i]
                if b >= 0x80 {
                    plain = false
                    // A run of multi-byte characters (a word in Hangul, kana, Arabic) without going back to the
                    // word loop after each.
                    repeat {
                        guard scalar(b), i < n else { return false }
                        b = p[i]
                    } while b >= 0x80
                }
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return true
                }
                if b == UInt8(ascii: "\\") {
                    plain = false
                    guard escape() else { return false }
                } else if b < 0x20 {
                    return false
                } else {
                    i += 1
                }
            }
        }

        /// One escape at `i` (the backslash), only as the writer makes them.
        mutating func escape() -> Bool {
            guard i + 1 < n else { return false }
            switch p[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"),
                UInt8(ascii: "b"), UInt8(ascii: "f"):
                i += 2
                return true
            case UInt8(ascii: "u"):
                guard i + 6 <= n, p[i + 2] == 0x30, p[i + 3] == 0x30, p[i + 4] == 0x30 || p[i + 4] == 0x31 else {
                    return false
                }
                let d = p[i + 5]
                let low: UInt8
                switch d {
                case 0x30...0x39: low = d - 0x30
                case 0x61...0x66: low = d - 0x61 + 10
                default: return false
                }
                let c = (p[i + 4] - 0x30) << 4 | low
                // The writer uses the short escapes for these.
                if c == 0x08 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D { return false }
                i += 6
                return true
            default:
                return false
            }
        }

        /// One well-formed UTF-8 sequence of 2 to 4 bytes at `i`, starting with `b0` (no overlong forms, surrogates
        /// or values above U+10FFFF: what `String(validating:)` accepts).
        @inline(__always)
        mutating func scalar(_ b0: UInt8) -> Bool {
            switch b0 {
            case 0xC2...0xDF:
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            case 0xE0...0xEF:
                guard i + 2 < n else { return false }
                let b1 = p[i + 1]
                guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if (b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0) { return false }
                i += 3
            case 0xF0...0xF4:
                guard i + 3 < n else { return false }
                let b1 = p[i + 1]
                guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
                if (b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 >= 0x90) { return false }
                i += 4
            default:
                return false
            }
            return true
        }
    }
}
