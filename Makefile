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

.PHONY: all build test test-unit test-e2e test-agents install uninstall lint format clean bench stress fuzz commands

all: build

# STATIC=1 links the Swift runtime and Foundation statically: process start of every tool drops from ~6.5 ms to
# ~3.2 ms (the dynamic loader's symbol binding is ~70% of a --help run), at ~70 MB per binary instead of ~2 MB.
SWIFT_BUILD_FLAGS ?=
ifeq ($(STATIC),1)
SWIFT_BUILD_FLAGS += --static-swift-stdlib
endif

build:
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

test-agents: build
	AGENT_SESSIONS_BIN="$(RELEASE_DIR)" AGENT_SESSIONS_CACHE="$(AGENT_SESSIONS_CACHE)" bash Tests/Contract/run.sh

install: build
	mkdir -p "$(BINDIR)"
	for t in $(TOOLS); do install -m 0755 "$(RELEASE_DIR)/$$t" "$(BINDIR)/$$t"; done
	@echo "Installed $(TOOLS) into $(BINDIR)"
	rm -rf "$(SHAREDIR)" && mkdir -p "$(SHAREDIR)"
	cp -R skills commands hooks "$(SHAREDIR)/"
	"$(BINDIR)/setup-agents" install --source "$(SHAREDIR)" --bin-dir "$(BINDIR)" $(if $(HOOKS),--hooks,)

uninstall:
	if [ -x "$(BINDIR)/setup-agents" ]; then "$(BINDIR)/setup-agents" uninstall; fi
	rm -rf "$(SHAREDIR)"
	for t in $(TOOLS); do rm -f "$(BINDIR)/$$t"; done
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

bench: build
	AGENT_SESSIONS_CACHE="$(AGENT_SESSIONS_CACHE)" $(PYTHON) bench/run.py --bin "$(RELEASE_DIR)" --json "$(BENCH_JSON)"

# The hardening suite's long variants: SIGKILL trials (>= 100) and the concurrency tests, repeated.
STRESS_TRIALS ?= 150
stress:
	$(SWIFT) build --build-tests
	AGENT_SESSIONS_STRESS_TRIALS=$(STRESS_TRIALS) $(SWIFT) test --skip-build --filter Hardening

# libFuzzer targets (Fuzz/ package, own scratch path .build-fuzz); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 30
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT="$(SWIFT)" bash Fuzz/run.sh
