"""Scenario (c): awkward project paths. The real Claude's project folder name must equal our
python encoding (harness.encode_claude_project, agent-stores.md §1.2), and our
`export-session list --agent claude --json` run in that folder must list the session.
"""
from __future__ import annotations

import os
import unicodedata

import pytest

import harness
from fake_api import text

pytestmark = pytest.mark.claude

LONG = "/".join(["client-projects-archive-2025"] * 8) + "/service"  # nested: no component > 255 bytes

CASES = {
    "spaces-dots": "My Proj.v2_x",
    "non-ascii": unicodedata.normalize("NFC", "café ü/src"),
    "non-bmp": "box 📦 pkg",
    "long": LONG,
    "mixed-long": "Ünïcode dir with spaces.and.dots/" + LONG,
}


@pytest.fixture(scope="module")
def path_runs(tmp_path_factory, claude_bin):
    """One sandbox, one project per case, one short claude -p run in each."""
    from fake_api import FakeAPI
    tmp = tmp_path_factory.mktemp("claude-paths")
    with FakeAPI(log_path=tmp / "api-requests.jsonl") as api:
        sb = harness.Sandbox(tmp / "sb", api)
        runs = {}
        for case, rel in CASES.items():
            proj = sb.project(rel)
            api.set_script([text("ok")])
            r = sb.claude("hello", cwd=proj, allowed_tools=None)
            assert r.output and r.output.get("result") == "ok", r.result.describe()
            runs[case] = (proj, r.session_id)
        yield sb, runs


@pytest.mark.parametrize("case", list(CASES))
def test_project_folder_name_matches_encoding(path_runs, case):
    sb, runs = path_runs
    proj, sid = runs[case]
    expected = harness.encode_claude_project(str(proj))
    hits = [p.name for p in (sb.claude_config / "projects").iterdir() if (p / f"{sid}.jsonl").is_file()]
    assert hits == [expected], f"physical cwd {str(proj)!r} ({len(str(proj))} chars)"
    if len(str(proj).encode("utf-16-le")) // 2 > 200:
        assert len(expected) > 201 and expected[200] == "-"


@pytest.mark.ours
@pytest.mark.parametrize("case", list(CASES))
def test_export_session_list_in_awkward_folder(path_runs, case, agent_sessions_bin):
    sb, runs = path_runs
    proj, sid = runs[case]
    r = sb.tool("export-session", "list", "--agent", "claude", "--json", cwd=proj)
    ids = [s["id"] for s in r.json()["sessions"]]
    assert sid in ids, r.describe()


def test_symlinked_cwd_uses_physical_path(sandbox, fake_api, claude_bin):
    """A run started through a symlink (cwd and PWD = the link) is stored under the physical path."""
    proj = sandbox.project("real target")
    link = sandbox.root / "link-to-proj"
    link.symlink_to(proj)
    fake_api.set_script([text("ok")])
    r = sandbox.claude("hello", cwd=link, allowed_tools=None, env={"PWD": str(link)})
    assert r.output and r.output.get("result") == "ok", r.result.describe()
    dirs = [p.name for p in (sandbox.claude_config / "projects").iterdir()]
    assert dirs == [harness.encode_claude_project(str(proj))], dirs
    recs = harness.read_jsonl(sandbox.claude_transcript(proj, r.session_id))
    assert {x.get("cwd") for x in recs if x.get("type") == "user"} == {str(proj)}
