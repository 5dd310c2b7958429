#!/usr/bin/env bash
# The README's second command: installs what is needed and runs every test and lint.
# .ci/run runs exactly this. Each step prints its test runner's own summary.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "UI build (embedded in the app binary)"
(cd ui && npm run --silent build)

step "Rust formatting"
cargo fmt --all --check

step "Clippy, warnings denied"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "Rust unit and integration tests (catalogue, workspace, CLI, bindings drift, core boundary)"
cargo test --locked --workspace

step "UI type check, lint and formatting"
(cd ui && npm run --silent check && npm run --silent lint && npm run --silent format:check)

step "UI unit tests"
(cd ui && npm run --silent test)

step "End-to-end test in the real window (Xvfb + tauri-driver + WebKitWebDriver)"
cargo build --locked -p annexa-app -p annexa-cli
ANNEXA_APP="$(pwd)/target/debug/annexa-app" ANNEXA_CLI="$(pwd)/target/debug/annexa" \
  xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/

step "Packaging: the .deb carries the app, its desktop entry and icons, and the annexa CLI"
tests/package-deb.sh
