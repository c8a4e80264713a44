// Audio-socket framing (engine/audio_socket.cpp): an outside program writes
// audio in any slicing it likes -- a byte at a time, several frames at once,
// then hangs up. Whatever it does, each exchange() must hand the channel
// exactly the next whole frame of what the program sent (or silence when a
// whole frame has not arrived, in real time), the program must hear every
// frame the channel gave, in order, and a closed program must close the socket.
//
// Input: the frame size (80 or 160 bytes) from the first byte, then steps:
//   op % 4 == 0  the program writes the next (op / 4 + 1) bytes (1 to 64)
//            1   one real-time exchange
//            2   one lockstep exchange (only when a whole frame is waiting:
//                a lockstep wait for a silent program lasts seconds)
//            3   the program closes its end; one more exchange must close
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "engine/audio_socket.h"
#include "fuzz_file.h"

using tl::engine::AudioSocket;

namespace {

constexpr uint8_t kSilence = 0xD5;  // A-law

int connectTo(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::perror("connect");
    std::abort();
  }
  return fd;
}

// Everything the program can read now.
void drain(int fd, std::vector<uint8_t>* heard) {
  for (;;) {
    uint8_t buf[4096];
    const ssize_t r = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r <= 0) return;
    heard->insert(heard->end(), buf, buf + r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t n = (data[0] & 1) ? 80 : 160;
  static const std::string path = "/tmp/tl-fuzz-audio-" + std::to_string(::getpid()) + ".sock";
  std::atomic<bool> cancel{false};
  AudioSocket socket(&cancel);
  std::string error;
  if (!socket.listen(path, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort();
  }
  int program = connectTo(path);

  std::vector<uint8_t> sent;   // what the program wrote
  size_t taken = 0;            // how much of it the channel has had
  std::vector<uint8_t> gave;   // what the channel handed the program
  std::vector<uint8_t> heard;  // what the program read
  std::vector<uint8_t> frame(n);
  std::vector<uint8_t> said(n);
  uint8_t counter = 0;
  bool closed = false;

  size_t i = 1;
  while (i < size && !closed) {
    const uint8_t op = data[i++];
    switch (op % 4) {
      case 0: {
        size_t len = static_cast<size_t>(op >> 2) + 1;
        if (len > size - i) len = size - i;
        size_t done = 0;
        while (done < len) {
          // Not blocking: many tiny writes fill the socket's buffer (each costs a whole kernel
          // buffer), and a real program would wait there for the channel to read; here the
          // rest of this write is dropped instead, and only what went in is expected.
          const ssize_t w = ::send(program, data + i + done, len - done, MSG_NOSIGNAL | MSG_DONTWAIT);
          if (w > 0) {
            done += static_cast<size_t>(w);
            continue;
          }
          if (w < 0 && errno == EINTR) continue;
          if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          tl::fuzz::violated("the program could not write");
        }
        sent.insert(sent.end(), data + i, data + i + done);
        i += len;
        break;
      }
      case 1:
      case 2: {
        const bool lockstep = op % 4 == 2 && sent.size() - taken >= n;
        for (auto& b : frame) b = counter++;
        const AudioSocket::State state = socket.exchange(frame.data(), said.data(), n, lockstep, kSilence);
        if (state != AudioSocket::State::Connected) tl::fuzz::violated("the socket closed while the program was there");
        gave.insert(gave.end(), frame.begin(), frame.end());
        if (sent.size() - taken >= n) {
          if (std::memcmp(said.data(), sent.data() + taken, n) != 0) tl::fuzz::violated("the channel got other bytes than the next frame sent");
#ifdef TL_FUZZ_CANARY
          // The token, sent by the program, reached the channel through the socket's framing.
          if (tl::fuzz::holdsCanaryToken(sent.data(), taken + n)) tl::fuzz::canaryReached("the channel received the token");
#endif
          taken += n;
        } else {
          for (uint8_t b : said) {
            if (b != kSilence) tl::fuzz::violated("a frame not yet whole was not silence");
          }
        }
        drain(program, &heard);
        break;
      }
      case 3: {
        ::close(program);
        program = -1;
        const AudioSocket::State state = socket.exchange(frame.data(), said.data(), n, false, kSilence);
        if (state != AudioSocket::State::Closed) tl::fuzz::violated("the socket stayed open after the program hung up");
        closed = true;
        break;
      }
    }
  }
  if (program >= 0) {
    drain(program, &heard);
    if (heard != gave) tl::fuzz::violated("the program did not hear exactly the frames the channel gave, in order");
    ::close(program);
  }
  socket.close("done");
  return 0;
}
