#include "card/dahdi/hardware_clock.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace tl::card {

HardwareClock::HardwareClock() : wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

bool HardwareClock::attach(UniqueFd source, short events, Acknowledge acknowledge, std::string* error) {
  if (!wake_.valid()) {
    *error = std::string("could not create the clock's wake-up eventfd: ") + std::strerror(errno);
    return false;
  }
  source_ = std::move(source);
  events_ = events;
  acknowledge_ = std::move(acknowledge);
  return true;
}

void HardwareClock::detach() {
  source_.reset();
  acknowledge_ = nullptr;
}

bool HardwareClock::wait(uint64_t, bool* late) {
  *late = false;
  if (stopped_.load(std::memory_order_acquire) || !source_.valid()) return false;
  pollfd fds[2] = {{source_.get(), events_, 0}, {wake_.get(), POLLIN, 0}};
  for (;;) {
    fds[0].revents = 0;
    fds[1].revents = 0;
    const int r = ::poll(fds, 2, -1);
    if (stopped_.load(std::memory_order_acquire)) return false;
    if (r < 0) {
      if (errno == EINTR) continue;
      sourceFailures_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    if (fds[0].revents & events_) break;
    if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
      sourceFailures_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    // Only the eventfd can be left; stop() sets stopped_ before writing it.
  }
  if (!acknowledge_(source_.get())) {
    sourceFailures_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  // Another expiration already pending: the engine is a tick or more behind.
  pollfd again{source_.get(), events_, 0};
  if (::poll(&again, 1, 0) > 0 && (again.revents & events_)) *late = true;
  return true;
}

void HardwareClock::stop() {
  stopped_.store(true, std::memory_order_release);
  if (wake_.valid()) {
    const uint64_t one = 1;
    // An eventfd write only fails when the counter would overflow, which
    // leaves it readable anyway.
    [[maybe_unused]] const ssize_t n = ::write(wake_.get(), &one, sizeof one);
  }
}

}  // namespace tl::card
