/// Why a JSON text could not be read, and where (1-based line and column, in bytes).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var offset: Int
    public var line: Int
    public var column: Int
    public var description: String { "\(reason) at line \(line), column \(column)" }
}

/// A strict JSON (RFC 8259) parser over UTF-8 bytes.
public struct JSONParser {
    /// Nesting deeper than this is refused rather than risking the stack.
    public static let maxDepth = 512

    public static func parse(_ bytes: [UInt8], strictUTF8: Bool = true, rejectDuplicateKeys: Bool = false)
        throws(JSONParseError) -> JSONValue
    {
        var result: Result<JSONValue, JSONParseError> = .success(.null)
        bytes.withUnsafeBufferPointer { buffer in
            result = parse(buffer, strictUTF8: strictUTF8, filter: nil, rejectDuplicateKeys: rejectDuplicateKeys)
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Which object members a parse builds, for a reader that needs a few fields of large lines: the members
    /// whose key is in `keys` are built (at any depth); the values of the others are checked exactly as a full
    /// parse checks them (the same errors, at the same place) but never built, so they cost no strings and no
    /// dictionary entries. The value of a key in `whole` is built entirely, whatever keys it holds (e.g. a tool's
    /// input, shown as it is); a key in `wholeObjects` is built entirely when its value is an object (and filtered
    /// like `keys` otherwise). Without a filter every member is built.
    public struct KeyFilter: Sendable {
        /// `measure`: a string or an array is not built but measured (`JSONParser.measured`); anything else is
        /// built whole.
        /// `capture`: a string or an array is not built but its text (`StoreSupport.text(of:)`) is copied as UTF-8
        /// bytes into the parse's captures (`JSONParser.captured`); anything else is built whole.
        /// `json`: the value is not built but its JSON text is copied as bytes into the parse's captures (checked
        /// as a full parse checks it; see `JSONParser.captured`), for a reader that needs only a part of it.
        public enum Keep: Sendable { case filtered, whole, wholeObject, measure, capture, json }
        /// The deepest object a `shallow` key is kept in: the top-level object is at depth 1, an object member's
        /// object at 2 (`{"message": {"content": …}}`), an object in an array below that at 4.
        public static let shallowDepth = 2
        /// Kept keys by length (UTF-8 bytes), for a cheap test before any hashing.
        let byLength: [[(key: [UInt8], keep: Keep, shallow: Bool)]]
        /// Whether a `shallow` key deeper than `shallowDepth` is measured (`Keep.measure`) instead of left out.
        let measureDeep: Bool
        /// Whether a `shallow` key deeper than `shallowDepth` is captured as bytes (`Keep.capture`) instead.
        let captureDeep: Bool

        /// `shallow` keys are kept (as `keys`, or as `wholeObjects` when also named there) only in objects at
        /// depth ≤ `shallowDepth`, and left out deeper (a tool result's `content` inside `message.content`), or
        /// measured there with `measureDeep` (the size of a tool result whose text is not shown), or captured as
        /// bytes with `captureDeep` (a tool result's text, only redacted, cut and copied: never a `String`).
        public init(
            keys: [String], whole: [String] = [], wholeObjects: [String] = [], shallow: [String] = [],
            measureDeep: Bool = false, captureDeep: Bool = false, json: [String] = []
        ) {
            self.measureDeep = measureDeep
            self.captureDeep = captureDeep
            var table = [[(key: [UInt8], keep: Keep, shallow: Bool)]](repeating: [], count: 64)
            var all = keys.map { ($0, Keep.filtered) }
            all += whole.map { ($0, Keep.whole) }
            all += wholeObjects.map { ($0, Keep.wholeObject) }
            all += json.map { ($0, Keep.json) }
            for (k, keep) in all where k.utf8.count < 64 {
                table[k.utf8.count].removeAll { $0.key == Array(k.utf8) }
                table[k.utf8.count].append((Array(k.utf8), keep, shallow.contains(k)))
            }
            byLength = table
        }

        /// How `key` is kept (in an object at `depth`); nil when it is not.
        public func keeps(_ key: String, depth: Int = 1) -> Keep? {
            if let found = key.utf8.withContiguousStorageIfAvailable({ lookup($0, depth: depth) }) { return found }
            return Array(key.utf8).withUnsafeBufferPointer { lookup($0, depth: depth) }
        }

        @inline(__always)
        func lookup(_ key: UnsafeBufferPointer<UInt8>, depth: Int) -> Keep? {
            guard key.count < byLength.count else { return nil }
            for entry in byLength[key.count] {
                let same = entry.key.withUnsafeBufferPointer { k in
                    for i in 0..<k.count where k[i] != key[i] { return false }
                    return true
                }
                if same {
                    guard entry.shallow && depth > KeyFilter.shallowDepth else { return entry.keep }
                    return measureDeep ? .measure : captureDeep ? .capture : nil
                }
            }
            return nil
        }
    }

    /// A value measured by a `Keep.measure` member: a number whose text no parse produces (`#<bytes>`, and
    /// `#<bytes>+image` when an element is an image), so it is told apart from anything read.
    static func measuredValue(bytes: Int, image: Bool) -> JSONValue {
        .number("#" + String(bytes) + (image ? "+image" : ""))
    }

    /// The UTF-8 length of `StoreSupport.text(of:)` of a member measured instead of built, and whether an element
    /// of it is an image (`type` `image`); nil for any other value.
    public static func measured(_ value: JSONValue?) -> (bytes: Int, image: Bool)? {
        guard case .number(let text)? = value, text.hasPrefix("#") else { return nil }
        let image = text.hasSuffix("+image")
        guard let n = Int(text.dropFirst().prefix { $0 != "+" }) else { return nil }
        return (n, image)
    }

    /// A text a `Keep.capture` member left as bytes: the UTF-8 of `StoreSupport.text(of:)` of the value (well-formed:
    /// checked as a full parse checks it), and whether an element of it is an image (`type` `image`).
    public struct Captured: Sendable {
        public var bytes: [UInt8]
        public var image: Bool
    }

    /// The value a captured member leaves in the tree: a number whose text no parse produces (`@<index>`).
    static func capturedValue(_ index: Int) -> JSONValue { .number("@" + String(index)) }

    /// The capture `value` stands for (a member kept with `Keep.capture`), from the parse's `captures`.
    public static func captured(_ value: JSONValue?, in captures: [Captured]) -> Captured? {
        guard case .number(let text)? = value, text.utf8.first == UInt8(ascii: "@"),
            let i = Int(text.dropFirst()), captures.indices.contains(i)
        else { return nil }
        return captures[i]
    }

    /// `parse(_:filter:)`, the texts of `Keep.capture` members appended to `captures` (see `captured`).
    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, filter: KeyFilter, captures: inout [Captured]
    ) -> Result<JSONValue, JSONParseError> {
        var parser = ByteReader(bytes: buffer, strictUTF8: true)
        parser.filter = filter
        swap(&parser.captures, &captures)
        defer { swap(&parser.captures, &captures) }
        return parser.parseDocument()
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, strictUTF8: Bool = true)
        -> Result<JSONValue, JSONParseError>
    {
        parse(buffer, strictUTF8: strictUTF8, filter: nil)
    }

    /// Parses keeping only the members `filter` names (see `KeyFilter`); accepts and refuses exactly the texts
    /// the full parse does, with the same errors.
    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, strictUTF8: Bool = true, filter: KeyFilter?,
        rejectDuplicateKeys: Bool = false
    ) -> Result<JSONValue, JSONParseError> {
        var parser = ByteReader(bytes: buffer, strictUTF8: strictUTF8)
        parser.filter = filter
        parser.rejectDuplicates = rejectDuplicateKeys
        return parser.parseDocument()
    }

    struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        let strictUTF8: Bool
        var index = 0
        /// Members of the objects being parsed (nested objects push above their parent's): each object's dictionary
        /// is built once at its closing brace with the exact capacity, instead of growing and rehashing.
        var members: [(String, JSONValue)] = []
        /// The members to build (nil: all); off inside a value kept whole.
        var filter: JSONParser.KeyFilter?
        /// False while checking a value that is not built (a member the filter leaves out).
        var building = true
        /// Strings with escapes are decoded here: one buffer as long as the rest of the input when the first one
        /// is met (a decoded string is never longer than its escaped text), reused for the others.
        var scratch: DecodeBuffer?
        /// A key repeated in one object is an error instead of "the last one wins" (files we own: a silent pick
        /// would drop data on the next write).
        var rejectDuplicates = false

        /// Texts of `Keep.capture` members, in the order met.
        var captures: [JSONParser.Captured] = []

        /// Whether each string's UTF-8 is still to be checked: strict, and the whole text was not found well-formed
        /// at once. A well-formed text has only well-formed strings (a string is the text between two quotes, which
        /// are ASCII and so never cut a sequence; escapes decode to well-formed UTF-8), so the bulk check (16 bytes
        /// at a time, `ByteScan`) replaces the per-string ones; a text it refuses is checked string by string, which
        /// finds the same error at the same place as before.
        let checkUTF8: Bool

        init(bytes: UnsafeBufferPointer<UInt8>, strictUTF8: Bool, bulkUTF8: Bool = true) {
            self.bytes = bytes
            self.strictUTF8 = strictUTF8
            checkUTF8 = strictUTF8 && !(bulkUTF8 && ByteScan.isValidUTF8(bytes) == true)
        }

