// DTMF generator: fixed queue of digits, played sample-exact (see the header).
#include "dsp/dtmf_generator.h"

#include <algorithm>
#include <cmath>

#include "dsp/level.h"

namespace tl::dsp {
namespace {

constexpr double kLow[4] = {697, 770, 852, 941};
constexpr double kHigh[4] = {1209, 1336, 1477, 1633};

// Row and column of a digit on the keypad, or false if it is not one.
bool keypadPosition(char c, int* row, int* col) {
  static constexpr char kPad[4][5] = {"123A", "456B", "789C", "*0#D"};
  if (c >= 'a' && c <= 'd') c = static_cast<char>(c - 'a' + 'A');
  for (int r = 0; r < 4; ++r) {
    for (int k = 0; k < 4; ++k) {
      if (kPad[r][k] == c) {
        *row = r;
        *col = k;
        return true;
      }
    }
  }
  return false;
}

uint32_t msToSamples(uint32_t ms) { return ms * 8; }

}  // namespace

bool isValidDtmfString(std::string_view digits) {
  int r;
  int c;
  return std::all_of(digits.begin(), digits.end(),
                     [&](char ch) { return ch == ',' || keypadPosition(ch, &r, &c); });
}

DtmfGenerator::DtmfGenerator() : items_{} {}

bool DtmfGenerator::queue(std::string_view digits, const DtmfToneParams& params) {
  if (!isValidDtmfString(digits) || digits.size() > kCapacity - count_) return false;
  const auto lowPeak = static_cast<float>(dbm0ToSineAmplitude(params.levelDbm0));
  const auto highPeak = static_cast<float>(dbm0ToSineAmplitude(params.levelDbm0 + params.twistDb));
  for (char ch : digits) {
    Item item{};
    if (ch == ',') {
      item = Item{',', 0, msToSamples(params.pauseMs), 0, 0};
    } else {
      const char upper = ch >= 'a' && ch <= 'd' ? static_cast<char>(ch - 'a' + 'A') : ch;
      item = Item{upper, msToSamples(params.onMs), msToSamples(params.offMs), lowPeak, highPeak};
    }
    items_[(head_ + count_) % kCapacity] = item;
    ++count_;
  }
  return true;
}

bool DtmfGenerator::generate(int16_t* out, size_t n) {
  size_t i = 0;
  while (i < n && count_ > 0) {
    const Item& item = items_[head_];
    if (elapsed_ < item.onSamples) {
      if (elapsed_ == 0) {
        int r = 0;
        int c = 0;
        keypadPosition(item.digit, &r, &c);
        low_.setFrequency(kLow[r]);
        high_.setFrequency(kHigh[c]);
        low_.setAmplitude(item.lowPeak);
        high_.setAmplitude(item.highPeak);
        low_.resetPhase();
        high_.resetPhase();
      }
      const size_t run = std::min({n - i, static_cast<size_t>(item.onSamples - elapsed_), detail::Oscillator::kMaxBlock});
      float v[detail::Oscillator::kMaxBlock];
      low_.render(v, run, false);
      high_.render(v, run, true);
      detail::toSamples(v, out + i, run);
      i += run;
      elapsed_ += static_cast<uint32_t>(run);
    } else {
      const uint32_t total = item.onSamples + item.offSamples;
      const size_t run = std::min<size_t>(n - i, total - elapsed_);
      std::fill(out + i, out + i + run, int16_t{0});
      i += run;
      elapsed_ += static_cast<uint32_t>(run);
    }
    if (elapsed_ >= item.onSamples + item.offSamples) {
      head_ = (head_ + 1) % kCapacity;
      --count_;
      elapsed_ = 0;
    }
  }
  std::fill(out + i, out + n, int16_t{0});
  return count_ > 0;
}

bool DtmfGenerator::active() const { return count_ > 0; }

void DtmfGenerator::clear() {
  head_ = 0;
  count_ = 0;
  elapsed_ = 0;
}

}  // namespace tl::dsp
