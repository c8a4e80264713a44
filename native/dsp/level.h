// Signal levels in dBm0, the unit telephone standards use.
//
// What it does
//   Converts between dBm0 and amplitudes in our 16-bit linear scale (the one
//   g711.h decodes to), and measures the level of a block of samples.
//
// How (the reference, derived from G.711)
//   G.711 puts A-law's theoretical maximum at +3.14 dBm0: a sine whose peaks
//   just reach the coder's overload point. That point is 4096 in G.711's
//   13-bit A-law scale, so 32768 in ours (x8). Hence
//     0 dBm0 sine: peak = 32768 * 10^(-3.14/20) = 22826.8, RMS = 16140.6.
//   Check: G.711's digital milliwatt, the A-law sequence
//   34 21 21 34 B4 A1 A1 B4 (a 1 kHz sine at 0 dBm0), decodes to
//   -8960 -20992 -20992 -8960 8960 20992 20992 8960, RMS 16139.4, which
//   measures -0.0006 dBm0 (native/test/dsp_g711_test checks +/-0.1 dB).
//   Level is mean power over the block: DC and noise count, as on a meter.
//   A full-scale sine in our scale (peak 32767) sits at +3.14 dBm0.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tl::dsp {

// Peak amplitude of a sine wave at the given level.
double dbm0ToSineAmplitude(double dbm0);

// RMS amplitude that corresponds to the given level.
double dbm0ToRms(double dbm0);

// Level in dBm0 of a signal whose RMS amplitude is `rms` (-infinity for 0).
double rmsToDbm0(double rms);

// Level in dBm0 of a block of samples (mean power over the block).
double measureDbm0(const int16_t* samples, size_t n);

}  // namespace tl::dsp
