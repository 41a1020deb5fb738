-- The per-session SQL todo store behind session.todos_changed / plan.readSqlTodos (ours: the table name and
-- columns follow the row shape {id, title, description, status} of the Copilot SDK's readSqlTodos; unconfirmed).
CREATE TABLE todos (id TEXT PRIMARY KEY, title TEXT, description TEXT, status TEXT, created_at TEXT, updated_at TEXT);
INSERT INTO todos VALUES ('validate', 'Add validation', 'Validate every field of the form', 'done', '2026-09-01T12:00:13Z', '2026-09-01T12:00:13Z');
INSERT INTO todos VALUES ('tests', 'Fix the tests', NULL, 'in_progress', '2026-09-01T12:00:13Z', '2026-09-01T12:00:13Z');
INSERT INTO todos VALUES ('ship', 'Ship it', NULL, 'blocked', '2026-09-01T12:00:13Z', '2026-09-01T12:00:13Z');
