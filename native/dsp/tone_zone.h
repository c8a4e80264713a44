// Tone zones: the call-progress tones of a country's network, as data.
//
// A tone is written the way Asterisk's indications.conf and DAHDI's zonedata
// write it: comma-separated segments "f1[+f2][*f2]/ms", where 0 is silence and
// a missing "/ms" means "continuous"; a leading '!' on a segment plays it once
// instead of in the repeating cadence. Examples (China, GB/T 3380):
//   dial        "450"
//   busy        "450/350,0/350"
//   ringback    "450/1000,0/4000"
//   congestion  "450/700,0/700"
//   vacant      "450/100,0/100,450/100,0/100,450/100,0/100,450/400,0/400"
// Zones shipped: "cn" (default), "itu" (ITU-T E.180 defaults, 425 Hz).
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
