// File-descriptor plumbing for the DAHDI backend.
//
// UniqueFd owns one descriptor and closes it once. FdIo is the seam through
// which the channel classes read and write: production code uses ::read and
// ::write on DAHDI channel descriptors; the native tests put socketpairs and
// pipes behind the same classes and, where a kernel behaviour cannot be
// provoked on a socket (DAHDI's "event pending" ELAST), swap in functions
// that fail the way DAHDI does.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <utility>

namespace tl::card {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct FdIo {
  ssize_t (*read)(int fd, void* buf, size_t count) = &::read;
  ssize_t (*write)(int fd, const void* buf, size_t count) = &::write;
};

// The errno DAHDI's read() and write() fail with while an event is queued on
// the channel (ELAST in dahdi/user.h; dahdi_device.cpp checks they agree).
inline constexpr int kDahdiEventPending = 500;

// Something that can drain the DAHDI events queued on a descriptor. On
// kDahdiEventPending the channel classes call drainEvents(fd) and retry once.
class ChannelEvents {
 public:
  virtual ~ChannelEvents() = default;
  virtual void drainEvents(int fd) = 0;
};

}  // namespace tl::card
