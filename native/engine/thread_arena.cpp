#include "engine/thread_arena.h"

#include <malloc.h>

#include <cstdlib>

namespace tl::engine {

void claimThreadArena() {
  void* block = std::malloc(64);
  // Asking the allocator about the block keeps the compiler from eliding the pair.
  if (block != nullptr && malloc_usable_size(block) == 0) std::abort();
  std::free(block);
}

}  // namespace tl::engine
