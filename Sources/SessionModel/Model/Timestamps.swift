#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// ISO 8601 timestamps without DateFormatter (slow to create, locale traps).
public enum Timestamps {
    /// `2026-11-21T08:15:44Z` (UTC, seconds).
    public static func iso8601(_ date: Date) -> String {
        let t = CivilTime(date)
        return digits(t.year, 4) + "-" + digits(t.month, 2) + "-" + digits(t.day, 2) + "T" + digits(t.hour, 2) + ":"
            + digits(t.minute, 2) + ":" + digits(t.second, 2) + "Z"
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
        let seconds = CivilTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second
        ).utcSeconds
        return Date(timeIntervalSince1970: Double(seconds) - Double(offset) + fraction)
    }

    /// Seconds since 1970 from a JSON number that is seconds or milliseconds (values past year 33658 are ms).
    public static func fromEpoch(_ value: Double) -> Date {
        value > 1e12 ? Date(timeIntervalSince1970: value / 1000) : Date(timeIntervalSince1970: value)
    }
}
