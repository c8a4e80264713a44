// B-channel block I/O over socketpairs standing in for DAHDI channels
// (SOCK_SEQPACKET keeps block boundaries, as DAHDI's read() does): full
// blocks pass through, missing/short/failed reads become silence and are
// counted, a full transmit queue refuses blocks instead of blocking.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "card/dahdi/block_channel.h"
#include "dahdi_tap.h"
#include "dsp/g711.h"

using namespace tl::card;

namespace {

constexpr size_t kBlock = 160;

struct Pair {
  UniqueFd ours;
  UniqueFd far;
};

Pair seqpacketPair(int sndbuf = 0) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) return {};
  fcntl(sv[0], F_SETFL, O_NONBLOCK);
  fcntl(sv[1], F_SETFL, O_NONBLOCK);
  if (sndbuf) setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  return {UniqueFd(sv[0]), UniqueFd(sv[1])};
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7);
  return v;
}

void send(int fd, const std::vector<uint8_t>& data) {
  [[maybe_unused]] ssize_t n = ::write(fd, data.data(), data.size());
}

std::vector<uint8_t> take(int fd) {
  std::vector<uint8_t> buf(4096);
  const ssize_t n = ::read(fd, buf.data(), buf.size());
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

bool allAre(const uint8_t* p, size_t n, uint8_t v) {
  return std::all_of(p, p + n, [v](uint8_t b) { return b == v; });
}

class RecordingEvents : public ChannelEvents {
 public:
  void drainEvents(int fd) override { drained.push_back(fd); }
  std::vector<int> drained;
};

int gPendingReads = 0;
ssize_t readWithPendingEvent(int fd, void* buf, size_t n) {
  if (gPendingReads > 0) {
    --gPendingReads;
    errno = kDahdiEventPending;
    return -1;
  }
  return ::read(fd, buf, n);
}
ssize_t readFailsEio(int, void*, size_t) {
  errno = EIO;
  return -1;
}
ssize_t writeFailsEio(int, const void*, size_t) {
  errno = EIO;
  return -1;
}
ssize_t writeTakesHalf(int fd, const void* buf, size_t n) { return ::write(fd, buf, n / 2); }

}  // namespace

