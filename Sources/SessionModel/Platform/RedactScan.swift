import CByteScan

/// The redaction scans' vector pre-filter (Sources/CByteScan/RedactScan.c): which of 64 positions can start one of
/// the patterns a `StartFilter` was built from. What differs between processors stays there and here.
enum RedactScan {
    /// The C function for this CPU, chosen once (a call through it skips the choice `as_filter_mask64` makes).
    static let chosen: as_filter_mask64_fn = as_filter_mask64_function()

    /// Bit k set when position `j + k` (< `p.count`) is flagged by `tables` (128 bytes, `StartFilter.tables`).
    @inline(__always)
    static func mask64(_ tables: UnsafePointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>, _ j: Int) -> UInt64 {
        guard let base = p.baseAddress else { return 0 }
        return as_filter_mask64(tables, base, p.count, j)
    }

    /// `mask64` through `f` (`chosen`, fetched once by the caller's loop).
    @inline(__always)
    static func mask64(
        _ f: as_filter_mask64_fn, _ tables: UnsafePointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>, _ j: Int
    ) -> UInt64 {
        guard let base = p.baseAddress else { return 0 }
        return f(tables, base, p.count, j)
    }

    /// `mask64` with the given instructions (2 AVX2, 1 SSSE3, 0 portable C), nil when this CPU lacks them: for the
    /// tests, which compare every level with the scalar definition.
    static func mask64(_ tables: UnsafePointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>, _ j: Int, level: Int)
        -> UInt64?
    {
        guard let base = p.baseAddress else { return 0 }
        var ok: Int32 = 0
        let m = as_filter_mask64_with(tables, base, p.count, j, Int32(level), &ok)
        return ok != 0 ? m : nil
    }
}
