/// The exit codes every tool uses (sysexits.h values). Documented in docs/exit-codes.md.
public enum ExitCode: Int32, Sendable, CaseIterable {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case cantCreate = 73
    case tempFail = 75

    /// A short stable word for the code, used in `--json` errors.
    public var kind: String {
        switch self {
        case .ok: return "ok"
        case .failure: return "failure"
        case .usage: return "usage"
        case .dataError: return "bad-input"
        case .noInput: return "missing-input"
        case .cantCreate: return "cannot-create"
        case .tempFail: return "busy"
        }
    }
}

/// Every failure a tool reports. The runner turns it into one stderr line (or a JSON object) and an exit code.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ExitCode
    public var message: String
    /// What the caller can do about it; printed after the message.
    public var hint: String?
    /// The file the error is about, when there is one.
    public var file: String?
    /// 1-based line (and column) in `file`, when known.
    public var line: Int?
    public var column: Int?
    /// Extra structured detail for `--json` callers (e.g. the tasks a save would drop).
    public var details: JSONValue?
    /// Usage errors print the usage line of the command that failed.
    public var usage: String?

    public init(
        _ code: ExitCode, _ message: String, hint: String? = nil, file: String? = nil, line: Int? = nil,
        column: Int? = nil, details: JSONValue? = nil, usage: String? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.column = column
        self.details = details
        self.usage = usage
    }

    public static func usage(_ message: String, usage: String? = nil, hint: String? = nil) -> ToolError {
        ToolError(.usage, message, hint: hint, usage: usage)
    }

    /// `file:line:column: message (hint)` on one line.
    public var description: String {
        var text = SessionError.located(message, file: file, line: line, column: column)
        if let hint, !hint.isEmpty { text += " (\(hint))" }
        return text.replacingText("\n", with: " ")
    }

    public var json: JSONValue {
        var error: [String: JSONValue] = [
            "code": .int(Int(code.rawValue)),
            "kind": .string(code.kind),
            "message": .string(message),
        ]
        if let hint { error["hint"] = .string(hint) }
        if let file { error["file"] = .string(file) }
        if let line { error["line"] = .int(line) }
        if let column { error["column"] = .int(column) }
        if let details { error["details"] = details }
        return .object(["ok": .bool(false), "error": .object(error)])
    }
}
