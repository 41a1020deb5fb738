/// Writes JSON deterministically: keys sorted by their UTF-8 bytes, `/` not escaped, non-ASCII kept as UTF-8.
public enum JSONWriter {
    /// 2-space pretty print with a trailing newline: the form of every file we own.
    public static func pretty(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, into: &out, indent: 0, pretty: true)
        out.append(0x0A)
        return out
    }

    public static func prettyString(_ value: JSONValue) -> String {
        String(decoding: pretty(value), as: UTF8.self)
    }

    /// One line, no spaces, no trailing newline: JSONL records and `--json` output of streams.
    public static func compact(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out, indent: 0, pretty: false)
        return out
    }

    public static func compactString(_ value: JSONValue) -> String {
        String(decoding: compact(value), as: UTF8.self)
    }

    public static func sortedKeys(_ object: [String: JSONValue]) -> [String] {
        object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20) }
    }

    public static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int, pretty: Bool) {
        write(value, into: &out, indent: indent, pretty: pretty, texts: [])
    }

    /// The value a text kept as bytes stands for in a tree `write(_:into:indent:pretty:texts:)` writes: `texts[index]`
    /// written as a JSON string (a number whose text no parse produces, as `JSONParser.capturedValue`).
    static func textPlaceholder(_ index: Int) -> JSONValue { .number("@" + String(index)) }

    /// `write`, each `textPlaceholder(i)` written as the string whose UTF-8 bytes are `texts[i]` (tool outputs kept
    /// as bytes: no `String` built only to be written).
    static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int, pretty: Bool, texts: [[UInt8]]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if !texts.isEmpty, n.utf8.first == UInt8(ascii: "@"), let i = Int(n.dropFirst()), texts.indices.contains(i)
            {
                texts[i].withUnsafeBufferPointer { writeString(bytes: $0, into: &out) }
                return
            }
            out.append(contentsOf: n.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 2) }
                write(item, into: &out, indent: indent + 2, pretty: pretty, texts: texts)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            // Sorted as `sortedKeys` sorts, with the values at hand (no lookup per key).
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, member) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 2) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                write(member.value, into: &out, indent: indent + 2, pretty: pretty, texts: texts)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(bytes: $0, into: &out) }
    }

    /// `writeString` of the string whose UTF-8 bytes are `buf`.
    static func writeString(bytes buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let n = buf.count
        while i < n {
            // Eight bytes at a time up to the next quote, backslash or control byte.
            while i + 8 <= n {
                let x = UInt64(
                    littleEndian: UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self))
                let stops = JSONParser.ByteReader.stopBytes(x)
                if stops != 0 {
                    i += stops.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < n else { break }
            let b = buf[i]
            i += 1
            if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
            let at = i - 1
            if runStart < at { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<at])) }
            runStart = at + 1
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            }
        }
        if runStart < buf.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count])) }
        out.append(UInt8(ascii: "\""))
    }
}
