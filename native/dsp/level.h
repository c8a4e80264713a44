// Signal levels in dBm0, the unit telephone standards use.
//
// A sine wave at 0 dBm0 is the level of G.711's digital milliwatt (the A-law
// sequence 34 21 21 34 B4 A1 A1 B4). A full-scale sine in our 16-bit linear
// scale sits at +3.14 dBm0 (G.711's theoretical maximum for A-law).
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
