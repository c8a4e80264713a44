#include "card/dahdi/hdlc_channel.h"

#include <cerrno>
#include <cstring>
#include <utility>

namespace tl::card {

HdlcChannel::HdlcChannel(UniqueFd fd, FdIo io, ChannelEvents* events)
    : fd_(std::move(fd)), io_(io), events_(events) {}

ssize_t HdlcChannel::readOnce() {
  ssize_t n = io_.read(fd_.get(), rxBuf_.data(), rxBuf_.size());
  if (n < 0 && errno == kDahdiEventPending && events_) {
    events_->drainEvents(fd_.get());
    n = io_.read(fd_.get(), rxBuf_.data(), rxBuf_.size());
  }
  return n;
}

bool HdlcChannel::readFrame(uint8_t* buf, size_t cap, size_t* len) {
  const ssize_t n = readOnce();
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == kDahdiEventPending) return false;
    // Anything else (EIO after a card error, ENODEV when the span is
    // unregistered) loses whatever frame was there; alarms tell the rest.
    ++counters_.rxReadErrors;
    return false;
  }
  if (n == 0) return false;  // end of file: the far end of a test socket closed
  const auto got = static_cast<size_t>(n);
  *len = 0;
  if (got > kWireBytes) {
    ++counters_.rxOversize;
    return true;
  }
  if (got <= kCrcBytes) {
    ++counters_.rxRunts;
    return true;
  }
  const size_t frame = got - kCrcBytes;
  if (frame > cap) {
    ++counters_.rxOversize;
    return true;
  }
  std::memcpy(buf, rxBuf_.data(), frame);
  *len = frame;
  ++counters_.framesRx;
  return true;
}

bool HdlcChannel::writeFrame(const uint8_t* frame, size_t len) {
  if (len == 0 || len > kMaxFrame) {
    ++counters_.txOversize;
    return false;
  }
  std::memcpy(txBuf_.data(), frame, len);
  txBuf_[len] = 0;  // the CRC: computed by the card, DAHDI only wants room for it
  txBuf_[len + 1] = 0;
  const size_t wire = len + kCrcBytes;
  ssize_t n = io_.write(fd_.get(), txBuf_.data(), wire);
  if (n < 0 && errno == kDahdiEventPending && events_) {
    events_->drainEvents(fd_.get());
    n = io_.write(fd_.get(), txBuf_.data(), wire);
  }
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    ++counters_.txRefused;
    return false;
  }
  if (n != static_cast<ssize_t>(wire)) {
    ++counters_.txWriteErrors;
    return false;
  }
  ++counters_.framesTx;
  return true;
}

}  // namespace tl::card
