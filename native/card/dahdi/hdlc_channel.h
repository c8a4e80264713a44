// The D-channel (timeslot 16) of a DAHDI span, opened as "hardhdlc".
//
// DAHDI moves whole HDLC frames through read() and write(), one frame per
// call, with the frame check sequence in place: read() returns the frame
// followed by its two CRC bytes, and write() takes the frame followed by two
// spare bytes that the card or driver fills in. The driver contract (and
// libpri on top of it) deals in frames without the CRC, so this class strips
// two bytes on the way in and appends two on the way out.
//
// It takes an open, non-blocking descriptor: in production a DAHDI channel,
// in the native tests one end of a socketpair(AF_UNIX, SOCK_SEQPACKET), which
// keeps message boundaries the way DAHDI does.
//
// Every frame that cannot be delivered is counted, by reason:
//   receive: longer than the caller's buffer or than DAHDI's buffer
//            (oversize), shorter than the CRC plus one byte (runt), read()
//            errors, and HDLC errors DAHDI reports as events (abort, bad
//            FCS, overrun; see countReceiveError);
//   transmit: longer than DAHDI's buffer (oversize), the driver's queue full
//            (EAGAIN: refused, never blocks), partial or failed write().
// Nothing here allocates after construction; it runs on the clock thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "card/dahdi/fd_io.h"

namespace tl::card {

class HdlcChannel {
 public:
  static constexpr size_t kCrcBytes = 2;
  // Buffer size configured on the DAHDI D-channel (DAHDI_SET_BUFINFO):
  // the largest frame on the wire, CRC included. Q.921 frames are far
  // smaller (N201 = 260 octets of information).
  static constexpr size_t kWireBytes = 1024;
  static constexpr size_t kMaxFrame = kWireBytes - kCrcBytes;

  struct Counters {
    uint64_t framesRx = 0;
    uint64_t framesTx = 0;
    uint64_t rxOversize = 0;
    uint64_t rxRunts = 0;
    uint64_t rxReadErrors = 0;
    uint64_t rxHdlcErrors = 0;  // abort / bad FCS / overrun events
    uint64_t txOversize = 0;
    uint64_t txRefused = 0;     // EAGAIN: the driver's transmit queue is full
    uint64_t txWriteErrors = 0;  // failed or partial write()
    uint64_t rxDropped() const { return rxOversize + rxRunts + rxReadErrors + rxHdlcErrors; }
    uint64_t txDropped() const { return txOversize + txRefused + txWriteErrors; }
  };

  // events may be null (no DAHDI events on this descriptor).
  HdlcChannel(UniqueFd fd, FdIo io, ChannelEvents* events);

  int fd() const { return fd_.get(); }

  // The contract's SpanIo::readFrame: false when no frame is waiting; a
  // frame that does not fit (or is malformed) is dropped, counted, and
  // reported as true with *len = 0 so the caller keeps draining.
  bool readFrame(uint8_t* buf, size_t cap, size_t* len);

  // The contract's SpanIo::writeFrame: false (and counted) when the frame is
  // too long or the driver cannot take it now.
  bool writeFrame(const uint8_t* frame, size_t len);

  // DAHDI reported a receive-side HDLC error as an event.
  void countReceiveError() { ++counters_.rxHdlcErrors; }

  const Counters& counters() const { return counters_; }

 private:
  ssize_t readOnce();

  UniqueFd fd_;
  FdIo io_;
  ChannelEvents* events_;
  // One more byte than the wire allows, so that an over-long frame shows up
  // as a read that filled the whole buffer.
  std::array<uint8_t, kWireBytes + 1> rxBuf_{};
  std::array<uint8_t, kWireBytes> txBuf_{};
  Counters counters_;
};

}  // namespace tl::card
