#!/usr/bin/env bash
# Verify on a pack with many entries: N files in the zip that the manifest does not list and N
# listed files that the zip does not hold (every name a lookup that misses). Before the
# lookups were made constant-time this took 25 s for N = 60,000. Prints the timing of
# `annexa verify` (which exits 7, naming all 2N problems) beside `unzip -tq` on the same zip.
# Usage: tests/bench/verify-many.sh [N]   (needs a built target/debug or target/release annexa)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-60000}
ANNEXA=${ANNEXA:-target/release/annexa}
[[ -x $ANNEXA ]] || ANNEXA=target/debug/annexa
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/many.zip" "$N" <<'PY'
import hashlib, json, sys, zipfile
path, n = sys.argv[1], int(sys.argv[2])
manifest = {"format": "annexa-audit-pack", "format_version": 1, "tool": "annexa",
            "tool_version": "bench", "catalogue_version": "bench", "organisation": "Many Ltd",
            "created": "2026-12-01T00:00:00Z", "snapshot": None,
            "files": [{"path": f"evidence/listed/{i}.txt", "size": 1,
                       "sha256": hashlib.sha256(b"x").hexdigest()} for i in range(n)]}
body = json.dumps(manifest).encode()
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
    for i in range(n):
        z.writestr(f"evidence/unlisted/{i}.txt", b"x")
    z.writestr("manifest.json", body)
    z.writestr("manifest.sha256", hashlib.sha256(body).hexdigest() + "  manifest.json\n")
PY
ls -l "$work/many.zip"
for run in 1 2 3; do
  /usr/bin/time -f "annexa verify: %e s, %M KiB" "$ANNEXA" verify "$work/many.zip" >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
  /usr/bin/time -f "unzip -tq: %e s, %M KiB" unzip -tq "$work/many.zip" >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
done
