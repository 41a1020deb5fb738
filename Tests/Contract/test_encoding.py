"""The python reference of Claude's project-folder encoding (agent-stores.md §1.2), checked
against the doc's own table. The real binary is compared with it in test_claude_paths.py."""
import harness


def test_doc_examples():
    assert harness.encode_claude_project("/home/dev/My Proj.v2_x") == "-home-dev-My-Proj-v2-x"
    assert harness.encode_claude_project("/Users/dev/café ü/src") == "-Users-dev-caf----src"


def test_long_path_hash_suffix():
    p = "/home/dev/code/" + "client-projects-archive-2025/" * 7 + "service"
    assert len(p) == 225
    assert harness.java_string_hash(p) == 2002039274
    enc = harness.encode_claude_project(p)
    assert enc.endswith("-client-proj-x3yne2")
    assert enc == harness.encode_claude_project(p)[:200] + "-x3yne2"
    assert len(enc) == 207


def test_non_bmp_is_two_units():
    assert harness.encode_claude_project("/a/📦b") == "-a---b"


def test_java_hash_wraps_and_abs():
    # "polygenelubricants" has hashCode Integer.MIN_VALUE: abs() must not stay negative (JS Math.abs)
    assert harness.java_string_hash("polygenelubricants") == -2**31
    assert harness.base36(abs(-2**31)) == "zik0zk"
