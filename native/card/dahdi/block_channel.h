// One B-channel of a DAHDI span: one block of companded audio in and one
// out per engine tick.
//
// The channel's DAHDI block size is set to the tick (DAHDI_SET_BLOCKSIZE =
// tickSamples), so one non-blocking read() returns exactly the block the
// card received, and one write() queues exactly one block for transmission.
// The engine must never stall on a card, so:
//   - receive(): a missing block (EAGAIN) or failed read becomes a block of
//     silence; a short read keeps the bytes that came and pads with silence.
//     Each case is counted.
//   - transmit(): a block the driver cannot take (EAGAIN: its queue is full)
//     is dropped and counted; the call never blocks.
//   - prime(): writes one block of silence ahead of the first real block, so
//     the driver's transmit queue holds a block of slack and a tick that
//     runs a little late does not underrun the line.
//   - catchUp(): the first receive after opening. Blocks pile up in the
//     driver between opening the channel and the engine's first tick; reading
//     one per tick would keep that backlog as delay for good, so the first
//     tick reads them all and keeps the newest.
//
// The descriptor is a non-blocking DAHDI channel in production and a pipe
// or socketpair in the native tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "card/dahdi/fd_io.h"

namespace tl::card {

class BlockChannel {
 public:
  struct Counters {
    uint64_t blocksRx = 0;     // full blocks received
    uint64_t rxMissing = 0;    // no block ready (EAGAIN): silence
    uint64_t rxShort = 0;      // fewer bytes than a block: padded with silence
    uint64_t rxErrors = 0;     // read() failed: silence
    uint64_t rxDiscarded = 0;  // stale blocks skipped by catchUp()
    uint64_t blocksTx = 0;     // full blocks queued
    uint64_t txRefused = 0;    // EAGAIN: the driver's queue is full, block dropped
    uint64_t txShort = 0;      // the driver took part of the block
    uint64_t txErrors = 0;     // write() failed
  };

  // events may be null (no DAHDI events on this descriptor).
  BlockChannel(UniqueFd fd, size_t blockBytes, uint8_t silence, FdIo io, ChannelEvents* events);

  int fd() const { return fd_.get(); }

  // Fills out[0..blockBytes) with this tick's received audio.
  void receive(uint8_t* out);
  // Like receive(), but first skips every block but the newest.
  void catchUp(uint8_t* out);
  // Queues block[0..blockBytes) for transmission.
  void transmit(const uint8_t* block);
  // Queues one block of silence (see above).
  void prime();

  const Counters& counters() const { return counters_; }

 private:
  ssize_t readOnce(uint8_t* out);
  ssize_t writeOnce(const uint8_t* block);

  UniqueFd fd_;
  size_t blockBytes_;
  uint8_t silence_;
  FdIo io_;
  ChannelEvents* events_;
  std::vector<uint8_t> silenceBlock_;
  std::vector<uint8_t> scratch_;  // catchUp's look-ahead block
  Counters counters_;
};

}  // namespace tl::card
