#!/usr/bin/env bash
# Builds the addon with node-gyp from binding.gyp in a scratch directory and
# loads it: the second build must not rot. The product uses the cmake-js build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/node-headers.sh
. scripts/node-headers.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r binding.gyp native package.json "$tmp"/
ln -s "$root/node_modules" "$tmp/node_modules"
(cd "$tmp" && node "$root/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="${npm_config_nodedir:-/usr}" -j 2 >"$tmp/gyp.log" 2>&1) || {
  tail -40 "$tmp/gyp.log"
  echo "node-gyp build FAILED" >&2
  exit 1
}
TELLERLINE_ADDON="$tmp/build/Release/tellerline.node" node --import=tsx --input-type=module -e "
  const { openCard } = await import('$root/bindings/index.ts');
  const card = openCard({ spans: 2, cables: [[0, 1]], clock: 'freerun' });
  await card.channel(0, 1).open(); await card.channel(1, 1).open();
  const got = new Promise((r) => card.channel(0, 1).digits\$.subscribe(r));
  await card.channel(1, 1).sendDtmf('7');
  if ((await got) !== '7') throw new Error('gyp-built addon: DTMF did not cross the cable');
  await card.close();
  console.log('node-gyp build: ok');
"
