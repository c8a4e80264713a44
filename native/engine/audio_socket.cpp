#include "engine/audio_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace tl::engine {

AudioSocket::~AudioSocket() { close("destroyed"); }

bool AudioSocket::listen(const std::string& path, std::string* error) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) {
    *error = "socket path must be 1 to " + std::to_string(sizeof(addr.sun_path) - 1) + " bytes: " + path;
    return false;
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      *error = path + " exists and is not a socket";
      return false;
    }
    ::unlink(path.c_str());
  }
  listenFd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listenFd_ < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listenFd_, 1) != 0) {
    *error = path + ": " + std::strerror(errno);
    ::close(listenFd_);
    listenFd_ = -1;
    return false;
  }
  path_ = path;
  state_ = State::Listening;
  return true;
}

bool AudioSocket::accept(bool wait) {
  if (wait) {
    if (!waitFor(listenFd_, POLLIN, kAcceptTimeoutMs)) return false;
  }
  const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return false;
  fd_ = fd;
  state_ = State::Connected;
  ::close(listenFd_);
  listenFd_ = -1;
  ::unlink(path_.c_str());  // one program per channel: nobody else may connect
  return true;
}

bool AudioSocket::writeAll(const uint8_t* data, size_t n, bool wait) {
  size_t done = 0;
  while (done < n) {
    const ssize_t w = ::send(fd_, data + done, n - done, MSG_NOSIGNAL);
    if (w > 0) {
      done += static_cast<size_t>(w);
      continue;
    }
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait) {
        ++lost_;
        return true;  // real time: drop what does not fit
      }
      if (!waitFor(fd_, POLLOUT, kLockstepTimeoutMs)) return false;
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    return false;
  }
  return true;
}

bool AudioSocket::readFrame(uint8_t* out, size_t n, bool wait) {
  while (partial_.size() < n) {
    uint8_t buf[4096];
    const ssize_t r = ::recv(fd_, buf, sizeof buf < n * 4 ? sizeof buf : n * 4, 0);
    if (r > 0) {
      partial_.insert(partial_.end(), buf, buf + r);
      continue;
    }
    if (r == 0) return false;  // the program closed the socket
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
    if (!wait) return true;  // real time: nothing this tick
    if (!waitFor(fd_, POLLIN, kLockstepTimeoutMs)) {
      closeReason_ = "the program sent no audio for 10 s";
      return false;
    }
  }
  std::memcpy(out, partial_.data(), n);
  partial_.erase(partial_.begin(), partial_.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

AudioSocket::State AudioSocket::exchange(const uint8_t* heard, uint8_t* said, size_t n, bool lockstep, uint8_t silence) {
  std::memset(said, silence, n);
  if (state_ == State::Listening && !accept(lockstep)) {
    if (lockstep) close("no program connected within 30 s");
    return state_;
  }
  if (state_ != State::Connected) return state_;
  if (!writeAll(heard, n, lockstep)) {
    close("the program stopped reading");
    return state_;
  }
  const size_t before = partial_.size();
  if (!readFrame(said, n, lockstep)) {
    close(closeReason_.empty() ? "the program closed the socket" : closeReason_.c_str());
    return state_;
  }
  if (!lockstep && partial_.size() == before && before < n) ++lost_;
  return state_;
}

bool AudioSocket::waitFor(int fd, short events, int timeoutMs) {
  for (int waited = 0; waited < timeoutMs; waited += 100) {
    if (cancel_ && cancel_->load(std::memory_order_acquire)) return false;
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, 100);
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
  return false;
}

void AudioSocket::close(const char* reason) {
  if (state_ == State::Closed && fd_ < 0 && listenFd_ < 0) return;
  if (closeReason_.empty()) closeReason_ = reason;
  if (fd_ >= 0) ::close(fd_);
  if (listenFd_ >= 0) {
    ::close(listenFd_);
    ::unlink(path_.c_str());
  }
  fd_ = listenFd_ = -1;
  state_ = State::Closed;
}

}  // namespace tl::engine
