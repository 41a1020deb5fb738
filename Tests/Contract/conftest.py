"""pytest fixtures for the agent contract tests (see harness.py)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from fake_api import FakeAPI  # noqa: E402


@pytest.fixture
def fake_api(tmp_path):
    """A started FakeAPI; every request goes to <tmp>/api-requests.jsonl too. Set its script with
    fake_api.set_script([...])."""
    api = FakeAPI(log_path=tmp_path / "api-requests.jsonl").start()
    try:
        yield api
    finally:
        api.stop()


@pytest.fixture
def sandbox(tmp_path, fake_api):
    return harness.Sandbox(tmp_path / "sb", fake_api)


@pytest.fixture(scope="session")
def claude_bin():
    p = harness.claude_bin()
    if not p.is_file():
        pytest.fail(f"Claude Code binary missing at {p}: run Tests/Contract/setup_agents_env.sh")
    return p


@pytest.fixture(scope="session")
def codex_bin():
    p = harness.codex_bin()
    if not p.is_file():
        pytest.fail(f"Codex binary missing at {p}: run Tests/Contract/setup_agents_env.sh")
    return p


@pytest.fixture(scope="session")
def agent_sessions_bin():
    """Folder of our built executables; tests needing it skip when AGENT_SESSIONS_BIN is unset."""
    b = harness.agent_sessions_bin()
    if b is None:
        pytest.skip("AGENT_SESSIONS_BIN is not set (folder holding export-session, save-state, ...)")
    missing = [n for n in ("export-session",) if not (b / n).is_file()]
    if missing:
        pytest.fail(f"AGENT_SESSIONS_BIN={b} lacks {missing}")
    return b


def have_agent_sessions_bin() -> bool:
    return harness.agent_sessions_bin() is not None


def pytest_report_header(config):
    b = os.environ.get("AGENT_SESSIONS_BIN")
    return [f"contract: claude {harness.CLAUDE_VERSION}, codex {harness.CODEX_VERSION}, "
            f"venv {os.environ.get('CONTRACT_VENV', '(setup on demand)')}",
            f"contract: AGENT_SESSIONS_BIN={b}" if b else
            "contract: AGENT_SESSIONS_BIN unset -> tests of our binaries are skipped"]
