-- Another project's workspace (ours).
CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);
INSERT INTO ItemTable VALUES ('composer.composerData', '{"allComposers":[{"type":"head","composerId":"c3c3c3c3-0000-4000-8000-000000000003"}]}');
