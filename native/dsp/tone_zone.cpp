// Tone-string parser and the built-in zones (see tone_zone.h).
#include "dsp/tone_zone.h"

#include <charconv>
#include <stdexcept>

namespace tl::dsp {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A whole, non-negative decimal number (no sign, no spaces) up to `max`.
bool parseNumber(std::string_view s, uint32_t max, uint32_t* out) {
  if (s.empty()) return false;
  uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v > max) return false;
  *out = v;
  return true;
}

constexpr uint32_t kMaxFrequency = 3999;    // below Nyquist at 8 kHz
constexpr uint32_t kMaxDurationMs = 600000; // ten minutes

}  // namespace

std::optional<ToneSpec> parseToneSpec(std::string_view name, std::string_view text, std::string* error) {
  auto fail = [&](size_t index, std::string_view segment, const std::string& why) -> std::optional<ToneSpec> {
    if (error != nullptr) {
      *error = "tone \"" + std::string(name) + "\": segment " + std::to_string(index) + " \"" +
               std::string(segment) + "\": " + why;
    }
    return std::nullopt;
  };
  ToneSpec spec;
  spec.name = std::string(name);
  if (trim(text).empty()) {
    if (error != nullptr) *error = "tone \"" + std::string(name) + "\": empty tone string";
    return std::nullopt;
  }
  size_t index = 0;
  size_t pos = 0;
  std::string_view previous;
  while (pos <= text.size()) {
    const size_t comma = text.find(',', pos);
    const std::string_view raw = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    ++index;
    std::string_view seg = trim(raw);
    if (seg.empty()) return fail(index, raw, "empty segment");
    ToneSegment s;
    std::string_view body = seg;
    if (body.front() == '!') {
      s.once = true;
      body.remove_prefix(1);
    }
    std::string_view freqs = body;
    const size_t slash = body.find('/');
    if (slash != std::string_view::npos) {
      freqs = body.substr(0, slash);
      uint32_t ms = 0;
      if (!parseNumber(body.substr(slash + 1), kMaxDurationMs, &ms)) {
        return fail(index, seg, "duration must be a whole number of milliseconds up to " +
                                    std::to_string(kMaxDurationMs));
      }
      if (ms == 0) return fail(index, seg, "duration must be above 0 (leave out \"/ms\" for a continuous tone)");
      s.durationMs = ms;
    }
    const size_t op = freqs.find_first_of("+*");
    uint32_t f1 = 0;
    uint32_t f2 = 0;
    if (!parseNumber(freqs.substr(0, op), kMaxFrequency, &f1)) {
      return fail(index, seg, "frequency must be a whole number of hertz from 0 to " + std::to_string(kMaxFrequency));
    }
    if (op != std::string_view::npos) {
      s.modulated = freqs[op] == '*';
      if (!parseNumber(freqs.substr(op + 1), kMaxFrequency, &f2) || f2 == 0) {
        return fail(index, seg, "second frequency must be a whole number of hertz from 1 to " +
                                    std::to_string(kMaxFrequency));
      }
      if (f1 == 0) return fail(index, seg, "silence (0) cannot have a second frequency");
    }
    s.freq1 = static_cast<uint16_t>(f1);
    s.freq2 = static_cast<uint16_t>(f2);
    if (!spec.segments.empty() && spec.segments.back().durationMs == 0) {
      return fail(index - 1, previous, "only the last segment may be continuous (this one has no \"/ms\")");
    }
    spec.segments.push_back(s);
    previous = seg;
  }
  return spec;
}

const ToneSpec* ToneZone::find(std::string_view toneName) const {
  for (const ToneSpec& t : tones) {
    if (t.name == toneName) return &t;
  }
  return nullptr;
}

namespace {

ToneSpec builtin(const char* name, const char* text, double levelDbm0) {
  std::string error;
  std::optional<ToneSpec> spec = parseToneSpec(name, text, &error);
  // Built-in strings are constants checked by the tests; a bad one is a bug.
  if (!spec) throw std::logic_error("built-in tone zone: " + error);
  spec->levelDbm0 = levelDbm0;
  return *spec;
}

std::vector<ToneZone> buildZones() {
  std::vector<ToneZone> zones;
  // China, GB/T 3380 (and DAHDI's "cn" zone): everything on 450 Hz.
  ToneZone cn;
  cn.name = "cn";
  cn.description = "China (GB/T 3380): 450 Hz";
  cn.progressFrequency = 450;
  cn.tones = {
      builtin("dial", "450", -10),
      builtin("ringback", "450/1000,0/4000", -10),
      builtin("busy", "450/350,0/350", -10),
      builtin("congestion", "450/700,0/700", -10),
      builtin("vacant", "450/100,0/100,450/100,0/100,450/100,0/100,450/400,0/400", -10),
      builtin("callwaiting", "450/400,0/4000", -10),
  };
  zones.push_back(std::move(cn));
  // ITU-T E.180 recommended values on 425 Hz. Number unobtainable ("vacant")
  // is E.180's special information tone: 950, 1400, 1800 Hz, 330 ms each,
  // then 1 s of silence.
  ToneZone itu;
  itu.name = "itu";
  itu.description = "ITU-T E.180 recommended tones: 425 Hz";
  itu.progressFrequency = 425;
  itu.tones = {
      builtin("dial", "425", -10),
      builtin("ringback", "425/1000,0/4000", -10),
      builtin("busy", "425/500,0/500", -10),
      builtin("congestion", "425/250,0/250", -10),
      builtin("vacant", "950/330,1400/330,1800/330,0/1000", -10),
  };
  zones.push_back(std::move(itu));
  return zones;
}

const std::vector<ToneZone>& zones() {
  static const std::vector<ToneZone> z = buildZones();
  return z;
}

}  // namespace

const ToneZone* findToneZone(std::string_view zoneName) {
  for (const ToneZone& z : zones()) {
    if (z.name == zoneName) return &z;
  }
  return nullptr;
}

std::vector<std::string> toneZoneNames() {
  std::vector<std::string> names;
  for (const ToneZone& z : zones()) names.push_back(z.name);
  return names;
}

}  // namespace tl::dsp
