import Foundation
import Testing

@testable import SessionModel

/// `JSONParser.parse(_:filter:)` gives the full parse with the members the filter leaves out removed, and refuses
/// exactly the texts the full parse refuses, with the same error.
@Suite struct JSONKeyFilterTests {
    static let filter = JSONParser.KeyFilter(
        keys: ["a", "b", "content", "é"], whole: ["input"], wholeObjects: ["content"])

    /// What the filter should leave of a fully parsed value.
    static func prune(_ v: JSONValue, _ filter: JSONParser.KeyFilter?) -> JSONValue {
        switch v {
        case .array(let a): return .array(a.map { prune($0, filter) })
        case .object(let o):
            guard let filter else { return v }
            var out: [String: JSONValue] = [:]
            for (k, value) in o {
                switch filter.keeps(k) {
                case nil: continue
                case .whole?: out[k] = value
                case .wholeObject?:
                    if case .object = value { out[k] = value } else { out[k] = prune(value, filter) }
                case .filtered?: out[k] = prune(value, filter)
                // Not made by these filters (no `measureDeep`, no `captureDeep`, no `json`).
                case .measure?, .capture?, .json?: out[k] = value
                }
            }
            return .object(out)
        default: return v
        }
    }

    static func parse(_ text: String, filter: JSONParser.KeyFilter?) -> Result<JSONValue, JSONParseError> {
        Array(text.utf8).withUnsafeBufferPointer { JSONParser.parse($0, filter: filter) }
    }

    static let valid: [String] = [
        #"{}"#, #"[]"#, #""s""#, #"1"#, #"{"a":1}"#, #"{"z":1}"#,
        #"{"a":{"z":[1,{"a":2,"q":{"a":3}}],"b":"x"},"skip":{"a":{"b":[true,false,null,-1.5e3]}},"b":[{"z":1,"a":"\u00e9\n"}]}"#,
        #"{"input":{"z":{"y":1},"a":[{"q":2}]},"a":{"input":{"deep":{"k":"v"}}}}"#,
        #"{"content":{"z":1,"y":{"x":2}},"a":[{"content":"text","z":1},{"content":[{"z":1,"a":2}]}]}"#,
        #"{"a":1,"a":{"z":2,"b":3},"skip":"\"escaped\\ \ud83d\ude00 é","skip2":[[[{"a":{}}]]],"é":true}"#,
        #"{"\u0061":1,"\u0062":{"z":0},"s\u006bip":{"a":1}}"#,
        "{ \"a\" : [ 1 , { \"z\" : 2 } ] , \"skip\" : { \"a\" : 1 } , \"content\" : \n { \"z\" : 1 } }",
        #"{"skip":"line\nnext \ud83d\ude00 \ud83d x \ude00 \u00e9 \"q\" \\ \/ \b\f\r\t","a":"\n\ud83d\u0041"}"#,
        #"{"skip":["\n\n\n\n\n\n\n\n\nabcdefghijklmnop\t","x\u0000y"],"a":1}"#,
        #"{"toolUseResult":{"stdout":"line1\nline2\ttab \"q\" é 😀","stderr":"","interrupted":false},"a":"kept"}"#,
    ]

    @Test(arguments: valid) func keepsWhatTheFilterNames(_ text: String) throws {
        let full = try Self.parse(text, filter: nil).get()
        let filtered = try Self.parse(text, filter: Self.filter).get()
        #expect(filtered == Self.prune(full, Self.filter))
    }

