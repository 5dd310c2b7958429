#!/usr/bin/env bash
# The README's first command: installs what is needed, builds Annexa and opens the window.
# Arguments are passed to the app (e.g. a workspace file: ./start.sh acme.annexa).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

printf '\033[1m==> %s\033[0m\n' "Building the window and the annexa CLI"
(cd ui && npm run --silent build)
cargo build --locked -p annexa-app -p annexa-cli

echo "The annexa CLI is at $(pwd)/target/debug/annexa"
exec target/debug/annexa-app "$@"
