#!/usr/bin/env bash
# Benchmark: storing evidence in a workspace, beside the peer tools on the same disk, same run.
#
#   tests/bench/evidence.sh [SIZE_MIB] [SMALL_FILES]      (defaults: 1024 and 5000)
#
# Measures, each RUNS times (default 5), the median reported:
#   - one SIZE_MIB file of random bytes: `cp` + `sync` of the copy, `sha256sum`, and
#     `annexa evidence add` (which hashes in the same pass and fsyncs at commit);
#   - SMALL_FILES files of 10-500 KiB: `cp -r` + `sync`, and `annexa evidence import`;
#   - peak memory (maximum resident set size) of every annexa run, from GNU time.
# Prints a Markdown section to paste into docs/benchmarks.md. Nothing here is a test: it
# asserts no timing, it reports figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB="${1:-1024}"
SMALL_FILES="${2:-5000}"
export PATH="$HOME/.cargo/bin:$PATH"

if [ ! -x /usr/bin/time ]; then
  apt_get=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y --no-install-recommends time >/dev/null
fi

cargo build --quiet --release --locked -p annexa-cli
ANNEXA="$(pwd)/target/release/annexa"
WORK="$(pwd)/target/bench-evidence"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# Seconds (wall) and peak RSS (KiB) of a command, as "SECONDS KIB".
measure() {
  /usr/bin/time -f '%e %M' -o "$WORK/time.out" "$@" >/dev/null
  cat "$WORK/time.out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "Preparing ${SIZE_MIB} MiB of random bytes and ${SMALL_FILES} small files..." >&2
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/big.bin"
mkdir -p "$WORK/small"
python3 - "$WORK/small" "$SMALL_FILES" <<'EOF'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(27001)
for i in range(n):
    size = rng.randint(10 * 1024, 500 * 1024)
    with open(os.path.join(root, f"evidence {i:05d}.bin"), "wb") as f:
        f.write(os.urandom(size))
EOF
SMALL_BYTES=$(du -sb "$WORK/small" | cut -f1)
sync

cpn_big=(); cp_big=(); sha_big=(); add_big=(); rss_big=()
cp_small=(); add_small=(); rss_small=()
RUNS="${RUNS:-5}"
for run in $(seq "$RUNS"); do
  echo "Run $run of $RUNS..." >&2
  rm -f "$WORK/copy.bin"
  sync
  cpn_big+=("$( { /usr/bin/time -f '%e' -o "$WORK/t" cp "$WORK/big.bin" "$WORK/copy.bin"; cat "$WORK/t"; } )")
  rm -f "$WORK/copy.bin"
  sync
  cp_big+=("$( { /usr/bin/time -f '%e' -o "$WORK/t" sh -c "cp '$WORK/big.bin' '$WORK/copy.bin' && sync '$WORK/copy.bin'"; cat "$WORK/t"; } )")
  sha_big+=("$( { /usr/bin/time -f '%e' -o "$WORK/t" sha256sum "$WORK/big.bin" >/dev/null; cat "$WORK/t"; } )")
  rm -f "$WORK/copy.bin" "$WORK"/ws*.annexa*
  sync
  "$ANNEXA" init "$WORK/ws-big.annexa" --org Bench >/dev/null
  read -r secs kib < <(measure "$ANNEXA" -w "$WORK/ws-big.annexa" evidence add "$WORK/big.bin" --control 8.13)
  add_big+=("$secs"); rss_big+=("$kib")
  rm -f "$WORK/ws-big.annexa"

  rm -rf "$WORK/small-copy"
  cp_small+=("$( { /usr/bin/time -f '%e' -o "$WORK/t" sh -c "cp -r '$WORK/small' '$WORK/small-copy' && sync"; cat "$WORK/t"; } )")
  rm -rf "$WORK/small-copy"
  "$ANNEXA" init "$WORK/ws-small.annexa" --org Bench >/dev/null
  read -r secs kib < <(measure "$ANNEXA" -w "$WORK/ws-small.annexa" evidence import "$WORK/small" --control 5.1)
  add_small+=("$secs"); rss_small+=("$kib")
  rm -f "$WORK/ws-small.annexa"
done

m() { printf '%s\n' "$@" | median; }
CPN_BIG=$(m "${cpn_big[@]}"); CP_BIG=$(m "${cp_big[@]}"); SHA_BIG=$(m "${sha_big[@]}"); ADD_BIG=$(m "${add_big[@]}")
RSS_BIG=$(printf '%s\n' "${rss_big[@]}" | sort -n | tail -1)
CP_SMALL=$(m "${cp_small[@]}"); ADD_SMALL=$(m "${add_small[@]}")
RSS_SMALL=$(printf '%s\n' "${rss_small[@]}" | sort -n | tail -1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

cat <<EOF
### Attaching evidence ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), release build)

Median of ${RUNS} runs; peak memory is the largest maximum resident set size of them.
Same disk, same run; \`cp\` is followed by \`sync\` of the copy because \`annexa\` makes its
transaction durable (fsync) before it reports success.

| work | peer | peer time | annexa | annexa time | ratio | annexa peak memory |
|---|---|---|---|---|---|---|
| one ${SIZE_MIB} MiB file | \`cp\` + \`sync\` | ${CP_BIG} s | \`evidence add\` (store + SHA-256) | ${ADD_BIG} s | $(ratio "$ADD_BIG" "$CP_BIG")× | $((RSS_BIG / 1024)) MiB |
| one ${SIZE_MIB} MiB file | \`cp\` alone (page cache, not durable) | ${CPN_BIG} s | (same run as above) | ${ADD_BIG} s | $(ratio "$ADD_BIG" "$CPN_BIG")× | |
| one ${SIZE_MIB} MiB file | \`sha256sum\` | ${SHA_BIG} s | (same run as above) | ${ADD_BIG} s | $(ratio "$ADD_BIG" "$SHA_BIG")× | |
| ${SMALL_FILES} files, 10–500 KiB ($((SMALL_BYTES / 1024 / 1024)) MiB) | \`cp -r\` + \`sync\` | ${CP_SMALL} s | \`evidence import\` | ${ADD_SMALL} s | $(ratio "$ADD_SMALL" "$CP_SMALL")× | $((RSS_SMALL / 1024)) MiB |

Raw seconds — cp + sync: ${cp_big[*]}; cp alone: ${cpn_big[*]}; sha256sum: ${sha_big[*]}; add: ${add_big[*]};
cp -r: ${cp_small[*]}; import: ${add_small[*]}.
EOF