    static let malformed: [String] = [
        #"{"skip":{"a":1,}}"#, #"{"skip":[1 2]}"#, #"{"skip":"abc"#, #"{"skip":"a\x"}"#, #"{"skip":"\u12G4"}"#,
        #"{"skip":tru}"#, #"{"skip":-}"#, #"{"skip":1.}"#, #"{"skip":{"k" 1}}"#, #"{"skip":{"long key" 1}}"#,
        #"{"skip":{"k":1} "a":2}"#, "{\"skip\":\"a\u{01}b\"}", "{\"skip\":{\"k\u{01}\":1}}", #"{"skip":<<<<<<< HEAD}"#,
        #"{"skip":{<<<<<<< HEAD}}"#, #"{"skip":[1,2"#, #"{"skip":{"a":1"#, #"{"a":1} x"#, #"{"skip":nul}"#,
        #"{"input":{"a":}}"#, #"{"skip":"a\nb\x"}"#, #"{"skip":"\ud83d\u12G4"}"#, #"{"skip":"\n\u12"}"#,
        #"{"skip":"\t\"#, #"{"skip":"\n abc"#, "{\"skip\":\"\\n\u{01}\"}", #"{"skip":"\ud83d\"#,
        #"{"content":{"a":1,}}"#, #"{"a":{"b":[1,]}}"#,
        String(repeating: "[", count: 600), #"{"skip":"# + String(repeating: "[", count: 600),
        #"{"skip":"# + String(repeating: "{\"k\":", count: 600),
    ]

    @Test(arguments: malformed) func refusesWhatTheFullParseRefuses(_ text: String) {
        guard case .failure(let full) = Self.parse(text, filter: nil) else {
            Issue.record("the full parse accepted \(text)")
            return
        }
        guard case .failure(let filtered) = Self.parse(text, filter: Self.filter) else {
            Issue.record("the filtered parse accepted \(text)")
            return
        }
        #expect(filtered == full)
    }

    /// `Keep.json`: a member kept as its JSON text reads back (full parse of the text) as the full parse's member,
    /// and a text is refused exactly as the full parse refuses it.
    static let jsonFilter = JSONParser.KeyFilter(keys: ["a", "b", "content"], json: ["input", "skip"])

    static func parseKeepingJSON(_ text: String) -> (Result<JSONValue, JSONParseError>, [JSONParser.Captured]) {
        var captures: [JSONParser.Captured] = []
        let r = Array(text.utf8).withUnsafeBufferPointer {
            JSONParser.parse($0, filter: Self.jsonFilter, captures: &captures)
        }
        return (r, captures)
    }

    @Test(arguments: valid) func membersKeptAsJSONTextReadBackAsTheFullParse(_ text: String) throws {
        let full = try Self.parse(text, filter: nil).get()
        let (result, captures) = Self.parseKeepingJSON(text)
        let kept = try result.get()
        var seen = 0
        func walk(_ f: JSONValue, _ k: JSONValue) throws {
            guard case .object(let fo) = f, case .object(let ko) = k else { return }
            for key in ["input", "skip"] {
                guard let fv = fo[key] else { continue }
                let captured = try #require(JSONParser.captured(ko[key], in: captures), "\(key) in \(text)")
                #expect(try JSONParser.parse(captured.bytes) == fv)
                seen += 1
            }
            for key in ["a", "b", "content"] {
                if let fv = fo[key], let kv = ko[key] { try walk(fv, kv) }
            }
        }
        try walk(full, kept)
        if text.contains("\"input\"") || text.contains("\"skip\"") { #expect(seen > 0) }
    }

    @Test(arguments: malformed) func membersKeptAsJSONTextAreRefusedAsTheFullParseRefuses(_ text: String) {
        guard case .failure(let full) = Self.parse(text, filter: nil),
            case .failure(let kept) = Self.parseKeepingJSON(text).0
        else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(kept == full)
    }

    @Test func invalidUTF8InASkippedValueIsRefusedToo() {
        for bad: [UInt8] in [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80]] {
            for escape in [false, true] {
                let bytes: [UInt8] =
                    Array(#"{"skip":"ab"#.utf8) + (escape ? Array(#"\n"#.utf8) : []) + bad
                    + Array(#"cd","a":1}"#.utf8)
                let full = bytes.withUnsafeBufferPointer { JSONParser.parse($0) }
                let filtered = bytes.withUnsafeBufferPointer { JSONParser.parse($0, filter: Self.filter) }
                guard case .failure(let e1) = full, case .failure(let e2) = filtered else {
                    Issue.record("accepted invalid UTF-8 \(bad)")
                    continue
                }
                #expect(e1 == e2)
                // Not strict: repaired, and the kept member is there.
                let lenient = bytes.withUnsafeBufferPointer {
                    JSONParser.parse($0, strictUTF8: false, filter: Self.filter)
                }
                #expect((try? lenient.get()) == ["a": 1])
            }
        }
    }
}
