// Gives the calling thread its own C allocator arena now, before it runs
// real-time work. glibc binds a thread to an arena at the thread's first
// malloc: making one then maps memory and takes the allocator's global list
// lock, and once the process has 8 arenas per core the thread is handed an
// arena another thread already uses, with its lock. A DSP worker's first
// malloc otherwise comes in the middle of a tick, when a fax session's T.4
// coder first grows its buffers; by then Node's, V8's and libuv's threads may
// have taken every arena the limit allows.
#pragma once

namespace tl::engine {

void claimThreadArena();

}  // namespace tl::engine
