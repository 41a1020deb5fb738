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

/// `YYYY-MM-DD-HH-MM-<title>.<ext>`: safe as one file name whatever the title holds.
public enum ExportNaming {
    public static let maxTitle = 50

    /// The title cleaned to lowercase ASCII letters, digits and single hyphens, at most 50 characters; `session` when
    /// nothing is left. Accents are folded (`café` → `cafe`); anything else becomes a hyphen.
    public static func slug(_ title: String?) -> String {
        let source = LatinFolding.fold((title ?? "").prefix(4096))
        var out: [UInt8] = []
        out.reserveCapacity(maxTitle + 1)
        var pendingHyphen = false
        for b in source.utf8 {
            let c: UInt8
            if b >= 0x41 && b <= 0x5A {
                c = b + 32
            } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                c = b
            } else {
                pendingHyphen = !out.isEmpty
                continue
            }
            if pendingHyphen {
                if out.count + 1 >= maxTitle { break }
                out.append(0x2D)
                pendingHyphen = false
            }
            if out.count >= maxTitle { break }
            out.append(c)
        }
        while out.last == 0x2D { out.removeLast() }
        return out.isEmpty ? "session" : String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DD-HH-MM` in UTC of `timestamp` (as the agent wrote it), else of `fallback`.
    public static func datePrefix(_ timestamp: String?, fallback: Date) -> String {
        let date = timestamp.flatMap(Timestamps.parse) ?? fallback
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let fields = [parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min].map {
            Timestamps.digits(Int($0), 2)
        }
        return ([Timestamps.digits(Int(parts.tm_year) + 1900, 4)] + fields).joined(separator: "-")
    }

    /// The file name; `attempt` 2, 3, … adds `-2`, `-3` before the extension.
    public static func fileName(
        startedAt: String?, title: String?, ext: String, fallbackDate: Date,
        attempt: Int = 1
    ) -> String {
        let base = datePrefix(startedAt, fallback: fallbackDate) + "-" + slug(title)
        let suffix = attempt > 1 ? "-\(attempt)" : ""
        return base + suffix + "." + ext
    }
}
