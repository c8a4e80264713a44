#include "engine/realtime_thread.h"

namespace tl::engine {

namespace {
// Constant-initialised: reading it never allocates, so an allocator may ask.
thread_local bool realtime = false;
}  // namespace

void markRealtimeThread() { realtime = true; }
bool onRealtimeThread() { return realtime; }

}  // namespace tl::engine
