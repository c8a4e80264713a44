// A mutex with priority inheritance, for locks that the real-time threads
// (tl-clock, tl-dsp-N) share with threads at normal priority (the JS thread,
// tl-io).
//
// Why: with std::mutex, a real-time thread that finds the lock taken sleeps
// until its holder runs again, and on a loaded machine a normal-priority
// holder may wait many milliseconds for a CPU: the tick misses its deadline
// (priority inversion). With PTHREAD_PRIO_INHERIT the kernel lends the
// waiter's priority to the holder, which then finishes its few instructions
// at once. Without real-time scheduling it behaves like any mutex.
//
// BasicLockable, so std::lock_guard and std::unique_lock work; wait on it
// with std::condition_variable_any.
#pragma once

#include <pthread.h>

#include <cstdlib>

namespace tl::engine {

class PiMutex {
 public:
  PiMutex() {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    // Best effort: a system without PI futexes keeps a plain mutex.
    if (pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT) != 0 ||
        pthread_mutex_init(&mutex_, &attr) != 0) {
      pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_NONE);
      if (pthread_mutex_init(&mutex_, &attr) != 0) std::abort();
    }
    pthread_mutexattr_destroy(&attr);
  }
  ~PiMutex() { pthread_mutex_destroy(&mutex_); }
  PiMutex(const PiMutex&) = delete;
  PiMutex& operator=(const PiMutex&) = delete;

  void lock() { pthread_mutex_lock(&mutex_); }
  bool try_lock() { return pthread_mutex_trylock(&mutex_) == 0; }
  void unlock() { pthread_mutex_unlock(&mutex_); }

 private:
  pthread_mutex_t mutex_;
};

}  // namespace tl::engine
