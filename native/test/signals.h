// Test signals for the native DSP tests: tones at exact frequencies and
// levels, cadences, white noise from a fixed seed, the A-law channel, and
// a frequency/cadence meter. Built in double precision, independently of the
// generators under test, so the tests do not check the code against itself.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "dsp/g711.h"
#include "dsp/level.h"
#include "dsp/mix.h"

namespace tl::test {

// Signal under construction, in linear units of our 16-bit scale.
using Signal = std::vector<double>;

inline double msToSamples(double ms) { return ms * 8.0; }

// Adds a sine of the given frequency and level over [start, start+len).
inline void addTone(Signal& s, size_t start, size_t len, double hz, double dbm0, double phase = 0) {
  if (s.size() < start + len) s.resize(start + len, 0.0);
  const double a = dsp::dbm0ToSineAmplitude(dbm0);
  for (size_t i = 0; i < len; ++i) {
    s[start + i] += a * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / 8000.0 + phase);
  }
}

inline void addSilence(Signal& s, size_t len) { s.resize(s.size() + len, 0.0); }

// White Gaussian noise at the given level over the whole signal.
inline void addNoise(Signal& s, double dbm0, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> g(0.0, dsp::dbm0ToRms(dbm0));
  for (double& v : s) v += g(rng);
}

inline std::vector<int16_t> toPcm(const Signal& s) {
  std::vector<int16_t> out(s.size());
  for (size_t i = 0; i < s.size(); ++i) out[i] = dsp::saturate(static_cast<int32_t>(std::lrint(s[i])));
  return out;
}

// Through an A-law channel: encode and decode, as an E1 timeslot would.
inline std::vector<int16_t> alawChannel(const std::vector<int16_t>& pcm) {
  std::vector<uint8_t> a(pcm.size());
  std::vector<int16_t> out(pcm.size());
  dsp::alawEncode(pcm.data(), a.data(), pcm.size());
  dsp::alawDecode(a.data(), out.data(), a.size());
  return out;
}

inline std::vector<int16_t> alawChannel(const Signal& s) { return alawChannel(toPcm(s)); }

// Frequency of the dominant sinusoid in [start, start+len) by counting
// positive-going zero crossings with linear interpolation (accurate to a
// small fraction of a hertz for a clean tone over a few hundred ms).
inline double zeroCrossingFrequency(const std::vector<int16_t>& x, size_t start, size_t len) {
  double first = -1;
  double last = -1;
  int crossings = 0;
  for (size_t i = start + 1; i < start + len && i < x.size(); ++i) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      const double t = static_cast<double>(i - 1) +
                       static_cast<double>(-x[i - 1]) / static_cast<double>(x[i] - x[i - 1]);
      if (first < 0) {
        first = t;
      } else {
        ++crossings;
      }
      last = t;
    }
  }
  if (crossings == 0) return 0;
  return 8000.0 * crossings / (last - first);
}

// On/off intervals of a gated tone: a sample is "on" when it lies between
// two samples above the threshold's sine peak no more than 32 apart (so
// zero crossings do not split a burst), as {on, samples} runs.
struct Interval {
  bool on;
  size_t samples;
};

inline std::vector<Interval> gateIntervals(const std::vector<int16_t>& x, double thresholdDbm0) {
  const double peak = dsp::dbm0ToSineAmplitude(thresholdDbm0);
  constexpr long kBridge = 32;
  std::vector<Interval> out;
  long lastLoud = -1000000;
  std::vector<long> prevLoud(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::fabs(static_cast<double>(x[i])) > peak) lastLoud = static_cast<long>(i);
    prevLoud[i] = lastLoud;
  }
  long nextLoud = 1000000000;
  std::vector<bool> on(x.size());
  for (size_t k = x.size(); k-- > 0;) {
    if (std::fabs(static_cast<double>(x[k])) > peak) nextLoud = static_cast<long>(k);
    on[k] = nextLoud - prevLoud[k] <= kBridge;
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (out.empty() || out.back().on != on[i]) {
      out.push_back({on[i], 1});
    } else {
      ++out.back().samples;
    }
  }
  return out;
}

}  // namespace tl::test
