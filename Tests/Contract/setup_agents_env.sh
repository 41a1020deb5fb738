#!/usr/bin/env bash
# Installs the pinned real agent CLIs (Claude Code via claude-agent-sdk, Codex via
# openai-codex-cli-bin) plus pytest into a venv in a cache folder OUTSIDE the clone.
# Idempotent: when the stamp file matches the pins it returns at once.
# Prints nothing but the venv path on stdout (logs go to stderr).
set -euo pipefail

# The pins live in pins.txt (one place; harness.py reads the expected versions from it).
PINS_FILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pins.txt"
pin() { sed -n "s/^$1 *= *\([^ |]*\) *|.*/\1/p" "$PINS_FILE"; }
CLAUDE_SDK_PIN="$(pin claude)"
CODEX_PIN="$(pin codex)"
PYTEST_PIN="$(pin pytest)"
if [[ -z "$CLAUDE_SDK_PIN" || -z "$CODEX_PIN" || -z "$PYTEST_PIN" ]]; then
  echo "setup_agents_env: $PINS_FILE lacks a claude, codex or pytest line" >&2; exit 1
fi
PINS="$CLAUDE_SDK_PIN $CODEX_PIN $PYTEST_PIN"

CACHE="${AGENT_SESSIONS_CACHE:-$HOME/.cache/agent-sessions}"
VENV="$CACHE/contract-venv"
STAMP="$VENV/.agent-sessions-stamp"
PY="${PYTHON:-python3}"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$PINS" && -x "$VENV/bin/python" ]]; then
  echo "$VENV"
  exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
# Re-check after taking the lock: another process may have finished meanwhile.
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$PINS" && -x "$VENV/bin/python" ]]; then
  echo "$VENV"
  exit 0
fi

echo "setup_agents_env: installing $PINS into $VENV (first run downloads ~700 MB)" >&2
rm -f "$STAMP"
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV" >&2
fi
export PIP_CACHE_DIR="$CACHE/pip-cache"
export PIP_DISABLE_PIP_VERSION_CHECK=1
"$VENV/bin/python" -m pip install --quiet --progress-bar off $PINS >&2

SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
CLAUDE_BIN="$SITE/claude_agent_sdk/_bundled/claude"
CODEX_BIN="$SITE/codex_cli_bin/bin/codex"
for b in "$CLAUDE_BIN" "$CODEX_BIN"; do
  if [[ ! -f "$b" ]]; then echo "setup_agents_env: missing $b" >&2; exit 1; fi
  chmod +x "$b"
done
printf '%s' "$PINS" > "$STAMP"
echo "$VENV"
