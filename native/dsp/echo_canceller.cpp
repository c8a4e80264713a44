// Echo canceller: speexdsp MDF plus a G.164/G.165 2100 Hz tone disabler
// (see echo_canceller.h).
#include "dsp/echo_canceller.h"

#include <algorithm>

#include <speex/speex_echo.h>

namespace tl::dsp {
namespace {
constexpr double kDisablerHz = 2100.0;
constexpr double kDisablerDbm0 = -33.0;
constexpr uint32_t kDisablerMs = 300;
}  // namespace

EchoCanceller::EchoCanceller(size_t frameSamples, uint32_t tailMs)
    : frame_(frameSamples),
      receivedTone_(kDisablerHz, kDisablerDbm0, kDisablerMs),
      sentTone_(kDisablerHz, kDisablerDbm0, kDisablerMs),
      scratch_(new int16_t[frameSamples]) {
  state_ = speex_echo_state_init(static_cast<int>(frameSamples), static_cast<int>(tailMs * 8));
  int rate = 8000;
  speex_echo_ctl(state_, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
}

EchoCanceller::~EchoCanceller() {
  if (state_ != nullptr) speex_echo_state_destroy(state_);
}

void EchoCanceller::process(const int16_t* received, const int16_t* sent, int16_t* out) {
  if (enabled_ && !bypassed_) {
    // Both followers run every block so neither misses part of a tone.
    const bool rx = receivedTone_.process(received, frame_);
    const bool tx = sentTone_.process(sent, frame_);
    if (rx || tx) bypassed_ = true;
  }
  if (!enabled_ || bypassed_) {
    if (out != received) std::copy(received, received + frame_, out);
    return;
  }
  if (out == received) {
    speex_echo_cancellation(state_, received, sent, scratch_.get());
    std::copy(scratch_.get(), scratch_.get() + frame_, out);
  } else {
    speex_echo_cancellation(state_, received, sent, out);
  }
}

void EchoCanceller::enable(bool on) {
  enabled_ = on;
  if (on) {
    bypassed_ = false;
    receivedTone_.reset();
    sentTone_.reset();
  }
}

void EchoCanceller::reset() {
  speex_echo_state_reset(state_);
  bypassed_ = false;
  receivedTone_.reset();
  sentTone_.reset();
}

}  // namespace tl::dsp
