#include "engine/pi_mutex.h"

#include <cerrno>
#include <system_error>

namespace tl::engine {

PiMutex::PiMutex() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  // Not every system has priority-inheriting futexes; a plain mutex then.
  if (pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT) != 0) {
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_NONE);
  }
  const int rc = pthread_mutex_init(&mutex_, &attr);
  pthread_mutexattr_destroy(&attr);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "pthread_mutex_init");
}

PiMutex::~PiMutex() { pthread_mutex_destroy(&mutex_); }

void PiMutex::lock() {
  const int rc = pthread_mutex_lock(&mutex_);
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "pthread_mutex_lock");
}

void PiMutex::unlock() { pthread_mutex_unlock(&mutex_); }

bool PiMutex::try_lock() { return pthread_mutex_trylock(&mutex_) == 0; }

}  // namespace tl::engine
