#!/usr/bin/env bash
# What the second round of trust checks costs, each beside a peer in the same run:
#
#   tests/bench/trust.sh [MIB] [HISTORY]          (defaults: 1000 and 100000; RUNS=5)
#
# 1. `annexa verify` on a pack of MIB MiB of evidence (60 % random bytes stored as they are,
#    40 % text deflated), which now inflates every entry itself to see that each deflate
#    stream ends exactly where its entry does, beside `unzip -tqq` (CRC-32 of every entry)
#    and `sha256sum` over the same files.
# 2. `annexa history --verify` on a workspace of HISTORY recorded changes (written by the
#    big_workspace example), which now also asks SQLite to compare the history with its index.
# With ANNEXA_BEFORE=path/to/an/earlier/annexa, both are also timed with that binary, to show
# what the new checks add. Prints medians in seconds; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-1000}"
HISTORY="${2:-100000}"
RUNS="${RUNS:-5}"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --quiet --release --locked -p annexa-cli
cargo build --quiet --release --locked -p annexa-core --example big_workspace
ANNEXA="$(pwd)/target/release/annexa"
WORK="$(pwd)/target/bench-trust"
rm -rf "$WORK"
mkdir -p "$WORK/evidence"
trap 'rm -rf "$WORK"' EXIT

median() {
  # Runs "$@" RUNS times and prints the median wall time.
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$WORK/t" "$@" >/dev/null 2>&1 || true
    tail -1 "$WORK/t"
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

python3 - "$WORK/evidence" "$MIB" <<'EOF'
import os, random, sys
root, mib = sys.argv[1], int(sys.argv[2])
rng = random.Random(27001)
words = "access control policy review firewall backup user audit log risk server ok".split()
lines = [" ".join(rng.choice(words) for _ in range(12)) + "\n" for _ in range(5000)]
for i in range(max(1, mib * 6 // 10 // 20)):
    with open(f"{root}/A.8.{i % 30 + 1} scan {i}.pdf", "wb") as f:
        f.write(os.urandom(20 << 20))
for i in range(max(1, mib * 4 // 10 // 10)):
    with open(f"{root}/A.5.{i % 37 + 1} log {i}.log", "w") as f:
        size = 0
        while size < 10 << 20:
            chunk = "".join(rng.choice(lines) for _ in range(2000))
            f.write(chunk)
            size += len(chunk)
EOF
"$ANNEXA" init "$WORK/pack.annexa" --org "Bench Ltd" >/dev/null
ANNEXA_WORKSPACE="$WORK/pack.annexa" "$ANNEXA" evidence import "$WORK/evidence" >/dev/null
ANNEXA_WORKSPACE="$WORK/pack.annexa" "$ANNEXA" export -q "$WORK/pack.zip" >/dev/null
echo "verify, $(du -m "$WORK/pack.zip" | cut -f1) MiB pack, median of $RUNS:"
echo "  annexa verify:   $(median "$ANNEXA" verify "$WORK/pack.zip") s"
[[ -n ${ANNEXA_BEFORE:-} ]] && echo "  before:          $(median "$ANNEXA_BEFORE" verify "$WORK/pack.zip") s"
echo "  unzip -tqq:      $(median unzip -tqq "$WORK/pack.zip") s"
echo "  sha256sum:       $(median sh -c "sha256sum '$WORK'/evidence/* >/dev/null") s"

target/release/examples/big_workspace "$WORK/big.annexa" 0 0 "$HISTORY" >/dev/null
echo "history --verify, $HISTORY changes, median of $RUNS:"
echo "  annexa:          $(median "$ANNEXA" --workspace "$WORK/big.annexa" history --verify) s"
[[ -n ${ANNEXA_BEFORE:-} ]] &&
  echo "  before:          $(median "$ANNEXA_BEFORE" --workspace "$WORK/big.annexa" history --verify) s"
true
