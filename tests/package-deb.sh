#!/usr/bin/env bash
# Builds the .deb with `tauri build --bundles deb` and checks what a user would get from it:
# both programs, the desktop entry and icons, and a CLI that runs from the unpacked package.
set -euo pipefail
cd "$(dirname "$0")/.."

(cd ui && npm run --silent package:deb)
deb=$(ls -t target/release/bundle/deb/Annexa_*_amd64.deb | head -1)
echo "package: $deb"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"

passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then
    echo "ok - $what"
    passed=$((passed + 1))
  else
    echo "not ok - $what"
    failed=$((failed + 1))
  fi
}

check "installs the desktop app as /usr/bin/annexa-app" test -x "$root/usr/bin/annexa-app"
check "installs the CLI as /usr/bin/annexa" test -x "$root/usr/bin/annexa"
check "has a desktop entry that starts annexa-app" grep -q '^Exec=annexa-app' "$root/usr/share/applications/Annexa.desktop"
check "the desktop entry is named Annexa" grep -q '^Name=Annexa$' "$root/usr/share/applications/Annexa.desktop"
check "ships a 128x128 icon" test -s "$root/usr/share/icons/hicolor/128x128/apps/annexa-app.png"
check "depends on WebKitGTK 4.1" sh -c "dpkg-deb -f '$deb' Depends | grep -q libwebkit2gtk-4.1"
check "the packaged CLI prints its version" sh -c "'$root/usr/bin/annexa' --version | grep -qx 'annexa [0-9.]*'"
check "the packaged CLI lists 93 controls without a display" \
  sh -c "test \$(env -u DISPLAY '$root/usr/bin/annexa' catalogue --format csv | wc -l) -eq 94"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
