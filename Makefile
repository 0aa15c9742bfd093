# Healthdash: build, lint and test entry points. `make help` lists them.
# Works on a fresh Debian 12 machine with rustup's cargo and node/npm present;
# `make deps` installs the rest (as root, or through sudo).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

CARGO ?= cargo
NPM ?= npm
UI := ui
APP_BIN := target/release/healthdash-app
CLI_BIN := target/release/healthdash

# Where `make run` keeps its data. Empty: the CLI's own default (which honours
# HEALTHDASH_DATA_DIR from the environment).
DATA_DIR ?=
# Arguments for `make bench`, e.g. `make bench BENCH_ARGS="--quick"`.
BENCH_ARGS ?=

# Debian packages to build the Tauri app and run every test headless.
APT_PACKAGES := build-essential pkg-config curl file libssl-dev \
	libwebkit2gtk-4.1-dev librsvg2-dev \
	xvfb xauth webkit2gtk-driver imagemagick fonts-dejavu-core \
	gnome-keyring keyutils chromium sqlite3 desktop-file-utils man-db \
	libdbus-1-dev dbus-daemon python3-gi gir1.2-webkit2-4.1
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

UI_LOCK := $(UI)/package-lock.json
# npm ci writes this file last; it stands for "node_modules matches the lockfile".
UI_STAMP := $(UI)/node_modules/.package-lock.json
UI_SOURCES := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) \
	$(UI)/index.html $(UI)/package.json $(UI)/tsconfig.json $(UI)/vite.config.ts

section = @printf '\n==> %s\n' "$(1)"

.PHONY: package test-package help deps deps-apt deps-npm deps-e2e ui cli app app-check check-embedded bindings run lint test test-keyring ui-test e2e screenshots measure bench icons clean

help:
	@echo "make deps    install Debian packages and ui/node_modules (skips what is there)"
	@echo "make ui      build the web UI into ui/dist"
	@echo "make cli     build $(CLI_BIN)"
	@echo "make app     build $(APP_BIN) with the UI embedded"
	@echo "make package build the .deb and .rpm (target/release/bundle/) with Tauri's bundler"
	@echo "make bindings regenerate ui/src/bindings.ts from the Rust commands (cargo test checks it)"
	@echo "make run     build and start the desktop app (loads the demo data set on an empty data folder)"
	@echo "make lint    rustfmt, clippy, tsc, eslint"
	@echo "make test    deps, lint, vitest, cargo tests, doc tests, app build, Playwright UI tests, end-to-end tests, package install test"
	@echo "make e2e     the real app under Xvfb through tauri-driver (HEALTHDASH_SCREENSHOTS=dir keeps screenshots)"
	@echo "make screenshots  refresh docs/screenshots/ from the real app"
	@echo "make measure      launch time, range switch, memory (with WebKit's floor) and a leak check of the real app on 10 years of demo data; 3 runs, median and spread"
	@echo "make bench   run the benchmarks (BENCH_ARGS=...)"
	@echo "make icons   redraw icons/app-icon.png and regenerate the icon set"

## ---- dependencies --------------------------------------------------------

deps: deps-apt deps-npm
	@:

deps-apt:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  [ "$$(dpkg-query -W -f='$${db:Status-Abbrev}' "$$p" 2>/dev/null)" = "ii " ] || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  printf '\n==> deps: apt-get install%s\n' "$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get update -qq; \
	  $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-npm: $(UI_STAMP)
	@:

# tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end tests.
TAURI_DRIVER_VERSION := 2.1.0
deps-e2e:
	@if ! tauri-driver --help >/dev/null 2>&1 && ! test -x "$$HOME/.cargo/bin/tauri-driver"; then \
	  printf '\n==> %s\n' "deps: cargo install tauri-driver $(TAURI_DRIVER_VERSION)"; \
	  $(CARGO) install tauri-driver --locked --version $(TAURI_DRIVER_VERSION); \
	fi

$(UI_STAMP): $(UI_LOCK)
	$(call section,deps: npm ci in $(UI)/)
	cd $(UI) && $(NPM) ci --no-audit --no-fund
	touch $@

