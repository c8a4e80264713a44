#!/usr/bin/env bash
# Sets up everything Tellerline needs on a fresh Debian 12 machine (as root):
# system packages, npm dependencies, the native addon, the prompt set.
# Idempotent: a second run only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[bootstrap] %s\n' "$*"; }

packages=(
  g++ make cmake pkg-config python3
  libspandsp-dev libpri-dev libspeexdsp-dev libtiff-dev libtiff-tools
  mariadb-server espeak-ng sox libsox-fmt-mp3 fonts-noto-cjk poppler-utils
  chromium openssl
  clang libclang-rt-14-dev  # the libFuzzer targets (native/fuzz/; clang 14 keeps libFuzzer in rt-14-dev)
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The DAHDI userspace header only (dahdi-source would pull in debhelper).
if [ ! -f /usr/include/dahdi/user.h ]; then
  log "installing the DAHDI header from dahdi-source"
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq dahdi-source >/dev/null && dpkg-deb -x dahdi-source_*.deb x)
  mkdir -p /usr/include/dahdi
  cp "$tmp"/x/usr/include/dahdi/*.h /usr/include/dahdi/
  rm -rf "$tmp"
fi

# node-gyp (better-sqlite3, our gyp build) must use the running Node's own headers.
# shellcheck source=scripts/node-headers.sh
. scripts/node-headers.sh

# Native modules (better-sqlite3) are built for one Node ABI: another Node needs a new install.
abi=$(node -p process.versions.modules)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ "$(cat node_modules/.tellerline-node-abi 2>/dev/null)" != "$abi" ]; then
  log "installing npm dependencies (Node $(node --version))"
  npm ci --no-audit --no-fund
  echo "$abi" > node_modules/.tellerline-node-abi
fi

if [ ! -f build/Release/tellerline.node ] || [ -n "$(find native CMakeLists.txt -newer build/Release/tellerline.node -print -quit)" ]; then
  log "building the native addon (cmake-js)"
  npm run --silent build:native
fi

# The data directory is closed to other users of the machine (the server refuses to start on
# data others can read): create it so, and close one left open by an older set-up.
mkdir -p var && chmod -R o-rwx var

if [ ! -f var/prompts/manifest.json ] || [ -n "$(find src/voice/prompts -newer var/prompts/manifest.json -print -quit)" ]; then
  log "generating the prompt set (espeak-ng)"
  (umask 027 && node --import=tsx scripts/generate-prompts.ts --out var/prompts)
fi
# The web application (web/, its own package): installed from its lockfile, built when its
# sources are newer than the build.
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  log "installing the web application's npm dependencies"
  (cd web && npm ci --no-audit --no-fund)
fi
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts web/package-lock.json -newer web/dist/index.html -print -quit)" ]; then
  log "building the web application (vite)"
  (cd web && npx vite build --logLevel warn)
fi
log "ready"
