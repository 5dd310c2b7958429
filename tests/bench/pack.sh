#!/usr/bin/env bash
# Benchmark: exporting and verifying an audit pack, beside Info-ZIP and sha256sum on the same
# evidence, same disk, same run.
#
#   tests/bench/pack.sh [MIXED_MIB] [BIG_GIB]       (defaults: 2048 and 5)
#
# 1. MIXED_MIB of mixed evidence (PDF, images, office files, video: random bytes that do not
#    compress; logs, CSV and text: ordinary text that does), imported into a workspace. Each
#    RUNS times (default 3), the median reported:
#      `annexa export` vs `zip -r -q` and `zip -r -q -0` of the same files;
#      `annexa verify` vs `sha256sum` over the same files.
# 2. A pack of BIG_GIB GiB: peak memory (maximum resident set size) of export and verify.
# Prints a Markdown section for docs/benchmarks.md. Nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
MIXED_MIB="${1:-2048}"
BIG_GIB="${2:-5}"
RUNS="${RUNS:-3}"
export PATH="$HOME/.cargo/bin:$PATH"

for tool in /usr/bin/time zip; do
  if [ ! -x "$(command -v "$tool" || true)" ]; then
    apt_get=(apt-get)
    [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y --no-install-recommends time zip >/dev/null
  fi
done

cargo build --quiet --release --locked -p annexa-cli
ANNEXA="$(pwd)/target/release/annexa"
WORK="$(pwd)/target/bench-pack"
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

measure() {
  /usr/bin/time -f '%e %M' -o "$WORK/time.out" "$@" >/dev/null 2>&1 || true
  cat "$WORK/time.out" | tail -1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "Preparing ${MIXED_MIB} MiB of mixed evidence..." >&2
python3 - "$WORK/evidence" "$MIXED_MIB" <<'EOF'
import os, random, sys
root, total = sys.argv[1], int(sys.argv[2]) << 20
rng = random.Random(27001)
os.makedirs(root)
# Share of bytes, extension, file size range in KiB, compressible?
kinds = [(0.35, "pdf", (200, 20480), False), (0.15, "png", (100, 4096), False),
         (0.10, "jpg", (100, 4096), False), (0.10, "docx", (50, 2048), False),
         (0.05, "xlsx", (50, 2048), False), (0.10, "mp4", (16384, 65536), False),
         (0.07, "log", (100, 8192), True), (0.05, "csv", (10, 4096), True),
         (0.03, "txt", (5, 512), True)]
words = ("access control policy review firewall backup user account password audit log "
         "supplier contract training incident change asset risk server laptop encryption "
         "2026-11-23 10.0.0.1 approved denied ok error warning").split()
n = 0
for share, ext, (lo, hi), text in kinds:
    left = int(total * share)
    while left > 0:
        size = min(left, rng.randint(lo, hi) << 10)
        path = os.path.join(root, f"{ext}-{n:05d}.{ext}")
        with open(path, "wb") as f:
            if text:
                line_words = rng.choices(words, k=4000)
                buf = bytearray()
                while len(buf) < size:
                    buf += (" ".join(rng.choices(line_words, k=12)) + "\n").encode()
                f.write(buf[:size])
            else:
                f.write(os.urandom(size))
        left -= size
        n += 1
EOF
FILES=$(find "$WORK/evidence" -type f | wc -l)
BYTES=$(du -sb "$WORK/evidence" | cut -f1)
"$ANNEXA" init "$WORK/ws.annexa" --org Bench >/dev/null
"$ANNEXA" -w "$WORK/ws.annexa" evidence import "$WORK/evidence" --control 5.1 >/dev/null
sync

export_t=(); export_rss=(); zip_t=(); zip0_t=(); verify_t=(); verify_rss=(); sha_t=()
for run in $(seq "$RUNS"); do
  echo "Run $run of $RUNS..." >&2
  rm -f "$WORK"/*.zip; sync
  read -r s k < <(measure "$ANNEXA" -w "$WORK/ws.annexa" export -q "$WORK/pack.zip")
  export_t+=("$s"); export_rss+=("$k")
  read -r s k < <(measure sh -c "cd '$WORK' && zip -r -q zip9.zip evidence")
  zip_t+=("$s")
  read -r s k < <(measure sh -c "cd '$WORK' && zip -r -q -0 zip0.zip evidence")
  zip0_t+=("$s")
  read -r s k < <(measure "$ANNEXA" verify "$WORK/pack.zip")
  verify_t+=("$s"); verify_rss+=("$k")
  read -r s k < <(measure sh -c "cd '$WORK' && find evidence -type f -print0 | xargs -0 sha256sum")
  sha_t+=("$s")
done
PACK_BYTES=$(stat -c %s "$WORK/pack.zip"); ZIP9_BYTES=$(stat -c %s "$WORK/zip9.zip"); ZIP0_BYTES=$(stat -c %s "$WORK/zip0.zip")
m() { printf '%s\n' "$@" | median; }
EXP=$(m "${export_t[@]}"); ZIP9=$(m "${zip_t[@]}"); ZIP0=$(m "${zip0_t[@]}")
VER=$(m "${verify_t[@]}"); SHA=$(m "${sha_t[@]}")
EXP_RSS=$(printf '%s\n' "${export_rss[@]}" | sort -n | tail -1)
VER_RSS=$(printf '%s\n' "${verify_rss[@]}" | sort -n | tail -1)
rm -f "$WORK"/*.zip "$WORK/ws.annexa"

echo "Preparing a ${BIG_GIB} GiB pack..." >&2
mkdir -p "$WORK/big"
for i in $(seq "$BIG_GIB"); do head -c 1073741824 /dev/urandom >"$WORK/big/part-$i.mp4"; done
"$ANNEXA" init "$WORK/big.annexa" --org Bench >/dev/null
"$ANNEXA" -w "$WORK/big.annexa" evidence import "$WORK/big" --control 8.13 >/dev/null
rm -rf "$WORK/big"
read -r BIG_EXP BIG_EXP_RSS < <(measure "$ANNEXA" -w "$WORK/big.annexa" export -q "$WORK/big.zip")
BIG_ZIP_BYTES=$(stat -c %s "$WORK/big.zip")
read -r BIG_VER BIG_VER_RSS < <(measure "$ANNEXA" verify "$WORK/big.zip")

cat <<EOF
### Audit packs ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), release build)

${FILES} evidence files, $((BYTES / 1024 / 1024)) MiB: 85 % already compressed (PDF, PNG, JPEG,
DOCX, XLSX, MP4; random bytes) and 15 % text (logs, CSV, plain text). The zips are built from
the same files on the same disk in the same run; median of ${RUNS} runs.

| work | peer | peer time | annexa | annexa time | ratio | target |
|---|---|---|---|---|---|---|
| pack the evidence | \`zip -r -q\` (deflates everything) | ${ZIP9} s | \`export\` | ${EXP} s | $(ratio "$EXP" "$ZIP9")× | ≤ 0.5× |
| pack the evidence | \`zip -r -q -0\` (stores everything) | ${ZIP0} s | \`export\` | ${EXP} s | $(ratio "$EXP" "$ZIP0")× | ≤ 1.2× |
| check every byte | \`sha256sum\` over the files | ${SHA} s | \`verify\` | ${VER} s | $(ratio "$VER" "$SHA")× | ≤ 1.2× |

Sizes: annexa pack $((PACK_BYTES / 1024 / 1024)) MiB (it also holds index.html, the SoA,
registers and history, and re-hashes every stored file while writing), \`zip -r\`
$((ZIP9_BYTES / 1024 / 1024)) MiB, \`zip -0\` $((ZIP0_BYTES / 1024 / 1024)) MiB.
Peak memory: export $((EXP_RSS / 1024)) MiB, verify $((VER_RSS / 1024)) MiB.

A ${BIG_GIB} GiB pack ($((BIG_ZIP_BYTES / 1024 / 1024)) MiB zip, ZIP64): export ${BIG_EXP} s
with a peak of $((BIG_EXP_RSS / 1024)) MiB, verify ${BIG_VER} s with a peak of
$((BIG_VER_RSS / 1024)) MiB (target: under 100 MiB).

Raw seconds — export: ${export_t[*]}; zip -r: ${zip_t[*]}; zip -r -0: ${zip0_t[*]};
verify: ${verify_t[*]}; sha256sum: ${sha_t[*]}.
EOF
