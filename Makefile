# agent-sessions — build, test, install. No third-party packages: the Swift toolchain and libsqlite3 only.
PREFIX ?= $(HOME)/.local
BINDIR ?= $(PREFIX)/bin
SWIFT ?= swift
TOOLS := save-session save-state load-state export-session resume-session setup-agents
RELEASE_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
DEBUG_DIR = $(shell $(SWIFT) build --show-bin-path 2>/dev/null)
# Downloads for the contract tests (real Claude Code and Codex) are cached outside the clone.
AGENT_SESSIONS_CACHE ?= $(HOME)/.cache/agent-sessions
# Skills, slash commands and hook templates that setup-agents installs from (HOOKS=1: also merge the agents' hooks).
SHAREDIR ?= $(PREFIX)/share/agent-sessions
HOOKS ?=

.PHONY: all build check-binary test test-unit test-e2e test-agents install uninstall lint format clean bench stress fuzz commands

all: build

# The installed form (issues #16, #17): ONE binary, `agent-sessions`, with the six tools as hard links to it (it runs
# the tool its name says). On Linux it links the Swift runtime, FoundationEssentials, libstdc++ and SQLite statically,
# non-PIE (no relative relocations for the loader to apply at start), stripped, with no RUNPATH: it needs only libc,
# libm and libgcc_s, so moving or updating the toolchain breaks nothing. Start of `--help` is ~3x /bin/true instead of ~7x, and
# everything installed is one ~16 MB file instead of six 8.6 MB ones. DYNAMIC=1 builds the old dynamic form.
DIST_DIR = .build/dist
DIST_BIN = $(DIST_DIR)/bin
STATIC_LIBS = $(DIST_DIR)/static-libs
UNAME := $(shell uname -s)
SWIFT_BUILD_FLAGS ?=
ifeq ($(UNAME)$(DYNAMIC),Linux)
SWIFT_BUILD_FLAGS += --static-swift-stdlib --disable-local-rpath -Xswiftc -L -Xswiftc $(abspath $(STATIC_LIBS)) \
	-Xswiftc -Xclang-linker -Xswiftc -no-pie -Xlinker --strip-all
endif
SOURCES := Package.swift $(shell find Sources -type f 2>/dev/null)

build: $(DIST_BIN)/agent-sessions

# Static archives the linker finds before the shared ones (a folder searched first that holds only the .a files).
$(STATIC_LIBS)/.done:
	mkdir -p $(STATIC_LIBS)
	for lib in libsqlite3.a libstdc++.a; do p=$$($(CC) -print-file-name=$$lib); \
		if [ "$$p" != "$$lib" ] && [ -f "$$p" ]; then ln -sf "$$p" $(STATIC_LIBS)/$$lib; fi; done
	touch $@

# Rebuilt only when a source changed, so `make install` after `make build` builds nothing.
$(DIST_BIN)/agent-sessions: $(SOURCES) $(STATIC_LIBS)/.done
	$(SWIFT) build -c release --product agent-sessions $(SWIFT_BUILD_FLAGS)
	mkdir -p $(DIST_BIN)
	cp -f "$(RELEASE_DIR)/agent-sessions" $(DIST_BIN)/agent-sessions.tmp
	mv -f $(DIST_BIN)/agent-sessions.tmp $(DIST_BIN)/agent-sessions
	for t in $(TOOLS); do ln -f $(DIST_BIN)/agent-sessions $(DIST_BIN)/$$t; done

