#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite (npm test): type check,
# native conformance tests, engine, PRI, store on SQLite and MariaDB, server,
# IVR, ACD, fax. MariaDB is started by the tests themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
npm test
