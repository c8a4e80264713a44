#include "card/dahdi/block_channel.h"

#include <cerrno>
#include <cstring>
#include <utility>

namespace tl::card {

BlockChannel::BlockChannel(UniqueFd fd, size_t blockBytes, uint8_t silence, FdIo io, ChannelEvents* events)
    : fd_(std::move(fd)),
      blockBytes_(blockBytes),
      silence_(silence),
      io_(io),
      events_(events),
      silenceBlock_(blockBytes, silence),
      scratch_(blockBytes) {}

// DAHDI refuses I/O while an event is queued on the channel (alarms reach
// every channel of the span this way): drain the events, then try once more.
ssize_t BlockChannel::readOnce(uint8_t* out) {
  ssize_t n = io_.read(fd_.get(), out, blockBytes_);
  if (n < 0 && errno == kDahdiEventPending && events_) {
    events_->drainEvents(fd_.get());
    n = io_.read(fd_.get(), out, blockBytes_);
  }
  return n;
}

ssize_t BlockChannel::writeOnce(const uint8_t* block) {
  ssize_t n = io_.write(fd_.get(), block, blockBytes_);
  if (n < 0 && errno == kDahdiEventPending && events_) {
    events_->drainEvents(fd_.get());
    n = io_.write(fd_.get(), block, blockBytes_);
  }
  return n;
}

void BlockChannel::receive(uint8_t* out) {
  const ssize_t n = readOnce(out);
  if (n == static_cast<ssize_t>(blockBytes_)) {
    ++counters_.blocksRx;
    return;
  }
  if (n > 0) {
    ++counters_.rxShort;
    std::memset(out + n, silence_, blockBytes_ - static_cast<size_t>(n));
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    ++counters_.rxMissing;
  } else {
    ++counters_.rxErrors;  // includes n == 0: the channel went away
  }
  std::memset(out, silence_, blockBytes_);
}

void BlockChannel::catchUp(uint8_t* out) {
  // The driver holds a few blocks (DAHDI_SET_BUFINFO); the bound only guards
  // against a descriptor that never runs dry.
  constexpr int kMaxReads = 64;
  size_t got = 0;  // bytes of the newest block, already in out
  int lastErrno = 0;
  for (int i = 0; i < kMaxReads; ++i) {
    const ssize_t n = readOnce(scratch_.data());
    if (n <= 0) {
      lastErrno = n < 0 ? errno : 0;
      break;
    }
    if (got > 0) ++counters_.rxDiscarded;
    got = static_cast<size_t>(n);
    std::memcpy(out, scratch_.data(), got);
  }
  if (got == blockBytes_) {
    ++counters_.blocksRx;
    return;
  }
  if (got > 0) {
    ++counters_.rxShort;
  } else if (lastErrno == EAGAIN || lastErrno == EWOULDBLOCK) {
    ++counters_.rxMissing;
  } else {
    ++counters_.rxErrors;
  }
  std::memset(out + got, silence_, blockBytes_ - got);
}

void BlockChannel::transmit(const uint8_t* block) {
  const ssize_t n = writeOnce(block);
  if (n == static_cast<ssize_t>(blockBytes_)) {
    ++counters_.blocksTx;
  } else if (n >= 0) {
    ++counters_.txShort;
  } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
    ++counters_.txRefused;
  } else {
    ++counters_.txErrors;
  }
}

void BlockChannel::prime() { transmit(silenceBlock_.data()); }

}  // namespace tl::card
