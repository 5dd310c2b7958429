#!/usr/bin/env bash
# Installs everything Annexa needs to build, run and test on Debian 12 / Ubuntu 22.04+:
# system packages (apt, as root or through sudo), Rust if missing, the npm packages of the
# window and of the end-to-end test, and tauri-driver. Safe to run again: it skips what is there.
# Used by start.sh and check.sh; you rarely need to run it alone.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

APT_PACKAGES=(
  # building the desktop app (Tauri 2 on WebKitGTK 4.1)
  build-essential pkg-config curl wget file libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev
  # running the window under test: virtual display, WebDriver, screenshots
  xvfb xauth webkit2gtk-driver imagemagick x11-utils
  # a private session bus to watch the desktop notification the app raises
  dbus-daemon dbus-bin
  # dragging files onto the window as a file manager does (a GTK drag source, the mouse)
  python3-gi gir1.2-gtk-3.0 xdotool
  # reading exported packs back with other tools: Info-ZIP, 7-Zip, Python, bsdtar (also as a
  # streaming reader, from a pipe), a headless browser
  unzip zip p7zip-full python3 libarchive-tools chromium chromium-driver
  # reading the board report back: pdfinfo, pdftotext, pdffonts, pdftoppm
  poppler-utils
  # checking a signed pack's signature with the standard tool
  minisign
  # Node.js for the UI, when the machine has none
)
# Java's streaming zip reader (ZipInputStream) reads crafted packs in the tests; a JDK runs
# its one source file directly.
if ! command -v javac >/dev/null 2>&1; then APT_PACKAGES+=(default-jdk-headless); fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if ((${#missing[@]} > 0)); then
  say "Installing system packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  "${SUDO[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "error: Node.js 20 or newer is needed (found $(node --version)); see README.md" >&2
  exit 1
fi

if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  say "Installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  export PATH="$HOME/.cargo/bin:$PATH"
fi
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 && command -v rustup >/dev/null; then
    rustup component add "$component"
  fi
done

install_npm() {
  local dir=$1
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
install_npm ui
install_npm tests/e2e

if ! command -v tauri-driver >/dev/null 2>&1; then
  say "Installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi
