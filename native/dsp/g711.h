// G.711 companding (A-law and mu-law) for 8 kHz telephone audio.
//
// What it does
//   Converts between 8-bit G.711 codes and 16-bit linear samples, one sample
//   at a time or in blocks, and transcodes A-law <-> mu-law.
//
// How
//   Linear samples are 16-bit, scaled as spandsp scales them: G.711's 13-bit
//   A-law range times 8 (A-law decodes to at most +/-32256, its overload point
//   is 32768) and its 14-bit mu-law range times 4 (+/-32124).
//   Everything runs through lookup tables built once, on first use, from
//   spandsp's reference functions (alaw_to_linear, linear_to_alaw,
//   ulaw_to_linear, linear_to_ulaw, alaw_to_ulaw, ulaw_to_alaw), so our fast
//   path and the library agree bit for bit on every input:
//     - decode: 256 entries per law;
//     - A-law encode: 8192 entries indexed by the sample's top 13 bits (every
//       A-law decision level is a multiple of 16 in this scale);
//     - mu-law encode: 8194 entries, also 13 bits of the sample, but offset
//       per sign (spandsp adds a bias of 0x84 to the magnitude before
//       quantising, so mu-law's cells start at 8k+4 above zero and end at
//       -(8k+4) below it: plain top bits would round 1 input in 16 wrongly);
//     - transcoding: 256 entries each way (G.711's own A<->mu tables).
//   The tables are a function-local static: initialisation is thread-safe and
//   every function here may be called from any thread, including the
//   real-time one (no allocation, no locks after the first call).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tl::dsp {

enum class Companding : uint8_t { Alaw = 0, Ulaw = 1 };

// A-law byte that carries digital silence (0 linear) on an idle E1 timeslot.
inline constexpr uint8_t kAlawSilence = 0xD5;
inline constexpr uint8_t kUlawSilence = 0xFF;

int16_t alawToLinear(uint8_t code);
uint8_t linearToAlaw(int16_t sample);
int16_t ulawToLinear(uint8_t code);
uint8_t linearToUlaw(int16_t sample);

void alawDecode(const uint8_t* in, int16_t* out, size_t n);
void alawEncode(const int16_t* in, uint8_t* out, size_t n);
void ulawDecode(const uint8_t* in, int16_t* out, size_t n);
void ulawEncode(const int16_t* in, uint8_t* out, size_t n);

// Decode/encode with the companding law chosen at run time.
void g711Decode(Companding law, const uint8_t* in, int16_t* out, size_t n);
void g711Encode(Companding law, const int16_t* in, uint8_t* out, size_t n);

uint8_t alawToUlaw(uint8_t code);
uint8_t ulawToAlaw(uint8_t code);

}  // namespace tl::dsp
