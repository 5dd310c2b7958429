#!/usr/bin/env bash
# The crash harness in full: every writing command of the CLI killed with SIGKILL at random
# moments, KILLS times each (default 10: 210 kills), then checked (see
# src-tauri/cli/tests/crash.rs for what). ./check.sh runs the same test with 3 kills each.
#
#   tests/crash/run.sh [KILLS] [SEED]
#
# Prints how many kills landed before a command's change, after it, and after it had said it
# was done. A failure names the command, the moment and the seed that repeats it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
ANNEXA_CRASH_KILLS="${1:-10}" ANNEXA_CRASH_SEED="${2:-27001}" \
  cargo test --locked -p annexa-cli --test crash -- --nocapture --test-threads=1
