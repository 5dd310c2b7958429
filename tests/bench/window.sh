#!/usr/bin/env bash
# Benchmark: the window at size. A release build of the app opens a workspace with EVIDENCE
# evidence items, ACTIONS actions, HISTORY recorded changes, RISKS risks and ASSETS assets;
# each view's time to first
# drawn content and each IPC command's round trip are measured in the page (window.mjs), and
# the same data read through the CLI and by Python's sqlite3 (the floor: the rows alone) with
# farm-bench, in the same run.
#
#   tests/bench/window.sh [EVIDENCE] [ACTIONS] [HISTORY] [RISKS] [ASSETS]
#                                      (defaults: 5000 1000 100000 1000 500)
#
# Prints Markdown for docs/benchmarks.md. Nothing here is a test: it asserts no timing.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVIDENCE="${1:-5000}"
ACTIONS="${2:-1000}"
HISTORY="${3:-100000}"
RISKS="${4:-1000}"
ASSETS="${5:-500}"
export PATH="$HOME/.cargo/bin:$PATH"

(cd ui && npm run --silent build && TAURI_FRONTEND_PATH=. TAURI_APP_PATH=../src-tauri npx tauri build --no-bundle >/dev/null)
cargo build --quiet --release --locked -p annexa-cli
WORK="$(pwd)/target/bench-window"
rm -rf "$WORK"
mkdir -p "$WORK"
BIG="$WORK/big.annexa"
cargo run --quiet --release --locked -p annexa-core --example big_workspace -- "$BIG" "$EVIDENCE" "$ACTIONS" "$HISTORY" "$RISKS" "$ASSETS"

echo
echo "### The window at size ($(date -u +%F), $(nproc) cores, $(uname -m), release build)"
echo
echo "Workspace: $EVIDENCE evidence items, $ACTIONS actions, $RISKS risks, $ASSETS assets, $HISTORY+ recorded changes ($(du -h "$BIG" | cut -f1))."
echo
BIG_WORKSPACE="$BIG" ANNEXA_APP="$(pwd)/target/release/annexa-app" \
  xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" node tests/bench/window.mjs
echo
echo "The same evidence read by the CLI (JSON of every item) against Python's sqlite3 reading"
echo "the rows alone:"
echo
echo '```'
farm-bench --vs "python3 -c \"import sqlite3,sys; c=sqlite3.connect('file:$BIG?mode=ro', uri=True); print(len(c.execute('select * from evidence e left join evidence_version v on v.evidence_id = e.id').fetchall()))\"" \
  -- "$(pwd)/target/release/annexa" -w "$BIG" evidence list --format json
echo '```'
echo
echo "The risk register read by the CLI (JSON of every risk, rated on the method) against"
echo "Python's sqlite3 reading the risk rows alone:"
echo
echo '```'
farm-bench --vs "python3 -c \"import sqlite3,sys; c=sqlite3.connect('file:$BIG?mode=ro', uri=True); print(len(c.execute('select * from risk r left join risk_control k on k.risk_id = r.id').fetchall()))\"" \
  -- "$(pwd)/target/release/annexa" -w "$BIG" risks list --format json
echo '```'
