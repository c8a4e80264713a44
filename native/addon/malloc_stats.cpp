#include "addon/malloc_stats.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include <cstring>
#include <string>

namespace tl::addon {

namespace {

// Counts the arenas malloc_info() describes (one <heap nr="..."> each).
double countArenas() {
  char* text = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&text, &size);
  if (!out) return -1;
  malloc_info(0, out);
  fclose(out);
  double arenas = 0;
  for (const char* p = text; p && (p = std::strstr(p, "<heap nr=")) != nullptr; ++p) ++arenas;
  free(text);
  return arenas;
}

}  // namespace

Napi::Value MallocStats(const Napi::CallbackInfo& info) {
  const struct mallinfo2 m = mallinfo2();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("arenaBytes", static_cast<double>(m.arena));        // heap obtained with brk/sbrk and arena mmaps
  out.Set("mmapBytes", static_cast<double>(m.hblkhd));        // large blocks mapped on their own
  out.Set("inUseBytes", static_cast<double>(m.uordblks + m.hblkhd));
  out.Set("freeBytes", static_cast<double>(m.fordblks));      // held by the allocator, not in use
  out.Set("releasableBytes", static_cast<double>(m.keepcost));
  out.Set("arenas", countArenas());
  return out;
}

Napi::Value MallocTrim(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), malloc_trim(0) != 0);
}

}  // namespace tl::addon
