#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reproducible ids (UUID-shaped, hex) from a seed: converted files come out the same for the same input.
public struct IDGenerator {
    var state: UInt64

    public init(seed: String) {
        var h: UInt64 = 0xcbf29ce484222325
        for b in seed.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        state = h
    }

    public mutating func next64() -> UInt64 {
        state = state &+ 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    private func hex64(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    public mutating func hex(_ count: Int) -> String {
        var s = ""
        while s.count < count { s += hex64(next64()) }
        return String(s.prefix(count))
    }

    /// A version-4-shaped UUID.
    public mutating func uuid() -> String {
        let h = Array(hex(32))
        var chars = h
        chars[12] = "4"
        chars[16] = Array("89ab")[Int(String(h[16]), radix: 16)! % 4]
        let s = String(chars)
        let b = Array(s)
        return String(b[0..<8]) + "-" + String(b[8..<12]) + "-" + String(b[12..<16]) + "-" + String(b[16..<20]) + "-"
            + String(b[20..<32])
    }
}
