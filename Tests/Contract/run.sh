#!/usr/bin/env bash
# Contract tests against the REAL Claude Code and Codex CLIs, offline, with a fake model API on
# 127.0.0.1. Usage:
#   bash Tests/Contract/run.sh [pytest args...]       # e.g. -k codex, -x, -v
#   bash Tests/Contract/run.sh --self-test [args...]  # AGENT_SESSIONS_BIN=stub_bin (Python test double)
# Env:
#   AGENT_SESSIONS_BIN   folder with our built executables (export-session, ...); unset -> those tests skip
#   AGENT_SESSIONS_CACHE where the venv with the pinned agents lives (default ~/.cache/agent-sessions)
#   CONTRACT_TOTAL_TIMEOUT  bound for the whole pytest run in seconds (default 900)
# Exit: pytest's exit code; "no tests collected" (5) and a timeout are failures too.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ "${1:-}" == "--self-test" ]]; then
  shift
  export AGENT_SESSIONS_BIN="$HERE/stub_bin"
  echo "contract: --self-test: AGENT_SESSIONS_BIN=$AGENT_SESSIONS_BIN (Python test double, NOT the product)"
fi

VENV="$(bash "$HERE/setup_agents_env.sh")" || { echo "contract: setting up the agents' venv failed" >&2; exit 1; }
export CONTRACT_VENV="$VENV"
export PYTHONDONTWRITEBYTECODE=1
if [[ -n "${AGENT_SESSIONS_BIN:-}" ]]; then
  export AGENT_SESSIONS_BIN="$(cd "$AGENT_SESSIONS_BIN" && pwd)" || { echo "contract: AGENT_SESSIONS_BIN not a folder" >&2; exit 1; }
fi

# One throw-away base temp per run, removed afterwards (pytest keeps nothing elsewhere).
BASETEMP="$(mktemp -d "${TMPDIR:-/tmp}/agent-sessions-contract.XXXXXX")"
trap 'rm -rf "$BASETEMP"' EXIT

timeout -k 15 "${CONTRACT_TOTAL_TIMEOUT:-900}" \
  "$VENV/bin/python" -m pytest -p no:cacheprovider -c "$HERE/pytest.ini" --rootdir "$HERE" \
  --basetemp "$BASETEMP/pytest" --durations=10 "$HERE" "$@"
rc=$?
case $rc in
  5)   echo "contract: FAILED: pytest collected no tests" >&2; exit 1 ;;
  124|137) echo "contract: FAILED: run exceeded ${CONTRACT_TOTAL_TIMEOUT:-900}s and was killed" >&2; exit 1 ;;
esac
exit $rc
