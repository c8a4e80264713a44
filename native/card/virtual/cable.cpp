#include "card/virtual/cable.h"

#include <cmath>
#include <cstring>

#include "dsp/g711.h"
#include "dsp/level.h"
#include "dsp/mix.h"

namespace tl::card {

Cable::Cable(VirtualSpan* a, VirtualSpan* b, uint32_t tickSamples, uint64_t seed)
    : a_(a), b_(b), n_(tickSamples), rng_(seed ? seed : 0x9E3779B97F4A7C15ull), scratch_(tickSamples) {}

void Cable::pull() {
  pulled_ = true;
  a_->setAlarms(kAlarmRed | kAlarmLos);
  b_->setAlarms(kAlarmRed | kAlarmLos);
}

void Cable::restore() {
  pulled_ = false;
  a_->setAlarms(kAlarmNone);
  b_->setAlarms(kAlarmNone);
}

void Cable::setNoise(double dbm0) {
  noiseOn_ = !std::isnan(dbm0);
  noiseRms_ = noiseOn_ ? dsp::dbm0ToRms(dbm0) : 0;
}

void Cable::setEcho(uint32_t delayMs, double lossDb) {
  echoOn_ = !std::isnan(lossDb);
  echoDelay_ = delayMs * 8;
  echoGain_ = echoOn_ ? static_cast<float>(std::pow(10.0, -lossDb / 20.0)) : 0.0f;
  const size_t length = echoDelay_ + n_;
  echoA_.assign(kE1Timeslots, std::vector<int16_t>(length, 0));
  echoB_.assign(kE1Timeslots, std::vector<int16_t>(length, 0));
  echoPos_ = 0;
}

void Cable::slip(int side, int amount) {
  Direction& dir = side == 0 ? ab_ : ba_;
  dir.pendingSlip += amount > 0 ? 1 : -1;
}

double Cable::gaussian() {
  // xorshift64* + Box-Muller: deterministic for a given seed.
  auto next = [this] {
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return static_cast<double>((rng_ * 2685821657736338717ull) >> 11) * (1.0 / 9007199254740992.0);
  };
  double u1 = next();
  if (u1 < 1e-300) u1 = 1e-300;
  const double u2 = next();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

void Cable::move(VirtualSpan* from, VirtualSpan* to, Direction& dir) {
  const int slip = dir.pendingSlip > 0 ? 1 : dir.pendingSlip < 0 ? -1 : 0;
  if (slip) {
    dir.pendingSlip -= slip;
    to->reportSlip(slip);
  }
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    if (!isBChannel(ts)) continue;
    const uint8_t* src = from->txBuffer(ts);
    uint8_t* dst = to->rxBuffer(ts);
    auto& carry = dir.carry[static_cast<size_t>(ts)];
    if (carry.empty() && slip == 0) {
      std::memcpy(dst, src, n_);  // nothing owed and no slip: this tick as sent
    } else {
      // The stream for this tick: what was owed from before, then this tick.
      std::vector<uint8_t>& stream = carry;
      stream.insert(stream.end(), src, src + n_);
      if (slip > 0) {
        stream.insert(stream.begin(), stream.front());  // repeat one sample
      } else if (slip < 0) {
        stream.erase(stream.begin());                   // delete one sample
        if (stream.size() < n_) stream.push_back(stream.back());
      }
      std::memcpy(dst, stream.data(), n_);
      stream.erase(stream.begin(), stream.begin() + n_);
    }
    if (noiseOn_) {
      dsp::alawDecode(dst, scratch_.data(), n_);
      for (uint32_t i = 0; i < n_; ++i) {
        scratch_[i] = dsp::saturate(scratch_[i] + static_cast<int32_t>(std::lround(gaussian() * noiseRms_)));
      }
      dsp::alawEncode(scratch_.data(), dst, n_);
    }
  }
  FrameQueue& frames = from->outgoingFrames();
  for (; !frames.empty(); frames.pop()) to->deliverFrame(frames.frontData(), frames.frontSize());
}

void Cable::addEcho(VirtualSpan* span, std::vector<std::vector<int16_t>>& lines) {
  const size_t length = lines.empty() ? 0 : lines[1].size();
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    if (!isBChannel(ts)) continue;
    auto& line = lines[static_cast<size_t>(ts)];
    // Store what the span sent this tick, then add what it sent echoDelay_ ago.
    dsp::alawDecode(span->txBuffer(ts), scratch_.data(), n_);
    for (uint32_t i = 0; i < n_; ++i) line[(echoPos_ + echoDelay_ + i) % length] = scratch_[i];
    uint8_t* rx = span->rxBuffer(ts);
    dsp::alawDecode(rx, scratch_.data(), n_);
    for (uint32_t i = 0; i < n_; ++i) {
      const float echo = static_cast<float>(line[(echoPos_ + i) % length]) * echoGain_;
      scratch_[i] = dsp::saturate(scratch_[i] + static_cast<int32_t>(echo));
    }
    dsp::alawEncode(scratch_.data(), rx, n_);
  }
}

void Cable::transfer() {
  if (pulled_) {
    a_->outgoingFrames().clear();
    b_->outgoingFrames().clear();
    return;  // receive buffers were silenced when the alarm was raised
  }
  move(a_, b_, ab_);
  move(b_, a_, ba_);
  if (echoOn_) {
    addEcho(a_, echoA_);
    addEcho(b_, echoB_);
    echoPos_ = (echoPos_ + n_) % echoA_[1].size();
  }
}

}  // namespace tl::card
