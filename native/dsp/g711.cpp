// G.711 companding through lookup tables built once from spandsp's reference
// functions (see g711.h for the table layout and why mu-law needs 14 bits).
#include "dsp/g711.h"

// spandsp.h expects libtiff's types to be declared first.
#include <tiffio.h>
#include <spandsp.h>

namespace tl::dsp {
namespace {

// A-law's decision levels in spandsp's 16-bit scale all fall on multiples of
// 16, so the top 13 bits of a sample decide its code: 8192 entries.
constexpr int kAlawShift = 3;
constexpr size_t kAlawEncodeEntries = 65536 >> kAlawShift;

// mu-law's do not: spandsp adds a bias of 0x84 to the magnitude before
// quantising, so its cells are 8 samples wide but start at x = 8k+4 for
// x >= 0 and end at x = -(8k+4) for x < 0 (cells [-11,-4], [-3,-1], [0,3],
// [4,11], ...). Shifting each sign's cells onto 8-aligned boundaries gives an
// index of the same 13-bit size (plus the split at zero: 8194 entries) that
// agrees with linear_to_ulaw() for every one of the 65536 inputs.
constexpr size_t kUlawEncodeEntries = 8194;
inline unsigned ulawIndex(int x) {
  const int positive = x >= 0 ? 1 : 0;
  return static_cast<unsigned>(4096 + ((x + 3 + positive) >> 3) + positive);
}

struct G711Tables {
  int16_t alawToLinear[256];
  int16_t ulawToLinear[256];
  uint8_t linearToAlaw[kAlawEncodeEntries];
  uint8_t linearToUlaw[kUlawEncodeEntries];
  uint8_t alawToUlaw[256];
  uint8_t ulawToAlaw[256];
};

G711Tables buildTables() {
  G711Tables t{};
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<uint8_t>(code);
    t.alawToLinear[code] = alaw_to_linear(c);
    t.ulawToLinear[code] = ulaw_to_linear(c);
    t.alawToUlaw[code] = alaw_to_ulaw(c);
    t.ulawToAlaw[code] = ulaw_to_alaw(c);
  }
  // A-law entry i covers the samples whose offset-binary value (sample +
  // 32768) has i as its top bits; any sample of the cell encodes the same.
  for (size_t i = 0; i < kAlawEncodeEntries; ++i) {
    t.linearToAlaw[i] = linear_to_alaw(static_cast<int>(i << kAlawShift) - 32768);
  }
  for (int x = -32768; x <= 32767; ++x) t.linearToUlaw[ulawIndex(x)] = linear_to_ulaw(x);
  return t;
}

// Function-local static: built on first use, thread-safe (C++11 magic statics).
const G711Tables& tables() {
  static const G711Tables t = buildTables();
  return t;
}

inline unsigned offsetBinary(int16_t s) { return static_cast<unsigned>(s + 32768); }

}  // namespace

int16_t alawToLinear(uint8_t code) { return tables().alawToLinear[code]; }
uint8_t linearToAlaw(int16_t sample) { return tables().linearToAlaw[offsetBinary(sample) >> kAlawShift]; }
int16_t ulawToLinear(uint8_t code) { return tables().ulawToLinear[code]; }
uint8_t linearToUlaw(int16_t sample) { return tables().linearToUlaw[ulawIndex(sample)]; }

void alawDecode(const uint8_t* in, int16_t* out, size_t n) {
  const int16_t* table = tables().alawToLinear;
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

void alawEncode(const int16_t* in, uint8_t* out, size_t n) {
  const uint8_t* table = tables().linearToAlaw;
  for (size_t i = 0; i < n; ++i) out[i] = table[offsetBinary(in[i]) >> kAlawShift];
}

void ulawDecode(const uint8_t* in, int16_t* out, size_t n) {
  const int16_t* table = tables().ulawToLinear;
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}

void ulawEncode(const int16_t* in, uint8_t* out, size_t n) {
  const uint8_t* table = tables().linearToUlaw;
  for (size_t i = 0; i < n; ++i) out[i] = table[ulawIndex(in[i])];
}

void g711Decode(Companding law, const uint8_t* in, int16_t* out, size_t n) {
  if (law == Companding::Alaw) {
    alawDecode(in, out, n);
  } else {
    ulawDecode(in, out, n);
  }
}

void g711Encode(Companding law, const int16_t* in, uint8_t* out, size_t n) {
  if (law == Companding::Alaw) {
    alawEncode(in, out, n);
  } else {
    ulawEncode(in, out, n);
  }
}

uint8_t alawToUlaw(uint8_t code) { return tables().alawToUlaw[code]; }
uint8_t ulawToAlaw(uint8_t code) { return tables().ulawToAlaw[code]; }

}  // namespace tl::dsp
