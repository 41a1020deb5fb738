import CSQLite

/// A value bound to or read from SQLite.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
}

/// A thin wrapper over the system's libsqlite3. Other programs' databases are opened read-only.
public final class SQLiteDatabase {
    public let path: String
    private var handle: OpaquePointer?

    /// Opens `path`. Read-only never creates; read-write creates when missing. `busyTimeout` in milliseconds.
    public init(path: String, readOnly: Bool, busyTimeout: Int32 = 5000) throws(SessionError) {
        self.path = path
        if readOnly && !FileInfo.isFile(path) {
            throw SessionError(.missing, "database does not exist", file: path)
        }
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        handle = db
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)"
            sqlite3_close(db)
            handle = nil
            throw SessionError(readOnly ? .missing : .cannotCreate, "cannot open database: \(message)", file: path)
        }
        sqlite3_busy_timeout(db, busyTimeout)
    }

    deinit {
        if let handle { sqlite3_close_v2(handle) }
    }

    func failure(_ rc: Int32, _ what: String) -> SessionError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)"
        let primary = rc & 0xFF
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return SessionError(
                .busy, "database is locked by another process (\(what))", hint: "try again in a moment",
                file: path)
        }
        if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB {
            return SessionError(.badData, "database is corrupt or not SQLite: \(message)", file: path)
        }
        if primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM {
            return SessionError(.cannotCreate, "cannot write database: \(message)", file: path)
        }
        return SessionError(.refused, "SQLite error in \(what): \(message)", file: path)
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws(SessionError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if let error { sqlite3_free(error) }
        if rc != SQLITE_OK { throw failure(rc, String(sql.prefix(40))) }
    }

    /// Runs a statement with parameters; calls `row` for each result row.
    public func query(
        _ sql: String, _ parameters: [SQLiteValue] = [], _ row: (SQLiteRow) throws(SessionError) -> Void = { _ in }
    )
        throws(SessionError)
    {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw failure(rc, String(sql.prefix(40))) }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, value) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .int(let v): sqlite3_bind_int64(statement, index, v)
            case .double(let v): sqlite3_bind_double(statement, index, v)
            case .text(let v): sqlite3_bind_text(statement, index, v, -1, transient)
            case .blob(let v):
                v.withUnsafeBytes { raw in
                    _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), transient)
                }
            }
        }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_ROW {
                try row(SQLiteRow(statement: statement))
            } else if step == SQLITE_DONE {
                return
            } else {
                throw failure(step, String(sql.prefix(40)))
            }
        }
    }

    /// All rows of a query, each as an array of values.
    public func rows(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SessionError) -> [[SQLiteValue]] {
        var result: [[SQLiteValue]] = []
        try query(sql, parameters) { row in result.append((0..<row.count).map { row.value($0) }) }
        return result
    }

    /// Runs `body` in a transaction (BEGIN IMMEDIATE: the write lock is taken up front, waiting `busyTimeout`).
    public func transaction<T>(_ body: () throws(SessionError) -> T) throws(SessionError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // ignored: the body's error is the one to report; a failed ROLLBACK leaves nothing committed
            try? execute("ROLLBACK")
            throw error
        }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Names of the tables in the database.
    public func tableNames() throws(SessionError) -> Set<String> {
        var names: Set<String> = []
        try query("SELECT name FROM sqlite_master WHERE type='table'") { row in
            if let n = row.string(0) { names.insert(n) }
        }
        return names
    }
}

/// One row of a result; valid only inside the `query` callback.
public struct SQLiteRow {
    let statement: OpaquePointer

    public var count: Int32 { sqlite3_column_count(statement) }

    public func name(_ column: Int32) -> String { String(cString: sqlite3_column_name(statement, column)) }

    public func string(_ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite3_column_text(statement, column)
        else { return nil }
        let n = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: n), as: UTF8.self)
    }

    public func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }

    public func double(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    public func bytes(_ column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let n = Int(sqlite3_column_bytes(statement, column))
        guard n > 0, let p = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    public func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(string(column) ?? "")
        case SQLITE_BLOB: return .blob(bytes(column) ?? [])
        default: return .null
        }
    }
}
