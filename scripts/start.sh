#!/usr/bin/env bash
# Sets everything up, then starts Tellerline on its embedded defaults:
# SQLite in ./var, the virtual card with its simulated network and phones,
# and the core-banking simulator. Extra arguments go to `tellerline start`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec node bin/tellerline.js start "$@"
