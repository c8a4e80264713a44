# Sourced by the set-up scripts. Native builds (better-sqlite3, our node-gyp check) must find the
# headers of the Node that runs them without downloading anything: Debian's nodejs keeps them under
# /usr/include/node, a Node unpacked from a release tarball under <prefix>/include/node.
node_prefix=$(node -p 'require("path").resolve(process.execPath, "..", "..")')
if [ -f "$node_prefix/include/node/node_api.h" ]; then
  export npm_config_nodedir="$node_prefix"
elif [ -f /usr/include/node/node_api.h ]; then
  export npm_config_nodedir=/usr
fi
