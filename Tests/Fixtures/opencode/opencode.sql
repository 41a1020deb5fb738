-- OpenCode >= 1.2 database (ours, hand-written from the drizzle schema in the OpenCode source; see ../README.md).
-- @PROJECT@ is replaced by the test's project path before the script is run.
CREATE TABLE project (id text PRIMARY KEY, worktree text NOT NULL, vcs text, name text, time_created integer NOT NULL, time_updated integer NOT NULL);
CREATE TABLE session (id text PRIMARY KEY, project_id text NOT NULL, parent_id text, slug text NOT NULL, directory text NOT NULL, title text NOT NULL, version text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, time_archived integer);
CREATE TABLE message (id text PRIMARY KEY, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE TABLE part (id text PRIMARY KEY, message_id text NOT NULL, session_id text NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, data text NOT NULL);
CREATE TABLE todo (session_id text NOT NULL, content text NOT NULL, status text NOT NULL, priority text NOT NULL, position integer NOT NULL, time_created integer NOT NULL, time_updated integer NOT NULL, PRIMARY KEY (session_id, position));

INSERT INTO project VALUES ('prj_main', '@PROJECT@', 'git', 'app', 1785000000000, 1785000000000);
INSERT INTO session VALUES ('ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 'prj_main', NULL, 'brave-otter', '@PROJECT@', 'Refactor the parser', '1.2.4', 1785000000000, 1785000600000, NULL);
INSERT INTO session VALUES ('ses_02JZK7BBBBBBBBBBBBBBBBBBBB', 'prj_main', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 'calm-fox', '@PROJECT@', 'Explore the tests (@general subagent)', '1.2.4', 1785000100000, 1785000200000, NULL);
INSERT INTO session VALUES ('ses_03JZK7CCCCCCCCCCCCCCCCCCCC', 'prj_other', NULL, 'quiet-owl', '/elsewhere/other', 'Other project', '1.2.4', 1786000000000, 1786000000000, NULL);
INSERT INTO session VALUES ('ses_04JZK7DDDDDDDDDDDDDDDDDDDD', 'prj_main', NULL, 'swift-lynx', '@PROJECT@', 'Fix CI', '1.2.4', 1784000000000, 1784000300000, NULL);

INSERT INTO message VALUES ('msg_001', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000100, 1785000000100, '{"role":"user","time":{"created":1785000000100},"agent":"build","model":{"providerID":"anthropic","modelID":"claude-sonnet-4"}}');
INSERT INTO message VALUES ('msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000200, 1785000000900, '{"role":"assistant","time":{"created":1785000000200,"completed":1785000000900},"parentID":"msg_001","modelID":"claude-sonnet-4","providerID":"anthropic","mode":"build","path":{"cwd":"@PROJECT@","root":"@PROJECT@"},"cost":0.01,"tokens":{"input":10,"output":20,"reasoning":0,"cache":{"read":0,"write":0}}}');
INSERT INTO message VALUES ('msg_003', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000300000, 1785000300000, '{"role":"user","time":{"created":1785000300000}}');
INSERT INTO message VALUES ('msg_004', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000300100, 1785000300500, '{"role":"assistant","summary":true,"time":{"created":1785000300100},"parentID":"msg_003","modelID":"claude-sonnet-4","providerID":"anthropic"}');
INSERT INTO message VALUES ('msg_005', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000500000, 1785000600000, '{"role":"assistant","time":{"created":1785000500000},"parentID":"msg_003","modelID":"claude-sonnet-4","providerID":"anthropic"}');
INSERT INTO message VALUES ('msg_006', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000550000, 1785000550000, '{"role":"tool","time":{"created":1785000550000}}');
INSERT INTO message VALUES ('msg_101', 'ses_04JZK7DDDDDDDDDDDDDDDDDDDD', 1784000000100, 1784000000100, '{"role":"user","time":{"created":1784000000100}}');

INSERT INTO part VALUES ('prt_001a', 'msg_001', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000100, 1785000000100, '{"type":"text","text":"Refactor the parser"}');
INSERT INTO part VALUES ('prt_001b', 'msg_001', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000100, 1785000000100, '{"type":"file","mime":"image/png","filename":"diagram.png","url":"data:image/png;base64,AAAA"}');
INSERT INTO part VALUES ('prt_001c', 'msg_001', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000100, 1785000000100, '{"type":"text","text":"Called the Read tool with the following input","synthetic":true}');
INSERT INTO part VALUES ('prt_002a', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000200, 1785000000200, '{"type":"step-start","snapshot":"abc123"}');
INSERT INTO part VALUES ('prt_002b', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000210, 1785000000210, '{"type":"reasoning","text":"Look at parser.swift first","time":{"start":1785000000210,"end":1785000000300}}');
INSERT INTO part VALUES ('prt_002c', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000300, 1785000000300, '{"type":"text","text":"Reading the parser."}');
INSERT INTO part VALUES ('prt_002d', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000400, 1785000000500, '{"type":"tool","callID":"toolu_01","tool":"read","state":{"status":"completed","input":{"filePath":"@PROJECT@/parser.swift"},"output":"struct Parser {}","title":"parser.swift","metadata":{},"time":{"start":1785000000400,"end":1785000000500}}}');
INSERT INTO part VALUES ('prt_002e', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000600, 1785000000700, '{"type":"tool","callID":"toolu_02","tool":"bash","state":{"status":"error","input":{"command":"swift test"},"error":"exit 1","time":{"start":1785000000600,"end":1785000000700}}}');
INSERT INTO part VALUES ('prt_002f', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000800, 1785000000800, '{"type":"tool","callID":"toolu_03","tool":"todowrite","state":{"status":"completed","input":{"todos":[{"content":"Split the lexer","status":"completed","priority":"high","id":"1"}]},"output":"[]","time":{"start":1785000000800,"end":1785000000800}}}');
INSERT INTO part VALUES ('prt_002g', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000000900, 1785000000900, '{"type":"step-finish","reason":"tool-calls","cost":0.01,"tokens":{"input":10,"output":20}}');
INSERT INTO part VALUES ('prt_003a', 'msg_003', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000300000, 1785000300000, '{"type":"compaction","auto":true}');
INSERT INTO part VALUES ('prt_004a', 'msg_004', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000300200, 1785000300200, '{"type":"text","text":"Summary: the lexer was split out of the parser."}');
INSERT INTO part VALUES ('prt_005a', 'msg_005', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000500100, 1785000500100, '{"type":"hologram","payload":1}');
INSERT INTO part VALUES ('prt_005b', 'msg_005', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000500200, 1785000500200, '{"type":"text","text":"Done."');
INSERT INTO part VALUES ('prt_005c', 'msg_005', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 1785000500300, 1785000500300, '{"type":"text","text":"All tests pass."}');
INSERT INTO part VALUES ('prt_101a', 'msg_101', 'ses_04JZK7DDDDDDDDDDDDDDDDDDDD', 1784000000100, 1784000000100, '{"type":"text","text":"Why is CI red?"}');

INSERT INTO todo VALUES ('ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 'Split the lexer', 'completed', 'high', 0, 1785000000800, 1785000000800);
INSERT INTO todo VALUES ('ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 'Port the tests', 'in_progress', 'medium', 1, 1785000000800, 1785000000800);
INSERT INTO todo VALUES ('ses_01JZK7AAAAAAAAAAAAAAAAAAAA', 'Benchmark', 'cancelled', 'low', 2, 1785000000800, 1785000000800);
