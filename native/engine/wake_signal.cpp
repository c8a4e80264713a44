#include "engine/wake_signal.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace tl::engine {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t), "a futex word");

void WakeSignal::notify() {
  seq_.fetch_add(1, std::memory_order_acq_rel);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&seq_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

void WakeSignal::waitFor(uint32_t seen, uint32_t timeoutMs) {
  timespec timeout{};
  timeout.tv_sec = timeoutMs / 1000;
  timeout.tv_nsec = static_cast<long>(timeoutMs % 1000) * 1000000L;
  // Returns at once (EAGAIN) when the word no longer holds `seen`.
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&seq_), FUTEX_WAIT_PRIVATE, seen, &timeout, nullptr, 0);
}

}  // namespace tl::engine
