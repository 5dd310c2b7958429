#!/usr/bin/env bash
# Shows that a change left behaviour alone: builds the `annexa` CLI of an earlier revision in
# a separate worktree, makes one workspace with it (people, controls, evidence files, a link,
# an action, a snapshot, a clause), then exports an audit pack and runs a dozen read commands
# with the earlier CLI and with this checkout's, on the same workspace with the same --created,
# and compares the pack byte for byte and every output line for line.
# Usage: tests/same-output.sh REVISION     (e.g. the commit before a refactoring)
# Needs a built target/debug/annexa of this checkout (cargo build -p annexa-cli).
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:?name the earlier revision}
NOW_CLI=$(pwd)/target/debug/annexa
[[ -x $NOW_CLI ]] || { echo "build this checkout first: cargo build -p annexa-cli" >&2; exit 2; }
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$work/tree" "$REV"
(cd "$work/tree" && CARGO_TARGET_DIR="$work/target" cargo build -q --locked -p annexa-cli)
THEN_CLI=$work/target/debug/annexa
export ANNEXA_WORKSPACE=$work/ws.annexa ANNEXA_USER="Same Output" \
  XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
cd "$work"
A=$THEN_CLI
$A init ws.annexa --org "Same & Söhne <Ltd>" --scope "All offices" --target-date 2027-06-30 >/dev/null
$A people add "Ana Silva" --role CISO --department security >/dev/null
$A set A.5.1 --applicable yes --status implemented --owner "Ana Silva" --reason risk_assessment >/dev/null
$A set A.5.2 --applicable yes --status planned >/dev/null
$A set A.7.4 --applicable no --justification "No premises" >/dev/null
echo "policy" > policy.txt
head -c 50000 /dev/urandom > scan.pdf
printf 'a,b\n1,2\n' > t.csv
$A evidence add policy.txt --control A.5.1 --title "Politique €.k" --status approved >/dev/null
$A evidence add scan.pdf --control A.5.2 --valid-until 2020-01-01 >/dev/null
$A evidence add t.csv --clause 4.3 >/dev/null
$A evidence link https://example.org/x --control A.5.1 >/dev/null
$A actions add "Fix it" --control A.5.2 --assignee "Ana Silva" --due 2026-01-31 >/dev/null
$A snapshot take "Baseline" >/dev/null
$A clauses set 4.3 --status implemented >/dev/null
cp ws.annexa ws.before
outputs() {
  local cli=$1
  for c in "info --format json" "controls --format json" "controls" "report" "history" \
    "evidence list --format json" "actions list --format csv" "people list" "snapshot list" \
    "snapshot compare Baseline" "clauses list" "export --check-only"; do
    echo "== $c"
    # shellcheck disable=SC2086
    "$cli" $c 2>&1 || true
  done
}
outputs "$THEN_CLI" > then.txt
"$THEN_CLI" export then.zip --created 2026-12-01T00:00:00Z -q >/dev/null
outputs "$NOW_CLI" > now.txt
"$NOW_CLI" export now.zip --created 2026-12-01T00:00:00Z -q >/dev/null
cmp ws.annexa ws.before >/dev/null || { echo "the workspace was changed by reading it" >&2; exit 1; }
diff then.txt now.txt && echo "same output: $(wc -l < now.txt) lines of $(grep -c '^==' now.txt) commands"
cmp then.zip now.zip && echo "same pack: $(sha256sum < now.zip | cut -c1-64)"
