// The D-channel's frame handling over a socketpair(AF_UNIX, SOCK_SEQPACKET)
// standing in for a DAHDI hardhdlc channel: the far end plays DAHDI,
// delivering frame + 2 CRC bytes and expecting frame + 2 on write.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "card/dahdi/hdlc_channel.h"
#include "dahdi_tap.h"

using namespace tl::card;

namespace {

struct Pair {
  UniqueFd ours;  // handed to the HdlcChannel
  UniqueFd far;   // the "driver" side, used by the test
};

Pair seqpacketPair(int sndbuf = 0) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) return {};
  fcntl(sv[0], F_SETFL, O_NONBLOCK);
  fcntl(sv[1], F_SETFL, O_NONBLOCK);
  if (sndbuf) setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  return {UniqueFd(sv[0]), UniqueFd(sv[1])};
}

std::vector<uint8_t> bytes(std::initializer_list<int> list) {
  std::vector<uint8_t> out;
  for (int b : list) out.push_back(static_cast<uint8_t>(b));
  return out;
}

// The far end sends frame followed by two CRC bytes, as DAHDI delivers it.
void deliver(int fd, const std::vector<uint8_t>& frame) {
  std::vector<uint8_t> wire = frame;
  wire.push_back(0xAB);
  wire.push_back(0xCD);
  [[maybe_unused]] ssize_t n = ::write(fd, wire.data(), wire.size());
}

void deliverRaw(int fd, size_t len) {
  std::vector<uint8_t> wire(len, 0x7E);
  [[maybe_unused]] ssize_t n = ::write(fd, wire.data(), wire.size());
}

std::vector<uint8_t> receiveWire(int fd) {
  std::vector<uint8_t> buf(4096);
  const ssize_t n = ::read(fd, buf.data(), buf.size());
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

class RecordingEvents : public ChannelEvents {
 public:
  void drainEvents(int fd) override { drained.push_back(fd); }
  std::vector<int> drained;
};

// DAHDI refuses I/O with ELAST while an event is queued; a socket cannot,
// so these stand-ins fail the first `pending` calls that way.
int gPendingReads = 0;
int gPendingWrites = 0;
ssize_t readWithPendingEvent(int fd, void* buf, size_t n) {
  if (gPendingReads > 0) {
    --gPendingReads;
    errno = kDahdiEventPending;
    return -1;
  }
  return ::read(fd, buf, n);
}
ssize_t writeWithPendingEvent(int fd, const void* buf, size_t n) {
  if (gPendingWrites > 0) {
    --gPendingWrites;
    errno = kDahdiEventPending;
    return -1;
  }
  return ::write(fd, buf, n);
}
ssize_t readFailsEio(int, void*, size_t) {
  errno = EIO;
  return -1;
}

}  // namespace

