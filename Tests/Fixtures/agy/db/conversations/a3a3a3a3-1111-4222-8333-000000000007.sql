-- An agy conversations/<id>.db (steps table; protobuf step payloads) as third-party readers decode it: see ../../README.md.
CREATE TABLE steps (idx integer, step_type integer NOT NULL DEFAULT 0, status integer NOT NULL DEFAULT 0, has_subtrajectory numeric NOT NULL DEFAULT false, metadata blob, error_details blob, permissions blob, task_details blob, render_info blob, step_payload blob, step_format integer NOT NULL DEFAULT 0, PRIMARY KEY (idx));
CREATE TABLE trajectory_meta (trajectory_id text, cascade_id text, trajectory_type integer, source integer, PRIMARY KEY (trajectory_id));
INSERT INTO steps (idx, step_type, step_payload) VALUES (0, 14, X'8a01254578706c61696e2074686520726574727920706f6c69637920696e20636c69656e742e676f');
