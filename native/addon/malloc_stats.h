// The C allocator's own view of the process's native memory (glibc
// mallinfo2, summed over every arena). The soak reads it to tell memory the
// native code still uses from memory the allocator keeps free but does not
// give back to the system.
#pragma once

#include <napi.h>

namespace tl::addon {

// { arenaBytes, mmapBytes, inUseBytes, freeBytes, releasableBytes, arenas }
Napi::Value MallocStats(const Napi::CallbackInfo& info);
// malloc_trim(0): gives the whole free pages inside every arena back to the
// system; true if any memory was released.
Napi::Value MallocTrim(const Napi::CallbackInfo& info);

}  // namespace tl::addon