        mutating func parseDocument() -> Result<JSONValue, JSONParseError> {
            do throws(JSONParseError) {
                skipWhitespace()
                if index == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    index = 3
                    skipWhitespace()
                }
                let value = try value(depth: 0)
                skipWhitespace()
                if index < bytes.count {
                    throw error("unexpected text after the JSON value")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }

        func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
            let offset = min(offset ?? index, bytes.count)
            var line = 1
            var lineStart = 0
            var i = 0
            while i < offset {
                if bytes[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                i += 1
            }
            return JSONParseError(reason: reason, offset: offset, line: line, column: offset - lineStart + 1)
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while index < bytes.count {
                let b = bytes[index]
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 } else { return }
            }
        }

        mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
            guard index < bytes.count else { throw error("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""):
                if !building {
                    try skipString()
                    return .null
                }
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            case UInt8(ascii: "<") where startsWith("<<<<<<<"):
                throw error("git conflict marker '<<<<<<<'")
            default:
                throw error("expected a value, found '\(Self.show(bytes[index]))'")
            }
        }

        func startsWith(_ text: StaticString) -> Bool {
            let n = text.utf8CodeUnitCount
            guard index + n <= bytes.count else { return false }
            let p = text.utf8Start
            for i in 0..<n where bytes[index + i] != p[i] { return false }
            return true
        }

        /// A key as an error names it: quoted and escaped as JSON, so a message stays one line whatever the key holds.
        static func named(_ key: String) -> String { JSONWriter.compactString(.string(key)) }

        static func show(_ b: UInt8) -> String {
            if b >= 0x20 && b < 0x7F { return String(UnicodeScalar(b)) }
            return "\\x" + String(b, radix: 16, uppercase: true)
        }

        mutating func literal(_ word: StaticString) throws(JSONParseError) {
            if startsWith(word) {
                index += word.utf8CodeUnitCount
            } else {
                throw error("invalid literal (expected '\(word)')")
            }
        }

        mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
            if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return building ? .object([:]) : .null
            }
            let base = members.count
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    if startsWith("<<<<<<<") || startsWith("=======") || startsWith(">>>>>>>") {
                        throw error("git conflict marker")
                    }
                    throw error("expected a quoted key, found '\(Self.show(bytes[index]))'")
                }
                let keyQuote = index
                var key = ""
                // How this member is built; nil: its value is only checked.
                var keep: JSONParser.KeyFilter.Keep? = .filtered
                if building, let filter {
                    // A plain ASCII key is looked up in its bytes: a key that is not kept is never built.
                    let start = index + 1
                    var highBit = false
                    index = start
                    skipPlain(highBit: &highBit)
                    if !highBit, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                        index += 1
                        keep = filter.lookup(raw, depth: depth)
                        if keep != nil { key = String(decoding: raw, as: UTF8.self) }
                    } else {
                        index = keyQuote
                        key = try string()
                        keep = filter.keeps(key, depth: depth)
                    }
                } else if building {
                    key = try string()
                    if rejectDuplicates, members[base...].contains(where: { $0.0 == key }) {
                        throw error("duplicate key \(Self.named(key))", at: keyQuote)
                    }
                } else {
                    try skipString()
                    keep = nil
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    let at = index
                    if key.isEmpty {  // the key for the message only
                        index = keyQuote
                        // ignored: the key only words the error being thrown; an unreadable one is left out
                        key = (try? string()) ?? ""
                    }
                    throw error("expected ':' after key \(Self.named(key))", at: at)
                }
                index += 1
                skipWhitespace()
                if keep == .wholeObject {
                    keep = index < bytes.count && bytes[index] == UInt8(ascii: "{") ? .whole : .filtered
                }
                if keep == .measure || keep == .capture {
                    // Measured (captured) only where the length of the built text is the length of the bytes read
                    // (strict UTF-8: nothing replaced); anything else is built as it is.
                    let b = index < bytes.count ? bytes[index] : 0
                    if strictUTF8 && (b == UInt8(ascii: "\"") || b == UInt8(ascii: "[")) {
                        members.append((key, keep == .capture ? try capture(depth: depth) : try measure(depth: depth)))
                        skipWhitespace()
                        guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                        if bytes[index] == UInt8(ascii: ",") {
                            index += 1
                            continue
                        }
                        if bytes[index] == UInt8(ascii: "}") {
                            index += 1
                            return .object(takeMembers(from: base))
                        }
                        throw error("expected ',' or '}' in an object, found '\(Self.show(bytes[index]))'")
                    }
                    keep = .whole
                }
                switch keep {
                case nil:
                    let outer = building
                    building = false
                    _ = try value(depth: depth)
                    building = outer
                case .whole?:
                    let outer = filter
                    filter = nil
                    let v = try value(depth: depth)
                    filter = outer
                    members.append((key, v))
                case .json?:
                    let from = index
                    let outer = building
                    building = false
                    _ = try value(depth: depth)
                    building = outer
                    captures.append(
                        JSONParser.Captured(
                            bytes: Array(UnsafeBufferPointer(rebasing: bytes[from..<index])), image: false))
                    members.append((key, JSONParser.capturedValue(captures.count - 1)))
                case .filtered?, .wholeObject?, .measure?, .capture?:
                    let v = try value(depth: depth)
                    members.append((key, v))
                }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return building ? .object(takeMembers(from: base)) : .null
                }
                throw error("expected ',' or '}' in an object, found '\(Self.show(bytes[index]))'")
            }
        }

        /// The members pushed since `base` as a dictionary (a repeated key keeps its last value), popped.
        mutating func takeMembers(from base: Int) -> [String: JSONValue] {
            var object = [String: JSONValue](minimumCapacity: members.count - base)
            for i in base..<members.count { object[members[i].0] = members[i].1 }
            members.removeSubrange(base...)
            return object
        }

        mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
            if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return building ? .array(elements) : .null
            }
            while true {
                skipWhitespace()
                let element = try value(depth: depth)
                if building { elements.append(element) }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return building ? .array(elements) : .null
                }
                throw error("expected ',' or ']' in an array, found '\(Self.show(bytes[index]))'")
            }
        }

        mutating func number() throws(JSONParseError) -> JSONValue {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                throw error("invalid number")
            }
            if bytes[index] == 0x30 {
                index += 1
            } else {
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                    throw error("invalid number: digits expected after '.'")
                }
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                    throw error("invalid number: digits expected in the exponent")
                }
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
            if !building { return .null }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        }

        /// Eight bytes at `offset` (unaligned), least significant byte first.
        @inline(__always)
        func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        }

        /// One bit (0x80) per byte of `x` that ends a plain run in a string: `"`, backslash or a control character.
        /// The lowest flagged byte is exact (bytes above it may be flagged falsely), which is all the scan needs.
        @inline(__always)
        static func stopBytes(_ x: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let q = x ^ (ones &* 0x22)
            let b = x ^ (ones &* 0x5C)
            let zeroQ = (q &- ones) & ~q
            let zeroB = (b &- ones) & ~b
            let control = (x &- ones &* 0x20) & ~x
            return (zeroQ | zeroB | control) & highs
        }

        /// Moves `index` to the first `"`, backslash or control byte at or after it (or to the end), eight bytes at a
        /// time; sets `highBit` when a byte passed over is ≥ 0x80.
        @inline(__always)
        mutating func skipPlain(highBit: inout Bool) {
            let n = bytes.count
            #if arch(x86_64)
                // Sixteen bytes at a time (SSE2); the rest below.
                var high16: UInt32 = 0
                while index + 16 <= n {
                    let m = ByteScan.scan16(bytes.baseAddress! + index)
                    let stops = m & 0xFFFF
                    if stops != 0 {
                        let k = stops.trailingZeroBitCount
                        high16 |= (m >> 16) & ((1 &<< UInt32(k)) &- 1)
                        index += k
                        if high16 != 0 { highBit = true }
                        return
                    }
                    high16 |= m
                    index += 16
                }
                if high16 >> 16 != 0 { highBit = true }
            #endif
            skipPlainWords(highBit: &highBit)
        }

        /// `skipPlain` eight bytes at a time (where no vector scan is, and for the rest of one).
        @inline(__always)
        mutating func skipPlainWords(highBit: inout Bool) {
            var high: UInt64 = 0
            let n = bytes.count
            while index + 8 <= n {
                let x = word(at: index)
                let stops = Self.stopBytes(x)
                if stops != 0 {
                    let k = stops.trailingZeroBitCount >> 3
                    high |= x & ((1 &<< (UInt64(k) &* 8)) &- 1)
                    index += k
                    if high & 0x8080_8080_8080_8080 != 0 { highBit = true }
                    return
                }
                high |= x
                index += 8
            }
            if high & 0x8080_8080_8080_8080 != 0 { highBit = true }
            while index < n {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { return }
                if b >= 0x80 { highBit = true }
                index += 1
            }
        }

        /// A string or an array measured instead of built: checked exactly as `value(depth:)` checks it (the same
        /// errors), giving the UTF-8 length of `StoreSupport.text(of:)` of the value — a string's length; for an
        /// array, its string elements and the `text` strings of its object elements joined with line feeds —
        /// and whether an object element has `type` `image`. See `JSONParser.measured`.
        mutating func measure(depth: Int) throws(JSONParseError) -> JSONValue {
            if bytes[index] == UInt8(ascii: "\"") {
                return JSONParser.measuredValue(bytes: try measureString(), image: false)
            }
            let inner = depth + 1
            if inner > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            var total = 0
            var texts = 0
            var image = false
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return JSONParser.measuredValue(bytes: 0, image: false)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input") }
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    total += try measureString()
                    texts += 1
                case UInt8(ascii: "{"):
                    let (text, isImage) = try measureBlock(depth: inner + 1)
                    if let text {
                        total += text
                        texts += 1
                    }
                    if isImage { image = true }
                default:
                    let outer = building
                    building = false
                    _ = try value(depth: inner)
                    building = outer
                }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return JSONParser.measuredValue(bytes: total + max(0, texts - 1), image: image)
                }
                throw error("expected ',' or ']' in an array, found '\(Self.show(bytes[index]))'")
            }
        }

        /// An object element of a measured array, checked as `object(depth:)` checks it: the length of its last
        /// `text` member when that is a string, and whether its last `type` member is the string `image`.
        mutating func measureBlock(depth: Int) throws(JSONParseError) -> (text: Int?, image: Bool) {
            if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            skipWhitespace()
            var text: Int?
            var image = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return (nil, false)
            }
            let textKey: [UInt8] = [0x74, 0x65, 0x78, 0x74]  // text
            let typeKey: [UInt8] = [0x74, 0x79, 0x70, 0x65]  // type
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    if startsWith("<<<<<<<") || startsWith("=======") || startsWith(">>>>>>>") {
                        throw error("git conflict marker")
                    }
                    throw error("expected a quoted key, found '\(Self.show(bytes[index]))'")
                }
                let keyQuote = index
                var which = 0  // 1: text, 2: type
                let start = index + 1
                var highBit = false
                index = start
                skipPlain(highBit: &highBit)
                if !highBit, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    if raw.elementsEqual(textKey) { which = 1 } else if raw.elementsEqual(typeKey) { which = 2 }
                } else {
                    index = keyQuote
                    let key = try string()
                    which = key == "text" ? 1 : key == "type" ? 2 : 0
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    let at = index
                    index = keyQuote
                    // ignored: the key only words the error being thrown; an unreadable one is left out
                    let key = (try? string()) ?? ""
                    throw error("expected ':' after key \(Self.named(key))", at: at)
                }
                index += 1
                skipWhitespace()
                let isString = index < bytes.count && bytes[index] == UInt8(ascii: "\"")
                if which == 1 && isString {
                    text = try measureString()
                } else if which == 2 && isString {
                    image = try string() == "image"
                } else {
                    if which == 1 { text = nil }
                    if which == 2 { image = false }
                    let outer = building
                    building = false
                    _ = try value(depth: depth)
                    building = outer
                }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return (text, image)
                }
                throw error("expected ',' or '}' in an object, found '\(Self.show(bytes[index]))'")
            }
        }

        /// A string or an array captured instead of built (`Keep.capture`): checked exactly as `value(depth:)`
        /// checks it (the same errors), its text — what `StoreSupport.text(of:)` gives of the built value: a string;
        /// for an array, its string elements and the `text` strings of its object elements joined with line feeds —
        /// appended to `captures` as bytes, with whether an object element has `type` `image`. As `measure`.
        mutating func capture(depth: Int) throws(JSONParseError) -> JSONValue {
            var out: [UInt8] = []
            var image = false
            if bytes[index] == UInt8(ascii: "\"") {
                try appendString(to: &out)
            } else {
                let inner = depth + 1
                if inner > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
                index += 1
                var texts = 0
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                } else {
                    elements: while true {
                        skipWhitespace()
                        guard index < bytes.count else { throw error("unexpected end of input") }
                        switch bytes[index] {
                        case UInt8(ascii: "\""):
                            if texts > 0 { out.append(0x0A) }
                            try appendString(to: &out)
                            texts += 1
                        case UInt8(ascii: "{"):
                            let (text, isImage) = try captureBlock(depth: inner + 1, into: &out, separator: texts > 0)
                            if text { texts += 1 }
                            if isImage { image = true }
                        default:
                            let outer = building
                            building = false
                            _ = try value(depth: inner)
                            building = outer
                        }
                        skipWhitespace()
                        guard index < bytes.count else { throw error("unexpected end of input inside an array") }
                        if bytes[index] == UInt8(ascii: ",") {
                            index += 1
                            continue
                        }
                        if bytes[index] == UInt8(ascii: "]") {
                            index += 1
                            break elements
                        }
                        throw error("expected ',' or ']' in an array, found '\(Self.show(bytes[index]))'")
                    }
                }
            }
            captures.append(JSONParser.Captured(bytes: out, image: image))
            return JSONParser.capturedValue(captures.count - 1)
        }

        /// An object element of a captured array, checked as `object(depth:)` checks it: its last `text` member,
        /// when that is a string, appended to `out` (after a line feed when `separator`), and whether its last
        /// `type` member is the string `image`. As `measureBlock`.
        mutating func captureBlock(depth: Int, into out: inout [UInt8], separator: Bool) throws(JSONParseError) -> (
            text: Bool, image: Bool
        ) {
            if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            skipWhitespace()
            let mark = out.count
            var text = false
            var image = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return (false, false)
            }
            let textKey: [UInt8] = [0x74, 0x65, 0x78, 0x74]  // text
            let typeKey: [UInt8] = [0x74, 0x79, 0x70, 0x65]  // type
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    if startsWith("<<<<<<<") || startsWith("=======") || startsWith(">>>>>>>") {
                        throw error("git conflict marker")
                    }
                    throw error("expected a quoted key, found '\(Self.show(bytes[index]))'")
                }
                let keyQuote = index
                var which = 0  // 1: text, 2: type
                let start = index + 1
                var highBit = false
                index = start
                skipPlain(highBit: &highBit)
                if !highBit, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    if raw.elementsEqual(textKey) { which = 1 } else if raw.elementsEqual(typeKey) { which = 2 }
                } else {
                    index = keyQuote
                    let key = try string()
                    which = key == "text" ? 1 : key == "type" ? 2 : 0
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    let at = index
                    index = keyQuote
                    // ignored: the key is only named in the message; the error thrown is the missing ':'
                    let key = (try? string()) ?? ""
                    throw error("expected ':' after key \(Self.named(key))", at: at)
                }
                index += 1
                skipWhitespace()
                let isString = index < bytes.count && bytes[index] == UInt8(ascii: "\"")
                if which == 1 && isString {
                    // A later `text` member replaces an earlier one (the last one wins, as in the built object).
                    out.removeSubrange(mark...)
                    if separator { out.append(0x0A) }
                    try appendString(to: &out)
                    text = true
                } else if which == 2 && isString {
                    image = try string() == "image"
                } else {
                    if which == 1 {
                        text = false
                        out.removeSubrange(mark...)
                    }
                    if which == 2 { image = false }
                    let outer = building
                    building = false
                    _ = try value(depth: depth)
                    building = outer
                }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return (text, image)
                }
                throw error("expected ',' or '}' in an object, found '\(Self.show(bytes[index]))'")
            }
        }

        /// Checks a string as `string()` does (the same errors) without building it: the UTF-8 length of the string
        /// `string()` would build (escapes decoded, a lone surrogate as U+FFFD).
        mutating func measureString() throws(JSONParseError) -> Int {
            if !checkUTF8, let length = measurePlainString() { return length }
            let quote = index
            index += 1
            let start = index
            var highBit = false
            skipPlain(highBit: &highBit)
            guard index < bytes.count else { throw error("unterminated string", at: quote) }
            if bytes[index] == UInt8(ascii: "\"") {
                if highBit && checkUTF8 && !UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    throw error("invalid UTF-8 in a string", at: start)
                }
                let n = index - start
                index += 1
                return n
            }
            if bytes[index] < 0x20 { throw error("control character in a string (must be escaped)") }
            var length = index - start
            var rawHigh = highBit
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    if rawHigh && checkUTF8 && !UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                        throw error("invalid UTF-8 in a string", at: start)
                    }
                    index += 1
                    return length
                }
                if b < 0x20 { throw error("control character in a string (must be escaped)") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"):
                        length += 1
                    case UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        length += 1
                    case UInt8(ascii: "u"):
                        let scalar = try hex4()
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            length += 3  // U+FFFD unless a low surrogate follows
                            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                                bytes[index + 1] == UInt8(ascii: "u")
                            {
                                let save = index
                                index += 2
                                let low = try hex4()
                                if low >= 0xDC00 && low < 0xE000 { length += 1 } else { index = save }
                            }
                        } else {
                            length += scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : 3
                        }
                    default:
                        throw error("invalid escape '\\\(Self.show(e))'", at: index - 2)
                    }
                    continue
                }
                let run = index
                skipPlain(highBit: &rawHigh)
                length += index - run
            }
            throw error("unterminated string", at: quote)
        }

        /// The decoded length of the string at `index` (at its quote) when its UTF-8 needs no check and its only
        /// escapes are the two-byte ones, `index` then after it; anything else (a `\u` escape, a control byte, an
        /// invalid escape, the end of the input) gives nil with `index` unchanged, for the full reading (which finds
        /// the same errors as ever). `ByteScan.measureString`: 64 bytes at a time.
        @inline(__always)
        mutating func measurePlainString() -> Int? {
            let start = index + 1
            guard let (end, length) = ByteScan.measureString(UnsafeBufferPointer(rebasing: bytes[start...])) else {
                return nil
            }
            index = start + end + 1
            return length
        }

        /// Checks a string as `string()` does (the same errors) without building it.
        mutating func skipString() throws(JSONParseError) {
            if !checkUTF8, measurePlainString() != nil { return }
            let quote = index
            index += 1
            let start = index
            var highBit = false
            skipPlain(highBit: &highBit)
            guard index < bytes.count else { throw error("unterminated string", at: quote) }
            if bytes[index] == UInt8(ascii: "\"") {
                if highBit && checkUTF8 && !UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    throw error("invalid UTF-8 in a string", at: start)
                }
                index += 1
                return
            }
            if bytes[index] < 0x20 { throw error("control character in a string (must be escaped)") }
            // Escapes: checked in the order `string()` checks them, nothing appended. Escapes always decode to valid
            // UTF-8 and are ASCII in the raw text, so the decoded string is valid exactly when the raw bytes between
            // the quotes are (a sequence cut by an escape is invalid in both): only those are checked.
            var rawHigh = highBit
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    if rawHigh && checkUTF8 && !UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                        throw error("invalid UTF-8 in a string", at: start)
                    }
                    index += 1
                    return
                }
                if b < 0x20 { throw error("control character in a string (must be escaped)") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"):
                        break
                    case UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        break
                    case UInt8(ascii: "u"):
                        let scalar = try hex4()
                        if scalar >= 0xD800 && scalar < 0xDC00, index + 1 < bytes.count,
                            bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        {
                            let save = index
                            index += 2
                            let low = try hex4()
                            if !(low >= 0xDC00 && low < 0xE000) { index = save }
                        }
                    default:
                        throw error("invalid escape '\\\(Self.show(e))'", at: index - 2)
                    }
                    continue
                }
                skipPlain(highBit: &rawHigh)
            }
            throw error("unterminated string", at: quote)
        }

        mutating func string() throws(JSONParseError) -> String {
            let (slice, highBit, start) = try rawString()
            return try makeString(slice, highBit: highBit, at: start)
        }

        /// The string at `index` appended to `out` as UTF-8 bytes (escapes decoded), checked as `string()` checks
        /// it (the same errors; `UTF8Check` instead of building a `String`).
        @inline(__always)
        mutating func appendString(to out: inout [UInt8]) throws(JSONParseError) {
            let (slice, highBit, start) = try rawString()
            if highBit && checkUTF8 && !UTF8Check.isValid(slice) {
                throw error("invalid UTF-8 in a string", at: start)
            }
            out.append(contentsOf: slice)
        }

        /// The string at `index`, escapes decoded but its UTF-8 not checked yet: the bytes (in the input, or in the
        /// scratch buffer until the next string), whether one is ≥ 0x80, and where the string's text starts.
        @inline(__always)
        mutating func rawString() throws(JSONParseError) -> (UnsafeBufferPointer<UInt8>, Bool, Int) {
            let quote = index
            index += 1
            let start = index
            var highBit = false
            // Fast path: no escapes.
            skipPlain(highBit: &highBit)
            guard index < bytes.count else { throw error("unterminated string", at: quote) }
            if bytes[index] == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return (slice, highBit, start)
            }
            if bytes[index] < 0x20 { throw error("control character in a string (must be escaped)") }
            // Slow path: escapes, decoded into the scratch buffer through a pointer (no array appends).
            if scratch == nil || scratch!.capacity < bytes.count - start {
                scratch = DecodeBuffer(capacity: bytes.count - start)
            }
            let out = scratch!.base
            // Two-byte escapes only (nearly every string): decoded by `ByteScan.decodeString`, 16 bytes at a time.
            if let (end, written, high) = ByteScan.decodeString(
                UnsafeBufferPointer(rebasing: bytes[start...]), into: out)
            {
                index = start + end + 1
                return (UnsafeBufferPointer(start: out, count: written), highBit || high, start)
            }
            var count = index - start
            out.update(from: bytes.baseAddress! + start, count: count)
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    return (UnsafeBufferPointer(start: out, count: count), highBit, start)
                }
                if b < 0x20 { throw error("control character in a string (must be escaped)") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    index += 1
                    var decoded: UInt8
                    switch e {
                    case UInt8(ascii: "\""): decoded = 0x22
                    case UInt8(ascii: "\\"): decoded = 0x5C
                    case UInt8(ascii: "/"): decoded = 0x2F
                    case UInt8(ascii: "b"): decoded = 0x08
                    case UInt8(ascii: "f"): decoded = 0x0C
                    case UInt8(ascii: "n"): decoded = 0x0A
                    case UInt8(ascii: "r"): decoded = 0x0D
                    case UInt8(ascii: "t"): decoded = 0x09
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            // A high surrogate must be followed by \u and a low surrogate; a lone one becomes U+FFFD.
                            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                                bytes[index + 1] == UInt8(ascii: "u")
                            {
                                let save = index
                                index += 2
                                let low = try hex4()
                                if low >= 0xDC00 && low < 0xE000 {
                                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                                } else {
                                    index = save
                                    scalar = 0xFFFD
                                }
                            } else {
                                scalar = 0xFFFD
                            }
                        } else if scalar >= 0xDC00 && scalar < 0xE000 {
                            scalar = 0xFFFD
                        }
                        count += writeUTF8(out + count, scalar)
                        highBit = true
                        continue
                    default:
                        throw error("invalid escape '\\\(Self.show(e))'", at: index - 2)
                    }
                    out[count] = decoded
                    count += 1
                    continue
                }
                // A plain run up to the next quote, backslash or control byte, copied at once.
                let run = index
                skipPlain(highBit: &highBit)
                (out + count).update(from: bytes.baseAddress! + run, count: index - run)
                count += index - run
            }
            throw error("unterminated string", at: quote)
        }

        func makeString(_ slice: UnsafeBufferPointer<UInt8>, highBit: Bool, at offset: Int) throws(JSONParseError)
            -> String
        {
            if highBit && checkUTF8 {
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw error("invalid UTF-8 in a string", at: offset)
                }
                return s
            }
            return String(decoding: slice, as: UTF8.self)
        }

        mutating func hex4() throws(JSONParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw error("invalid hex digit in \\u escape")
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }
    }
}

