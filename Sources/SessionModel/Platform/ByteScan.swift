import CByteScan

/// The CPU's vector byte scans (Sources/CByteScan): what differs between processors stays there and here.
enum ByteScan {
    /// Whether `b` is well-formed UTF-8 (what `String(validating:as: UTF8.self)` and `UTF8Check.isValid` accept),
    /// checked 32 or 16 bytes at a time (AVX2 or SSSE3, as the CPU has); nil when this CPU has no vector check (the caller checks another way).
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = b.baseAddress else { return true }
        switch as_utf8_valid(base, b.count) {
        case 1: return true
        case 0: return false
        default: return nil
        }
    }

    /// `isValidUTF8` with the given instructions (2 AVX2, 1 SSSE3), nil when this CPU lacks them: for the tests,
    /// which check every check this CPU can run.
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>, level: Int) -> Bool? {
        guard let base = b.baseAddress else { return true }
        switch as_utf8_valid_with(base, b.count, Int32(level)) {
        case 1: return true
        case 0: return false
        default: return nil
        }
    }

    /// The best vector check this CPU has: 2 AVX2, 1 SSSE3, 0 none.
    static var vectorLevel: Int { Int(as_vector_level()) }

    /// The 16 bytes at `p`: bit i set when byte i ends a plain run of a JSON string (`"`, backslash, a control
    /// byte), bit 16 + i when byte i is ≥ 0x80.
    @inline(__always)
    static func scan16(_ p: UnsafePointer<UInt8>) -> UInt32 { as_scan16(p) }

    /// How many bytes of `b` are `byte` (16 at a time with SSE2, a byte at a time elsewhere).
    static func count(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        return as_count_byte(base, b.count, byte)
    }

    /// The JSON string whose text is `b` onwards (after its opening quote), measured when its only escapes are the
    /// two-byte ones and it holds no control byte: the offset of its closing quote and its decoded length; nil
    /// otherwise (the caller reads it fully). UTF-8 is not checked. `bytewise`: the portable loop, for the tests.
    @inline(__always)
    static func measureString(_ b: UnsafeBufferPointer<UInt8>, bytewise: Bool = false) -> (end: Int, length: Int)? {
        guard let base = b.baseAddress else { return nil }
        var end = 0
        var length = 0
        let found =
            bytewise
            ? as_measure_string_bytes(base, b.count, &end, &length) : as_measure_string(base, b.count, &end, &length)
        return found == 1 ? (end, length) : nil
    }

    /// The JSON string whose text is `b` onwards decoded into `out` (room for `b.count` bytes) when its only escapes
    /// are the two-byte ones and it holds no control byte: the offset of its closing quote, the bytes written and
    /// whether one is >= 0x80; nil otherwise (the caller decodes it fully). `bytewise`: the portable loop.
    @inline(__always)
    static func decodeString(
        _ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, bytewise: Bool = false
    ) -> (end: Int, count: Int, high: Bool)? {
        guard let base = b.baseAddress else { return nil }
        var end = 0
        var count = 0
        var high: Int32 = 0
        let found =
            bytewise
            ? as_decode_string_bytes(base, b.count, out, &end, &count, &high)
            : as_decode_string(base, b.count, out, &end, &count, &high)
        return found == 1 ? (end, count, high != 0) : nil
    }
}
