#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// ISO 8601 timestamps without DateFormatter (slow to create, locale traps).
public enum Timestamps {
    /// `2026-11-21T08:15:44Z` (UTC, seconds).
    public static func iso8601(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return digits(Int(parts.tm_year) + 1900, 4) + "-" + digits(Int(parts.tm_mon) + 1, 2) + "-"
            + digits(Int(parts.tm_mday), 2) + "T" + digits(Int(parts.tm_hour), 2) + ":" + digits(Int(parts.tm_min), 2)
            + ":" + digits(Int(parts.tm_sec), 2) + "Z"
    }

    /// `2026-11-21T08:15:44.123Z` (UTC, milliseconds), the form Claude Code writes.
    public static func iso8601Milliseconds(_ date: Date) -> String {
        let ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let base = iso8601(Date(timeIntervalSince1970: Double(ms / 1000)))
        return String(base.dropLast()) + "." + digits(ms % 1000, 3) + "Z"
    }

    /// `value` in decimal, zero-padded to `width` digits (`String(format: "%0*d")`).
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - text.count)) + text
        return value < 0 ? "-" + padded : padded
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH[:]MM]`; no zone means UTC. Nil when it is not that shape.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var v = 0
            for i in start..<(start + count) {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard b.count >= 16, let year = num(0, 4), b[4] == 0x2D, let month = num(5, 2), b[7] == 0x2D,
            let day = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == 0x20, let hour = num(11, 2), b[13] == 0x3A,
            let minute = num(14, 2)
        else { return nil }
        var i = 16
        var second = 0
        var fraction = 0.0
        if i < b.count, b[i] == 0x3A, let s = num(i + 1, 2) {
            second = s
            i += 3
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                i += 1
                var scale = 0.1
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    fraction += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        var offset = 0
        if i < b.count {
            if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                i += 1
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
                guard let oh = num(i + 1, 2) else { return nil }
                var om = 0
                if let m = num(i + 4, 2), i + 3 < b.count, b[i + 3] == 0x3A {
                    om = m
                    i += 6
                } else if let m = num(i + 3, 2) {
                    om = m
                    i += 5
                } else {
                    i += 3
                }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == b.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds) - Double(offset) + fraction)
    }

    /// Seconds since 1970 from a JSON number that is seconds or milliseconds (values past year 33658 are ms).
    public static func fromEpoch(_ value: Double) -> Date {
        value > 1e12 ? Date(timeIntervalSince1970: value / 1000) : Date(timeIntervalSince1970: value)
    }
}