/// The buffer strings with escapes are decoded into (freed with the parse).
final class DecodeBuffer {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    deinit { base.deallocate() }
}

/// Writes the UTF-8 form of `scalar` at `out`; returns its length (1–4).
@inline(__always)
func writeUTF8(_ out: UnsafeMutablePointer<UInt8>, _ scalar: UInt32) -> Int {
    switch scalar {
    case 0..<0x80:
        out[0] = UInt8(scalar)
        return 1
    case 0x80..<0x800:
        out[0] = UInt8(0xC0 | (scalar >> 6))
        out[1] = UInt8(0x80 | (scalar & 0x3F))
        return 2
    case 0x800..<0x10000:
        out[0] = UInt8(0xE0 | (scalar >> 12))
        out[1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
        out[2] = UInt8(0x80 | (scalar & 0x3F))
        return 3
    default:
        out[0] = UInt8(0xF0 | (scalar >> 18))
        out[1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
        out[2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
        out[3] = UInt8(0x80 | (scalar & 0x3F))
        return 4
    }
}

/// Strict UTF-8 validation without building a string: accepts exactly what `String(validating:as: UTF8.self)`
/// accepts (well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF), ASCII eight bytes at a time.
enum UTF8Check {
    static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        guard let base = b.baseAddress else { return true }
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                // ASCII: eight bytes at a time up to the next byte ≥ 0x80.
                i += 1
                while i + 8 <= n {
                    let high = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
                    if high != 0 {
                        i += UInt64(littleEndian: high).trailingZeroBitCount >> 3
                        break
                    }
                    i += 8
                }
                continue
            }
            // One multi-byte sequence; the next byte is looked at directly (runs of CJK text stay in this path).
            if c < 0xC2 { return false }
            if c < 0xE0 {
                guard i + 1 < n, b[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
                continue
            }
            if c < 0xF0 {
                guard i + 2 < n else { return false }
                let c1 = b[i + 1]
                let lo: UInt8 = c == 0xE0 ? 0xA0 : 0x80
                let hi: UInt8 = c == 0xED ? 0x9F : 0xBF
                guard c1 >= lo, c1 <= hi, b[i + 2] & 0xC0 == 0x80 else { return false }
                i += 3
                continue
            }
            if c < 0xF5 {
                guard i + 3 < n else { return false }
                let c1 = b[i + 1]
                let lo: UInt8 = c == 0xF0 ? 0x90 : 0x80
                let hi: UInt8 = c == 0xF4 ? 0x8F : 0xBF
                guard c1 >= lo, c1 <= hi, b[i + 2] & 0xC0 == 0x80, b[i + 3] & 0xC0 == 0x80 else { return false }
                i += 4
                continue
            }
            return false
        }
        return true
    }
}
