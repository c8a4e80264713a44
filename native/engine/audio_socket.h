// A channel's audio on a Unix socket, so that any external program (a soft
// modem, a fax program, a speech tool) can be the party on that channel.
//
// Wire format: a SOCK_STREAM socket carrying raw companded audio (A-law on E1)
// in frames of one tick (160 bytes for 20 ms), both ways. Each tick the engine
// writes the frame the channel received (what the program "hears"), then reads
// one frame back (what the program "says"), which the channel transmits.
//
// Pacing: on a real-time clock the exchange never blocks -- a frame the program
// has not sent in time is silence, and a frame it cannot take is dropped. When
// the virtual card free-runs, the engine waits for the program instead
// (lockstep), so the program sees exactly the same stream as in real time, only
// faster. A program that stays silent for kLockstepTimeoutMs of wall time is
// disconnected.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tl::engine {

class AudioSocket {
 public:
  enum class State : uint8_t { Listening, Connected, Closed };

  static constexpr int kAcceptTimeoutMs = 30000;
  static constexpr int kLockstepTimeoutMs = 10000;

  // cancel: when it becomes true, any wait ends (the engine is stopping).
  explicit AudioSocket(const std::atomic<bool>* cancel) : cancel_(cancel) {}
  ~AudioSocket();
  AudioSocket(const AudioSocket&) = delete;
  AudioSocket& operator=(const AudioSocket&) = delete;

  // Creates the listening socket at path (replacing a stale socket file).
  bool listen(const std::string& path, std::string* error);

  // One tick. `heard` is the frame to send; on return `said` holds the frame to
  // transmit (silence if none arrived). Returns the state after the exchange.
  State exchange(const uint8_t* heard, uint8_t* said, size_t n, bool lockstep, uint8_t silence);

  State state() const { return state_; }
  const std::string& path() const { return path_; }
  const std::string& closeReason() const { return closeReason_; }
  uint64_t framesLost() const { return lost_; }

  void close(const char* reason);

 private:
  bool accept(bool wait);
  bool writeAll(const uint8_t* data, size_t n, bool wait);
  bool readFrame(uint8_t* out, size_t n, bool wait);
  // poll() in short slices so that a stopping engine is never held up.
  bool waitFor(int fd, short events, int timeoutMs);

  const std::atomic<bool>* cancel_;
  int listenFd_ = -1;
  int fd_ = -1;
  State state_ = State::Closed;
  std::string path_;
  std::string closeReason_;
  std::vector<uint8_t> partial_;
  uint64_t lost_ = 0;
};

}  // namespace tl::engine
