// A mutex with priority inheritance, for the locks the real-time clock thread
// shares with ordinary threads (JavaScript's, the I/O thread). With a plain
// mutex, a holder that the scheduler takes off the CPU on a busy machine
// keeps the clock thread waiting until it runs again -- tens to hundreds of
// milliseconds under load, so ticks are missed. With priority inheritance the
// holder runs at the waiting clock thread's priority until it lets go.
// Meets the standard Lockable requirements (std::lock_guard, unique_lock,
// condition_variable_any).
#pragma once

#include <pthread.h>

namespace tl::engine {

class PiMutex {
 public:
  PiMutex();
  ~PiMutex();
  PiMutex(const PiMutex&) = delete;
  PiMutex& operator=(const PiMutex&) = delete;

  void lock();
  void unlock();
  bool try_lock();

 private:
  pthread_mutex_t mutex_;
};

}  // namespace tl::engine
