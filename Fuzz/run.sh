#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets (Fuzz/ package, scratch path .build-fuzz, ASan) and runs each for
# FUZZ_SECONDS (default 30). Seeds come from Tests/Fixtures/fuzz/<name>/; the growing corpus stays in
# .build-fuzz/corpus/<name>. A crash is copied into Tests/Fixtures/fuzz/<name>/ — where FuzzRegressionTests runs it
# in every `make test` — and the run fails. FUZZERS="json arguments" runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH=${FUZZ_SECONDS:-30}
FUZZERS=${FUZZERS:-json arguments linereader transcripts}
SCRATCH="$ROOT/.build-fuzz"
SWIFT=${SWIFT:-swift}

if [ "$(uname)" != "Linux" ]; then
  echo "make fuzz: libFuzzer via -sanitize=fuzzer is set up for Linux only" >&2
  exit 0
fi
echo "make fuzz: building (ASan + libFuzzer) into $SCRATCH"
(cd Fuzz && $SWIFT build --scratch-path "$SCRATCH" -c debug \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld) || exit 1
BIN=$("$SWIFT" build --package-path Fuzz --scratch-path "$SCRATCH" -c debug --show-bin-path)

status=0
for name in $FUZZERS; do
  corpus="$SCRATCH/corpus/$name"
  artifacts="$SCRATCH/artifacts/$name/"
  mkdir -p "$corpus" "$artifacts"
  echo "make fuzz: fuzz-$name for ${SECONDS_EACH}s"
  ASAN_OPTIONS=detect_leaks=0 "$BIN/fuzz-$name" "$corpus" "Tests/Fixtures/fuzz/$name" \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$artifacts" -print_final_stats=1 > "$SCRATCH/fuzz-$name.log" 2>&1
  rc=$?
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$SCRATCH/fuzz-$name.log" | sed "s/^/  /"
  found=0
  for crash in "$artifacts"crash-* "$artifacts"timeout-* "$artifacts"oom-*; do
    [ -e "$crash" ] || continue
    found=1
    cp "$crash" "Tests/Fixtures/fuzz/$name/$(basename "$crash")"
    echo "make fuzz: fuzz-$name found $(basename "$crash"): saved to Tests/Fixtures/fuzz/$name/ (a regression test now)"
  done
  if [ $rc -ne 0 ] || [ $found -ne 0 ]; then
    echo "make fuzz: fuzz-$name FAILED (exit $rc); log: $SCRATCH/fuzz-$name.log"
    grep -m5 -E 'ERROR|Fatal error|==[0-9]+==' "$SCRATCH/fuzz-$name.log" | sed "s/^/  /"
    status=1
  else
    echo "make fuzz: fuzz-$name ok"
  fi
done
exit $status
