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
check "the desktop entry passes a double-clicked file to the app" grep -qx 'Exec=annexa-app %f' "$root/usr/share/applications/Annexa.desktop"
check "the desktop entry opens .annexa workspaces, and audit packs (zips) for review" grep -qx 'MimeType=application/x-annexa;application/zip;' "$root/usr/share/applications/Annexa.desktop"
check "ships the MIME type that maps *.annexa to Annexa workspaces" \
  python3 -c "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); t = d.getElementsByTagName('mime-type')[0]; assert t.getAttribute('type') == 'application/x-annexa'; assert d.getElementsByTagName('glob')[0].getAttribute('pattern') == '*.annexa'" "$root/usr/share/mime/packages/annexa.xml"
check "ships a 128x128 icon" test -s "$root/usr/share/icons/hicolor/128x128/apps/annexa-app.png"
check "depends on WebKitGTK 4.1" sh -c "dpkg-deb -f '$deb' Depends | grep -q libwebkit2gtk-4.1"
check "the packaged CLI prints its version" sh -c "'$root/usr/bin/annexa' --version | grep -qx 'annexa [0-9.]*'"
check "the packaged CLI lists 93 controls without a display" \
  sh -c "test \$(env -u DISPLAY '$root/usr/bin/annexa' catalogue --format csv | wc -l) -eq 94"

crashes=$(mktemp -d)
check "the packaged CLI reports a bug in one sentence, exit 70, the details in a file, no panic text" \
  sh -c "ANNEXA_PANIC_FOR_TEST=1 XDG_STATE_HOME='$crashes' '$root/usr/bin/annexa' catalogue 2>'$crashes/err' >/dev/null; \
         test \$? -eq 70 && grep -q 'internal error stopped this command (please report it)' '$crashes/err' \
         && ! grep -q 'panicked' '$crashes/err' && grep -q 'panicked at' '$crashes'/annexa/crashes/annexa-*.txt"
rm -rf "$crashes"
check "ships the manual page annexa(1), made from the CLI's own definitions" \
  sh -c "grep -q '^.TH annexa 1' '$root/usr/share/man/man1/annexa.1' && grep -q 'stopped by the user' '$root/usr/share/man/man1/annexa.1'"
# Sources the completion script as bash would and asks it to complete `annexa ver`.
completes_verify() {
  # shellcheck disable=SC1090
  source "$1" || return 1
  COMP_WORDS=(annexa ver)
  COMP_CWORD=1
  _annexa annexa ver annexa
  printf '%s\n' "${COMPREPLY[@]}" | grep -qx verify
}
check "ships bash completion that completes annexa's subcommands" \
  bash -c "$(declare -f completes_verify); completes_verify '$root/usr/share/bash-completion/completions/annexa'"
check "ships zsh and fish completion" \
  sh -c "grep -q '#compdef annexa' '$root/usr/share/zsh/vendor-completions/_annexa' && grep -q 'complete -c annexa' '$root/usr/share/fish/vendor_completions.d/annexa.fish'"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
