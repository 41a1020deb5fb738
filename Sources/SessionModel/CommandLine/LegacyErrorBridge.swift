/// Temporary (issue #14, while the core moves to `SessionError` folder by folder): the bridges between code already on
/// `SessionError` and code that still throws `ToolError` (or throws untyped). Delete each use once both sides are on
/// `SessionError`; `grep -rn "SessionError.legacy\|HookMerge.merge(" Sources` finds them.
extension SessionError {
    /// A failure of core code not yet on `SessionError`, in the core's words: a `ToolError`'s exit code back to its
    /// kind (so `ToolError(SessionError(legacy: e))` is `e` again, but for the usage line), its hint as plain words.
    public init(legacy error: any Error) {
        if let error = error as? SessionError {
            self = error
            return
        }
        guard let error = error as? ToolError else {
            self.init(.refused, "\(error)")
            return
        }
        let kind: Kind
        switch error.code {
        case .ok, .failure: kind = .refused
        case .usage: kind = .invalidValue
        case .dataError: kind = .badData
        case .noInput: kind = .missing
        case .cantCreate: kind = .cannotCreate
        case .tempFail: kind = .busy
        }
        self.init(
            kind, error.message, hint: error.hint, file: error.file, line: error.line, column: error.column,
            details: error.details)
    }

    /// `error` when it is a failure someone classified (a `SessionError`, or a legacy `ToolError`, bridged), else nil:
    /// for the callers that give an unclassified failure of a reader a kind of their own.
    public static func classified(_ error: any Error) -> SessionError? {
        error is SessionError || error is ToolError ? SessionError(legacy: error) : nil
    }

    /// Runs core code that still throws `ToolError` (or anything) from code on `SessionError`.
    @inline(__always)
    public static func legacy<T>(_ body: () throws -> T) throws(SessionError) -> T {
        do { return try body() } catch { throw SessionError(legacy: error) }
    }
}
