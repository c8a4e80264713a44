#!/bin/sh
# Prints the addon's C++ sources, one per line, relative to the repository
# root. Both builds read this list (CMakeLists.txt and binding.gyp), so a new
# file is picked up by both and neither rots.
#   sh native/sources.sh core    engine, card, dsp, signalling (no N-API)
#   sh native/sources.sh addon   the N-API glue
#   sh native/sources.sh all     both
#   sh native/sources.sh tests   native test programs
cd "$(dirname "$0")/.." || exit 1
part=${1:-all}
core() {
  find native/card native/dsp native/engine native/signaling -name '*.cpp' \
    ! -path 'native/card/dahdi/*' | LC_ALL=C sort
  if [ -f /usr/include/dahdi/user.h ]; then
    find native/card/dahdi -name '*.cpp' | LC_ALL=C sort
  fi
}
addon() { find native/addon -name '*.cpp' | LC_ALL=C sort; }
case "$part" in
  core) core ;;
  addon) addon ;;
  all) core; addon ;;
  tests) find native/test -name '*.cpp' 2>/dev/null | LC_ALL=C sort ;;
  *) echo "usage: sources.sh core|addon|all|tests" >&2; exit 2 ;;
esac