## ---- builds --------------------------------------------------------------

ui: $(UI)/dist/index.html
	@:

$(UI)/dist/index.html: $(UI_STAMP) $(UI_SOURCES)
	$(call section,ui: vite build)
	cd $(UI) && $(NPM) run --silent build

cli:
	$(call section,cli: cargo build --release --bin healthdash)
	$(CARGO) build --release --bin healthdash

# `tauri/custom-protocol` is what `tauri build` turns on: the binary serves the
# embedded ui/dist instead of loading devUrl (a plain cargo build would show
# "Could not connect to localhost").
app: ui
	$(call section,app: cargo build --release -p healthdash-app (UI embedded))
	$(CARGO) build --release -p healthdash-app --features tauri/custom-protocol
	@$(MAKE) check-embedded BIN=$(APP_BIN)
	@echo "built $(APP_BIN)"

# ui/src/bindings.ts is generated from the Rust commands and IPC types
# (tauri-specta); the test `bindings_are_current` fails when it is stale.
bindings:
	$(call section,bindings: ui/src/bindings.ts from src-tauri)
	$(CARGO) run --quiet -p healthdash-app --features export-bindings --bin export-bindings

# The same check in the (faster) debug profile, for `make test`.
app-check: ui
	$(call section,test: cargo build -p healthdash-app (UI embedded))
	$(CARGO) build -p healthdash-app --features tauri/custom-protocol
	@$(MAKE) check-embedded BIN=target/debug/healthdash-app

# Tauri stores each embedded asset under its path (the content is compressed),
# so every file of ui/dist, e.g. /assets/index-<hash>.js, must be named in BIN.
check-embedded:
	@test -x "$(BIN)" || { echo "error: no executable $(BIN)" >&2; exit 1; }
	@status=0; n=0; \
	while read -r asset; do \
	  n=$$((n + 1)); \
	  grep -aqF "$$asset" "$(BIN)" || { echo "error: $(BIN) does not embed $$asset (built without the UI?)" >&2; status=1; }; \
	done < <(cd $(UI)/dist && find . -type f | sed 's|^\.||'); \
	[ "$$n" -gt 0 ] || { echo "error: $(UI)/dist is empty" >&2; exit 1; }; \
	[ "$$status" = 0 ] && echo "ok: $(BIN) embeds all $$n files of $(UI)/dist"; \
	exit $$status

run: app
	$(call section,run: $(APP_BIN) (data: $(or $(DATA_DIR),$(HEALTHDASH_DATA_DIR),the OS app-data folder)))
	$(APP_BIN)

# DATA_DIR, when given, wins over an inherited HEALTHDASH_DATA_DIR.
ifneq ($(DATA_DIR),)
run: export HEALTHDASH_DATA_DIR := $(DATA_DIR)
endif

bench:
	$(call section,bench: healthdash-bench $(BENCH_ARGS))
	$(CARGO) run --release -p healthdash-bench -- $(BENCH_ARGS)

