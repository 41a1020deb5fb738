#!/usr/bin/env bash
# Contract tests against the REAL Claude Code and Codex CLIs, offline, with a fake model API on
# 127.0.0.1. Usage:
#   bash Tests/Contract/run.sh [pytest args...]       # e.g. -k codex, -x, -v
# Env:
#   AGENT_SESSIONS_BIN   folder with our built executables (export-session, ...); unset -> those tests skip
#   AGENT_SESSIONS_CACHE where the venv with the pinned agents lives (default ~/.cache/agent-sessions)
#   CONTRACT_TOTAL_TIMEOUT  bound for the whole pytest run in seconds (default 900)
# Exit: pytest's exit code; "no tests collected" (5) and a timeout are failures too.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

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
  --basetemp "$BASETEMP/pytest" --durations=10 -rs "$HERE" "$@" 2>&1 | tee "$BASETEMP/output.txt"
rc=${PIPESTATUS[0]}
# With our binaries given, every test must run: a skip would hide a missing subcommand or flag.
if [[ $rc -eq 0 && -n "${AGENT_SESSIONS_BIN:-}" ]] && tail -n 1 "$BASETEMP/output.txt" | grep -qE '[0-9]+ skipped'; then
  echo "contract: FAILED: tests were skipped although AGENT_SESSIONS_BIN was given (see the SKIPPED lines above)" >&2
  exit 1
fi
case $rc in
  5)   echo "contract: FAILED: pytest collected no tests" >&2; exit 1 ;;
  124|137) echo "contract: FAILED: run exceeded ${CONTRACT_TOTAL_TIMEOUT:-900}s and was killed" >&2; exit 1 ;;
esac
exit $rc
