// G.711 and level conformance: the digital milliwatt, bit-exact round trips,
// agreement with spandsp's reference functions, transcoding, mixing.
#include <cmath>
#include <cstdint>
#include <string>

#include "dsp/g711.h"
#include "dsp/level.h"
#include "dsp/mix.h"
#include "tap.h"

// spandsp.h expects libtiff's types to be declared first.
#include <tiffio.h>
#include <spandsp.h>

using namespace tl;
using tl::test::format;

int main() {
  test::Tap tap;

  // The digital milliwatt: A-law 34 21 21 34 B4 A1 A1 B4 is 1 kHz at 0 dBm0.
  const uint8_t dmw[8] = {0x34, 0x21, 0x21, 0x34, 0xB4, 0xA1, 0xA1, 0xB4};
  uint8_t seq[8000];
  for (size_t i = 0; i < sizeof seq; ++i) seq[i] = dmw[i % 8];
  int16_t lin[8000];
  dsp::alawDecode(seq, lin, 8000);
  const double dmwLevel = dsp::measureDbm0(lin, 8000);
  tap.check(std::fabs(dmwLevel) <= 0.1, "A-law digital milliwatt measures 0 dBm0 +/-0.1 dB",
            format("%.4f dBm0", dmwLevel));
  tap.note("digital milliwatt: %.4f dBm0 (decoded %d %d %d %d ...)", dmwLevel, lin[0], lin[1], lin[2], lin[3]);

  // The reference itself: +3.14 dBm0 is a sine whose peak is A-law's
  // overload point (32768 in our scale).
  tap.check(std::fabs(dsp::dbm0ToSineAmplitude(3.14) - 32768.0) < 0.01,
            "a +3.14 dBm0 sine peaks at A-law's overload point (32768)",
            format("%.3f", dsp::dbm0ToSineAmplitude(3.14)));
  tap.check(std::fabs(dsp::rmsToDbm0(dsp::dbm0ToRms(-23.5)) + 23.5) < 1e-9 && std::isinf(dsp::rmsToDbm0(0)) &&
                std::isinf(dsp::measureDbm0(lin, 0)),
            "dBm0 <-> RMS round trip; silence is -infinity");

  // Round trips, both laws, all 256 codes: encode(decode(c)) == c, except
  // mu-law's two zeros (0x7F and 0xFF both decode to 0; 0 encodes to 0xFF).
  int alawBad = 0;
  int ulawBad = 0;
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<uint8_t>(c);
    if (dsp::linearToAlaw(dsp::alawToLinear(code)) != code) ++alawBad;
    const uint8_t back = dsp::linearToUlaw(dsp::ulawToLinear(code));
    if (back != code && !(code == 0x7F && back == 0xFF)) ++ulawBad;
  }
  tap.check(alawBad == 0, "A-law encode(decode(code)) == code for all 256 codes", format("%d differ", alawBad));
  tap.check(ulawBad == 0, "mu-law encode(decode(code)) == code for all 256 codes (0x7F is -0, comes back as 0xFF)",
            format("%d differ", ulawBad));

  // decode -> encode -> decode -> encode is bit-identical through the block API.
  uint8_t codes[256];
  for (int c = 0; c < 256; ++c) codes[c] = static_cast<uint8_t>(c);
  int16_t l1[256];
  int16_t l2[256];
  uint8_t e1[256];
  uint8_t e2[256];
  bool same = true;
  for (dsp::Companding law : {dsp::Companding::Alaw, dsp::Companding::Ulaw}) {
    dsp::g711Decode(law, codes, l1, 256);
    dsp::g711Encode(law, l1, e1, 256);
    dsp::g711Decode(law, e1, l2, 256);
    dsp::g711Encode(law, l2, e2, 256);
    for (int i = 0; i < 256; ++i) same = same && e1[i] == e2[i] && l1[i] == l2[i];
  }
  tap.check(same, "encode -> decode -> encode is bit-identical for every code, both laws");

  // Our tables agree with spandsp's functions on every 16-bit input.
  int encA = 0;
  int encU = 0;
  for (int x = -32768; x <= 32767; ++x) {
    const auto s = static_cast<int16_t>(x);
    if (dsp::linearToAlaw(s) != linear_to_alaw(x)) ++encA;
    if (dsp::linearToUlaw(s) != linear_to_ulaw(x)) ++encU;
  }
  int dec = 0;
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<uint8_t>(c);
    if (dsp::alawToLinear(code) != alaw_to_linear(code) || dsp::ulawToLinear(code) != ulaw_to_linear(code)) ++dec;
  }
  tap.check(encA == 0, "A-law encode table matches linear_to_alaw() for all 65536 inputs", format("%d differ", encA));
  tap.check(encU == 0, "mu-law encode table matches linear_to_ulaw() for all 65536 inputs", format("%d differ", encU));
  tap.check(dec == 0, "decode tables match alaw_to_linear()/ulaw_to_linear()", format("%d differ", dec));

  // Block encode equals per-sample encode (sweep through the whole range).
  int16_t ramp[4096];
  uint8_t blockA[4096];
  uint8_t blockU[4096];
  for (int i = 0; i < 4096; ++i) ramp[i] = static_cast<int16_t>(i * 16 - 32768 + (i % 16));
  dsp::alawEncode(ramp, blockA, 4096);
  dsp::ulawEncode(ramp, blockU, 4096);
  bool blockSame = true;
  for (int i = 0; i < 4096; ++i) {
    blockSame = blockSame && blockA[i] == dsp::linearToAlaw(ramp[i]) && blockU[i] == dsp::linearToUlaw(ramp[i]);
  }
  tap.check(blockSame, "block encoders equal the per-sample ones");

  // A <-> mu transcoding: matches spandsp, keeps the sign, stays close in
  // value, and mu -> A -> mu comes back for every code A-law can represent.
  int tBad = 0;
  int signBad = 0;
  double worst = 0;
  for (int c = 0; c < 256; ++c) {
    const auto a = static_cast<uint8_t>(c);
    const uint8_t u = dsp::alawToUlaw(a);
    if (u != alaw_to_ulaw(a) || dsp::ulawToAlaw(a) != ulaw_to_alaw(a)) ++tBad;
    const double la = dsp::alawToLinear(a);
    const double lu = dsp::ulawToLinear(u);
    if ((la > 0) != (lu > 0)) ++signBad;
    // Compare in dB where both are well above the smallest steps.
    if (std::fabs(la) > 512) worst = std::max(worst, std::fabs(20 * std::log10(std::fabs(lu / la))));
  }
  tap.check(tBad == 0, "A<->mu transcoding tables match spandsp's G.711 tables", format("%d differ", tBad));
  tap.check(signBad == 0 && worst < 0.6, "A->mu keeps the sign and the value within 0.6 dB",
            format("sign errors %d, worst %.2f dB", signBad, worst));
  int aua = 0;
  for (int c = 0; c < 256; ++c) {
    const auto a = static_cast<uint8_t>(c);
    if (dsp::ulawToAlaw(dsp::alawToUlaw(a)) != a) ++aua;
  }
  tap.note("A -> mu -> A returns the same code for %d of 256 codes", 256 - aua);
  // The digital milliwatt survives transcoding to mu-law at 0 dBm0 +/- 0.1.
  uint8_t dmwU[8000];
  for (size_t i = 0; i < 8000; ++i) dmwU[i] = dsp::alawToUlaw(seq[i]);
  int16_t linU[8000];
  dsp::ulawDecode(dmwU, linU, 8000);
  const double uLevel = dsp::measureDbm0(linU, 8000);
  tap.check(std::fabs(uLevel) <= 0.1, "the milliwatt transcoded to mu-law is still 0 dBm0 +/- 0.1 dB",
            format("%.3f dBm0", uLevel));

  // Silence codes.
  tap.check(std::abs(dsp::alawToLinear(dsp::kAlawSilence)) <= 8 && dsp::ulawToLinear(dsp::kUlawSilence) == 0,
            "idle codes decode to (near) zero");

  // Mixing saturates instead of wrapping.
  int16_t a[3] = {30000, -30000, 100};
  const int16_t b[3] = {10000, -10000, -50};
  dsp::mixInto(a, b, 3);
  int32_t acc[3] = {0, 0, 0};
  dsp::accumulate(acc, b, 3);
  dsp::accumulate(acc, b, 3);
  dsp::accumulate(acc, b, 3);
  dsp::accumulate(acc, b, 3);
  int16_t sat[3];
  dsp::saturateInto(acc, sat, 3);
  tap.check(a[0] == 32767 && a[1] == -32768 && a[2] == 50 && sat[0] == 32767 && sat[1] == -32768 && sat[2] == -200,
            "mixing saturates at the 16-bit limits", format("%d %d %d / %d %d %d", a[0], a[1], a[2], sat[0], sat[1], sat[2]));
  return tap.finish();
}
