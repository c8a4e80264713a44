// G.711 companding (A-law and mu-law) for 8 kHz telephone audio.
//
// Linear samples are 16-bit, scaled as spandsp scales them (A-law full scale is
// +/-32256). Conversions run through 256-entry decode tables and 8192-entry
// encode tables (indexed by the sample's top 13 bits), built once from
// spandsp's reference functions so our fast path and the library agree bit
// for bit. Every function here is thread-safe after the first call.
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