int main() {
  Tap tap;
  uint8_t buf[512];
  size_t len = 99;

  {
    Pair p = seqpacketPair();
    const int far = p.far.get();
    HdlcChannel d(std::move(p.ours), FdIo{}, nullptr);

    tap.check("nothing waiting: readFrame is false", !d.readFrame(buf, sizeof buf, &len));

    const auto sabme = bytes({0x00, 0x01, 0x7F});
    deliver(far, sabme);
    const bool got = d.readFrame(buf, sizeof buf, &len);
    tap.check("a frame arrives without its two CRC bytes",
              got && len == 3 && std::memcmp(buf, sabme.data(), 3) == 0, "len " + std::to_string(len));

    deliver(far, bytes({1, 2, 3, 4}));
    deliver(far, bytes({5}));
    const bool a = d.readFrame(buf, sizeof buf, &len) && len == 4 && buf[0] == 1 && buf[3] == 4;
    const bool b = d.readFrame(buf, sizeof buf, &len) && len == 1 && buf[0] == 5;
    tap.check("frames keep their boundaries and order", a && b && !d.readFrame(buf, sizeof buf, &len));

    deliver(far, std::vector<uint8_t>(100, 0x55));
    deliver(far, bytes({9, 9}));
    const bool big = d.readFrame(buf, 50, &len);
    tap.check("a frame longer than the caller's buffer is dropped: true with len 0, counted",
              big && len == 0 && d.counters().rxOversize == 1);
    tap.check("the next frame is still delivered", d.readFrame(buf, sizeof buf, &len) && len == 2 && buf[0] == 9);

    deliverRaw(far, HdlcChannel::kWireBytes + 40);
    uint8_t huge[4096];
    tap.check("a frame longer than DAHDI's buffer is dropped even with room for it",
              d.readFrame(huge, sizeof huge, &len) && len == 0 && d.counters().rxOversize == 2);

    deliverRaw(far, 2);
    tap.check("a runt (CRC only) is dropped and counted",
              d.readFrame(buf, sizeof buf, &len) && len == 0 && d.counters().rxRunts == 1);

    deliverRaw(far, HdlcChannel::kWireBytes);
    tap.check("the longest frame DAHDI can carry is delivered",
              d.readFrame(huge, sizeof huge, &len) && len == HdlcChannel::kMaxFrame);

    const auto info = bytes({0x02, 0x01, 0x00, 0x00, 0x08, 0x01});
    tap.check("writeFrame accepts a frame", d.writeFrame(info.data(), info.size()));
    const auto wire = receiveWire(far);
    tap.check("the driver receives the frame plus two CRC bytes",
              wire.size() == info.size() + 2 && std::memcmp(wire.data(), info.data(), info.size()) == 0,
              "wire size " + std::to_string(wire.size()));

    std::vector<uint8_t> longest(HdlcChannel::kMaxFrame, 0x11);
    tap.check("the longest frame is written whole",
              d.writeFrame(longest.data(), longest.size()) && receiveWire(far).size() == HdlcChannel::kWireBytes);
    std::vector<uint8_t> tooLong(HdlcChannel::kMaxFrame + 1, 0x11);
    tap.check("a frame too long for DAHDI's buffer is refused and counted",
              !d.writeFrame(tooLong.data(), tooLong.size()) && d.counters().txOversize == 1 &&
                  receiveWire(far).empty());
    tap.check("an empty frame is refused", !d.writeFrame(info.data(), 0));

    const HdlcChannel::Counters& c = d.counters();
    tap.check("counters: received, sent and dropped frames add up",
              c.framesRx == 5 && c.framesTx == 2 && c.rxDropped() == 3 && c.txDropped() == 2,
              "rx " + std::to_string(c.framesRx) + " tx " + std::to_string(c.framesTx) + " rxDropped " +
                  std::to_string(c.rxDropped()) + " txDropped " + std::to_string(c.txDropped()));
  }

  {
    // Nobody drains the far end: the queue fills and writes are refused
    // (EAGAIN), never blocking the clock thread.
    Pair p = seqpacketPair(4096);
    HdlcChannel d(std::move(p.ours), FdIo{}, nullptr);
    const auto frame = bytes({0x02, 0x01, 0x01, 0x01});
    int accepted = 0;
    bool refused = false;
    for (int i = 0; i < 100000 && !refused; ++i) {
      if (d.writeFrame(frame.data(), frame.size())) {
        ++accepted;
      } else {
        refused = true;
      }
    }
    tap.check("a full transmit queue refuses frames (EAGAIN) instead of blocking",
              refused && accepted > 0 && d.counters().txRefused == 1 && d.counters().txWriteErrors == 0,
              "accepted " + std::to_string(accepted));
  }

  {
    // DAHDI's ELAST: the channel drains the events and tries again.
    Pair p = seqpacketPair();
    const int far = p.far.get();
    const int ours = p.ours.get();
    RecordingEvents events;
    FdIo io;
    io.read = &readWithPendingEvent;
    io.write = &writeWithPendingEvent;
    HdlcChannel d(std::move(p.ours), io, &events);

    deliver(far, bytes({7, 8}));
    gPendingReads = 1;
    const bool got = d.readFrame(buf, sizeof buf, &len);
    tap.check("read with an event pending: events drained on this fd, then the frame is read",
              got && len == 2 && buf[0] == 7 && events.drained == std::vector<int>{ours});

    gPendingWrites = 1;
    const auto frame = bytes({1, 2, 3});
    const bool sent = d.writeFrame(frame.data(), frame.size());
    tap.check("write with an event pending: events drained, then the frame is written",
              sent && events.drained.size() == 2 && receiveWire(far).size() == 5);

    deliver(far, bytes({4}));
    gPendingReads = 2;  // still pending after the drain
    const bool stuck = d.readFrame(buf, sizeof buf, &len);
    tap.check("an event that stays pending: no frame this time, nothing counted as lost",
              !stuck && d.counters().rxDropped() == 0);
    tap.check("... and the frame comes on the next call", d.readFrame(buf, sizeof buf, &len) && len == 1 && buf[0] == 4);
  }

  {
    Pair p = seqpacketPair();
    FdIo io;
    io.read = &readFailsEio;
    HdlcChannel d(std::move(p.ours), io, nullptr);
    tap.check("a read error is counted and reads as no frame",
              !d.readFrame(buf, sizeof buf, &len) && d.counters().rxReadErrors == 1);
    d.countReceiveError();
    tap.check("HDLC errors reported as DAHDI events count as dropped frames", d.counters().rxDropped() == 2);
  }
  return tap.done();
}
