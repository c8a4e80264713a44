# Second build of the addon (node-gyp), from the same source list as
# CMakeLists.txt (native/sources.sh). CI builds both so neither rots.
{
  "targets": [
    {
      "target_name": "tellerline",
      "sources": ["<!@(sh native/sources.sh all)"],
      "include_dirs": ["native"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "<!(test -f /usr/include/dahdi/user.h && test -f native/card/dahdi/dahdi_card.cpp && echo TL_HAVE_DAHDI=1 || echo TL_NO_DAHDI=1)"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": [
        "-std=c++20", "-fexceptions", "-frtti",
        "-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wnon-virtual-dtor",
        "-Wno-missing-field-initializers",
        "-isystem", "<!(node -p \"require('path').dirname(require.resolve('node-addon-api/package.json'))\")",
        "<!@(pkg-config --cflags-only-I spandsp speexdsp libtiff-4 | sed 's/-I/-isystem /g')"
      ],
      "libraries": [
        "<!@(pkg-config --libs spandsp speexdsp libtiff-4)",
        "-lpri",
        "-lpthread"
      ]
    }
  ]
}