# The binary form, checked on what `make build` made (and before every install): no RUNPATH and no NEEDED library but
# the base system's libc, libm and libgcc_s (so nothing points into the toolchain's folder), stripped, everything
# installed <= 30 MB, and each tool name runs its tool.
MAX_INSTALL_BYTES ?= 31457280
check-binary: build
	@bin=$(DIST_BIN)/agent-sessions; \
	if [ "$(UNAME)" = Linux ] && [ -z "$(DYNAMIC)" ]; then \
		dyn=$$(readelf -d $$bin); \
		if echo "$$dyn" | grep -Eq '\((RUNPATH|RPATH)\)'; then echo "check-binary: $$bin has a RUNPATH/RPATH" >&2; exit 1; fi; \
		extra=$$(echo "$$dyn" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -Ev '^(libc\.so\.6|libm\.so\.6|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1)$$' || true); \
		if [ -n "$$extra" ]; then echo "check-binary: $$bin needs $$extra" >&2; exit 1; fi; \
		if readelf -S $$bin | grep -q '\.symtab'; then echo "check-binary: $$bin is not stripped" >&2; exit 1; fi; \
	fi; \
	size=$$(wc -c < $$bin); \
	if [ $$size -gt $(MAX_INSTALL_BYTES) ]; then echo "check-binary: $$bin is $$size bytes (> $(MAX_INSTALL_BYTES))" >&2; exit 1; fi; \
	for t in $(TOOLS); do \
		[ $(DIST_BIN)/$$t -ef $$bin ] || { echo "check-binary: $(DIST_BIN)/$$t is not a link to $$bin" >&2; exit 1; }; \
		$(DIST_BIN)/$$t --help | head -1 | grep -q . || { echo "check-binary: $$t --help printed nothing" >&2; exit 1; }; \
	done; \
	echo "check-binary: one $$size-byte binary, $(words $(TOOLS)) tools linked to it; needs only: $$(readelf -d $$bin | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

test-agents: build
	AGENT_SESSIONS_BIN="$(abspath $(DIST_BIN))" AGENT_SESSIONS_CACHE="$(AGENT_SESSIONS_CACHE)" bash Tests/Contract/run.sh

install: check-binary
	mkdir -p "$(BINDIR)"
	install -m 0755 $(DIST_BIN)/agent-sessions "$(BINDIR)/agent-sessions"
	for t in $(TOOLS); do ln -f "$(BINDIR)/agent-sessions" "$(BINDIR)/$$t"; done
	@echo "Installed $(TOOLS) into $(BINDIR)"
	rm -rf "$(SHAREDIR)" && mkdir -p "$(SHAREDIR)"
	cp -R skills commands hooks "$(SHAREDIR)/"
	"$(BINDIR)/setup-agents" install --source "$(SHAREDIR)" --bin-dir "$(BINDIR)" $(if $(HOOKS),--hooks,)

uninstall:
	if [ -x "$(BINDIR)/setup-agents" ]; then "$(BINDIR)/setup-agents" uninstall; fi
	rm -rf "$(SHAREDIR)"
	for t in $(TOOLS) agent-sessions; do rm -f "$(BINDIR)/$$t"; done
	@echo "Removed $(TOOLS) from $(BINDIR)"

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive --configuration .swift-format Sources Tests Package.swift

commands:
	$(SWIFT) run setup-agents generate-commands --dir commands

clean:
	rm -rf .build

# ---- benchmark, stress and fuzzing (issue #8) ----
# Data is generated (deterministic seed) into $(AGENT_SESSIONS_CACHE)/bench, regenerated only when missing or changed.
BENCH_JSON ?= .build/bench/results.json
PYTHON ?= python3

# PEERS=1: also time the peers of issue #17 (pinned, from PyPI, into the bench venv under the cache folder).
PEERS ?=
bench: build
	PEERS="$(PEERS)" AGENT_SESSIONS_CACHE="$(AGENT_SESSIONS_CACHE)" $(PYTHON) bench/run.py --bin "$(abspath $(DIST_BIN))" --json "$(BENCH_JSON)"

# The hardening suite's long variants: SIGKILL trials (>= 100) and the concurrency tests, repeated.
STRESS_TRIALS ?= 150
stress:
	$(SWIFT) build --build-tests
	AGENT_SESSIONS_STRESS_TRIALS=$(STRESS_TRIALS) $(SWIFT) test --skip-build --filter Hardening

# libFuzzer targets (Fuzz/ package, own scratch path .build-fuzz); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 30
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT="$(SWIFT)" bash Fuzz/run.sh
