// Marks the engine's real-time threads (tl-clock, tl-dsp-N). They must not
// call the allocator once calls run: malloc and free take arena locks shared
// with ordinary threads, and waiting on one cost the clock whole ticks. The
// mark lets a counting allocator in the native tests tell their allocations
// from everyone else's (native/test/engine_alloc_test.cpp); it costs one
// thread-local store per thread and nothing per tick.
#pragma once

namespace tl::engine {

// The calling thread is real-time from now until it ends.
void markRealtimeThread();
bool onRealtimeThread();

}  // namespace tl::engine