int main() {
  Tap tap;
  std::vector<uint8_t> out(kBlock, 0x00);

  {
    Pair p = seqpacketPair();
    const int far = p.far.get();
    BlockChannel ch(std::move(p.ours), kBlock, tl::dsp::kAlawSilence, FdIo{}, nullptr);

    const auto block = pattern(kBlock, 3);
    send(far, block);
    ch.receive(out.data());
    tap.check("a full block is received byte for byte", out == block && ch.counters().blocksRx == 1);

    ch.receive(out.data());
    tap.check("no block ready (EAGAIN): a block of A-law silence, counted",
              allAre(out.data(), kBlock, tl::dsp::kAlawSilence) && ch.counters().rxMissing == 1);

    const auto part = pattern(100, 9);
    send(far, part);
    ch.receive(out.data());
    tap.check("a short read keeps what came and pads with silence, counted",
              std::equal(part.begin(), part.end(), out.begin()) &&
                  allAre(out.data() + 100, kBlock - 100, tl::dsp::kAlawSilence) && ch.counters().rxShort == 1);

    send(far, pattern(kBlock, 1));
    send(far, pattern(kBlock, 2));
    ch.receive(out.data());
    const bool first = out == pattern(kBlock, 1);
    ch.receive(out.data());
    tap.check("two queued blocks are read one per tick, in order", first && out == pattern(kBlock, 2));

    const auto tx = pattern(kBlock, 5);
    ch.transmit(tx.data());
    tap.check("transmit queues exactly one block", take(far) == tx && ch.counters().blocksTx == 1);

    ch.prime();
    ch.transmit(tx.data());
    const auto primed = take(far);
    tap.check("prime() queues one block of silence ahead of the audio",
              primed.size() == kBlock && allAre(primed.data(), kBlock, tl::dsp::kAlawSilence) && take(far) == tx);

    p.far.reset();  // the "driver" goes away
    ch.receive(out.data());
    tap.check("end of file (the channel went away): silence, counted as an error",
              allAre(out.data(), kBlock, tl::dsp::kAlawSilence) && ch.counters().rxErrors == 1);
  }

  {
    Pair p = seqpacketPair();
    const int far = p.far.get();
    BlockChannel ch(std::move(p.ours), kBlock, tl::dsp::kUlawSilence, FdIo{}, nullptr);
    std::fill(out.begin(), out.end(), 0x12);
    ch.receive(out.data());
    send(far, pattern(40, 1));
    std::vector<uint8_t> second(kBlock, 0x12);
    ch.receive(second.data());
    tap.check("a mu-law channel fills with mu-law silence",
              allAre(out.data(), kBlock, tl::dsp::kUlawSilence) &&
                  allAre(second.data() + 40, kBlock - 40, tl::dsp::kUlawSilence));
  }

  {
    Pair p = seqpacketPair();
    const int far = p.far.get();
    BlockChannel ch(std::move(p.ours), kBlock, tl::dsp::kAlawSilence, FdIo{}, nullptr);
    send(far, pattern(kBlock, 1));
    send(far, pattern(kBlock, 2));
    send(far, pattern(kBlock, 3));
    ch.catchUp(out.data());
    tap.check("catchUp() keeps the newest of the blocks that piled up and counts the skipped ones",
              out == pattern(kBlock, 3) && ch.counters().rxDiscarded == 2 && ch.counters().blocksRx == 1);
    send(far, pattern(kBlock, 4));
    send(far, pattern(kBlock, 5));
    ch.receive(out.data());
    tap.check("after catching up, receive() goes back to one block per tick", out == pattern(kBlock, 4));
    ch.receive(out.data());
    ch.catchUp(out.data());
    tap.check("catchUp() with nothing waiting: silence, counted as missing",
              allAre(out.data(), kBlock, tl::dsp::kAlawSilence) && ch.counters().rxMissing == 1);
    send(far, pattern(kBlock, 6));
    send(far, pattern(30, 7));
    ch.catchUp(out.data());
    tap.check("catchUp() ending on a short block keeps it, padded with silence",
              std::equal(out.begin(), out.begin() + 30, pattern(30, 7).begin()) &&
                  allAre(out.data() + 30, kBlock - 30, tl::dsp::kAlawSilence) && ch.counters().rxShort == 1 &&
                  ch.counters().rxDiscarded == 3);
  }

  {
    Pair p = seqpacketPair(4096);
    BlockChannel ch(std::move(p.ours), kBlock, tl::dsp::kAlawSilence, FdIo{}, nullptr);
    const auto tx = pattern(kBlock, 8);
    int rounds = 0;
    while (ch.counters().txRefused == 0 && rounds < 100000) {
      ch.transmit(tx.data());
      ++rounds;
    }
    tap.check("a full transmit queue refuses the block (EAGAIN) and counts it, without blocking",
              ch.counters().txRefused == 1 && ch.counters().blocksTx > 0 && ch.counters().txErrors == 0,
              "rounds " + std::to_string(rounds));
  }

  {
    Pair p = seqpacketPair();
    const int far = p.far.get();
    const int ours = p.ours.get();
    RecordingEvents events;
    FdIo io;
    io.read = &readWithPendingEvent;
    BlockChannel ch(std::move(p.ours), kBlock, tl::dsp::kAlawSilence, io, &events);
    const auto block = pattern(kBlock, 4);
    send(far, block);
    gPendingReads = 1;
    ch.receive(out.data());
    tap.check("an event pending on the channel (ELAST): drained, then the block is read",
              out == block && events.drained == std::vector<int>{ours} && ch.counters().blocksRx == 1);
  }

  {
    Pair p = seqpacketPair();
    FdIo io;
    io.read = &readFailsEio;
    io.write = &writeFailsEio;
    BlockChannel failing(std::move(p.ours), kBlock, tl::dsp::kAlawSilence, io, nullptr);
    std::fill(out.begin(), out.end(), 0x12);
    failing.receive(out.data());
    failing.transmit(out.data());
    tap.check("read and write errors: silence in, block dropped, both counted",
              allAre(out.data(), kBlock, tl::dsp::kAlawSilence) && failing.counters().rxErrors == 1 &&
                  failing.counters().txErrors == 1);

    Pair q = seqpacketPair();
    FdIo halfIo;
    halfIo.write = &writeTakesHalf;
    BlockChannel half(std::move(q.ours), kBlock, tl::dsp::kAlawSilence, halfIo, nullptr);
    half.transmit(pattern(kBlock, 1).data());
    tap.check("a partial write is counted", half.counters().txShort == 1 && half.counters().blocksTx == 0);
  }
  return tap.done();
}