# The Linux packages, with Tauri's own bundler (the pinned @tauri-apps/cli
# from ui/package.json; nothing is downloaded): the app, the `healthdash`
# CLI on the PATH, its man pages, the desktop entry and the icons.
PACKAGE_DIR := target/release/bundle
MAN_DIR := target/package/man1
package: ui
	$(call section,package: healthdash CLI and its man pages)
	$(CARGO) build --release --bin healthdash
	rm -rf $(MAN_DIR)
	$(CARGO) run --quiet --release -p healthdash-cli --bin healthdash-manpages -- $(MAN_DIR)
	gzip -n -9 $(MAN_DIR)/*.1
	$(call section,package: tauri build --bundles deb rpm)
	rm -rf $(PACKAGE_DIR)/deb $(PACKAGE_DIR)/rpm
	$(UI)/node_modules/.bin/tauri build --ci --bundles deb,rpm
	@ls -l $(PACKAGE_DIR)/deb/*.deb $(PACKAGE_DIR)/rpm/*.rpm

# Installs the .deb, runs the installed app (Xvfb, WebDriver) and CLI,
# removes it and checks nothing is left in /usr (tests/package.sh; root or sudo).
test-package: deps-e2e package
	$(call section,test: install, run and remove the .deb (tests/package.sh))
	tests/package.sh

icons: $(UI_STAMP)
	$(call section,icons: icons/make-icon.sh)
	icons/make-icon.sh

## ---- checks --------------------------------------------------------------

lint: deps-npm
	$(call section,lint: cargo fmt --check)
	$(CARGO) fmt --all --check
	$(call section,lint: cargo clippy)
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(call section,lint: tsc)
	cd $(UI) && $(NPM) run --silent typecheck
	$(call section,lint: eslint)
	cd $(UI) && $(NPM) run --silent lint

test: deps lint
	$(call section,test: vitest)
	cd $(UI) && $(NPM) test
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
	  printf '\n==> %s\n' "test: cargo nextest run --workspace"; \
	  $(CARGO) nextest run --workspace --no-tests=warn; \
	else \
	  printf '\n==> %s\n' "test: cargo test --workspace"; \
	  $(CARGO) test --workspace; \
	fi
	$(call section,test: cargo test --doc --workspace)
	$(CARGO) test --doc --workspace
	@$(MAKE) test-keyring
	@$(MAKE) app-check
	@$(MAKE) ui-test
	@$(MAKE) e2e
	@$(MAKE) test-package

# The secret store against a real gnome-keyring: tests/with-keyring.sh starts
# a private D-Bus session with a throwaway unlocked keyring (never the user's),
# and HEALTHDASH_TEST_KEYRING=1 turns on the tests that use it (without it
# they print a skip note). The locked-keyring case needs xvfb-run.
test-keyring:
	$(call section,test: secret store against a real gnome-keyring (tests/with-keyring.sh))
	$(CARGO) test --quiet -p healthdash-connect --test keyring --no-run
	HEALTHDASH_TEST_KEYRING=1 tests/with-keyring.sh \
	  $(CARGO) test -p healthdash-connect --test keyring -- --nocapture

# The built UI in headless Chromium with mocked IPC (ui/e2e).
ui-test: ui
	$(call section,test: Playwright UI tests (Chromium, mocked IPC))
	cd $(UI) && $(NPM) run --silent test:ui

# The real app (debug build with the UI embedded) in a window under Xvfb,
# in the machine's default locale (C.UTF-8: the UI's locale guard must hold).
E2E_APP ?= target/debug/healthdash-app
E2E_CLI ?= target/debug/healthdash
# Which tests: the user-facing pages and connecting Withings (against the fake
# in the test process) by default; `make measure` picks measure::.
E2E_ARGS ?= pages:: connect:: exist:: humanapi:: openhumans:: personicle::
e2e: deps-e2e app-check
	$(call section,test: end-to-end (tauri-driver + WebKitWebDriver under Xvfb))
	$(CARGO) build --quiet --bin healthdash $(if $(filter target/release/%,$(E2E_CLI)),--release,)
	HEALTHDASH_E2E_APP=$(abspath $(E2E_APP)) HEALTHDASH_E2E_CLI=$(abspath $(E2E_CLI)) \
	  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
	  $(CARGO) test -p healthdash-tests --test e2e -- --ignored --test-threads=1 $(E2E_ARGS)

screenshots: export HEALTHDASH_SCREENSHOTS := $(CURDIR)/docs/screenshots
screenshots:
	@$(MAKE) e2e E2E_ARGS="pages:: connect::"

# tests/e2e/measure.rs: three runs (HEALTHDASH_MEASURE_RUNS), each with the
# WebKit floors and 20 rounds of every page (HEALTHDASH_MEASURE_ROUNDS); the
# floor's bare WebKitGTK window is tests/e2e/bare_webkit.py (python3-gi).
measure: app
	@$(MAKE) e2e E2E_APP=$(APP_BIN) E2E_CLI=$(CLI_BIN) E2E_ARGS="measure:: --nocapture"

clean:
	$(CARGO) clean
	rm -rf $(UI)/dist
