// dBm0 conversions; the reference level is derived in level.h.
#include "dsp/level.h"

#include <cmath>
#include <limits>

namespace tl::dsp {
namespace {

// A-law's overload point (4096 in G.711's 13-bit scale, times 8 in ours) is
// the peak of the largest sine A-law can carry: +3.14 dBm0 per G.711.
constexpr double kOverloadPeak = 32768.0;
constexpr double kMaxSineDbm0 = 3.14;

// RMS of a 0 dBm0 sine: 32768 / sqrt(2) * 10^(-3.14/20) = 16140.6.
const double kRms0Dbm0 = kOverloadPeak / std::sqrt(2.0) * std::pow(10.0, -kMaxSineDbm0 / 20.0);

}  // namespace

double dbm0ToSineAmplitude(double dbm0) { return dbm0ToRms(dbm0) * std::sqrt(2.0); }

double dbm0ToRms(double dbm0) { return kRms0Dbm0 * std::pow(10.0, dbm0 / 20.0); }

double rmsToDbm0(double rms) {
  if (rms <= 0.0) return -std::numeric_limits<double>::infinity();
  return 20.0 * std::log10(rms / kRms0Dbm0);
}

double measureDbm0(const int16_t* samples, size_t n) {
  if (n == 0) return -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<double>(samples[i]) * samples[i];
  return rmsToDbm0(std::sqrt(sum / static_cast<double>(n)));
}

}  // namespace tl::dsp
