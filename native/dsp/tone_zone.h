// Tone zones: the call-progress tones of a country's network, as data.
//
// What it does
//   parseToneSpec() reads one tone written the way Asterisk's
//   indications.conf and DAHDI's zonedata write it; findToneZone() returns
//   one of the built-in zones. ToneGenerator plays a ToneSpec and
//   ProgressDetector recognises a zone's tones on received audio.
//
// The tone string
//   Comma-separated segments "f1[+f2|*f2][/ms]":
//     f1        a frequency in Hz (0 = silence), whole number, below 4000;
//     +f2       a second frequency played with it (dual tone);
//     *f2       f1 amplitude-modulated by f2 (90% depth);
//     /ms       duration in milliseconds (1 .. 600000); without it the
//               segment is continuous, which only the last segment may be;
//     leading ! the segment is played once, not in the repeating cadence.
//   As in Asterisk, playback runs through every segment, then repeats from
//   the first segment without '!' (so '!' matters on leading segments); a
//   tone whose segments are all '!' stops after them. Spaces around segments
//   are ignored. Errors name the tone, the 1-based segment and its text, e.g.
//     tone "busy": segment 2 "0/abc": duration must be a whole number of milliseconds up to 600000
//   Examples (China, GB/T 3380):
//     dial        "450"
//     busy        "450/350,0/350"
//     ringback    "450/1000,0/4000"
//     congestion  "450/700,0/700"
//     vacant      "450/100,0/100,450/100,0/100,450/100,0/100,450/400,0/400"
//
// Zones shipped (each tone at -10 dBm0 per frequency)
//   "cn" (default): GB/T 3380, all on 450 Hz: the five above plus
//        callwaiting "450/400,0/4000".
//   "itu": ITU-T E.180's recommended values on 425 Hz: dial "425",
//        ringback "425/1000,0/4000", busy "425/500,0/500",
//        congestion "425/250,0/250", and for number unobtainable ("vacant")
//        E.180's special information tone "950/330,1400/330,1800/330,0/1000".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tl::dsp {

struct ToneSegment {
  uint16_t freq1 = 0;      // Hz, 0 = silence
  uint16_t freq2 = 0;      // Hz, 0 = none
  bool modulated = false;  // "f1*f2": f1 amplitude-modulated by f2
  uint32_t durationMs = 0; // 0 = continuous (only meaningful as the last segment)
  bool once = false;       // '!' prefix: not part of the repeating cadence
};

struct ToneSpec {
  std::string name;
  std::vector<ToneSegment> segments;
  double levelDbm0 = -10.0;  // per frequency component
};

// Parses a tone string; on error returns nullopt and sets *error.
std::optional<ToneSpec> parseToneSpec(std::string_view name, std::string_view text,
                                      std::string* error);

struct ToneZone {
  std::string name;
  std::string description;
  std::vector<ToneSpec> tones;  // at least: dial, ringback, busy, congestion, vacant
  uint16_t progressFrequency;   // the single frequency its progress tones use (450 or 425)

  const ToneSpec* find(std::string_view toneName) const;
};

// The zone table; nullptr if unknown.
const ToneZone* findToneZone(std::string_view zoneName);
std::vector<std::string> toneZoneNames();

}  // namespace tl::dsp
