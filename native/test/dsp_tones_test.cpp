// Tone strings, zones and the tone generator: parser errors that name the
// bad segment, and for every tone of "cn" and "itu" the frequency (+/-1%),
// level and on/off cadence (+/-10%) measured on generated audio after an
// A-law round trip.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "dsp/level.h"
#include "dsp/tone_generator.h"
#include "dsp/tone_zone.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

void parserTests(test::Tap& tap) {
  std::string err;
  auto busy = dsp::parseToneSpec("busy", "450/350,0/350", &err);
  tap.check(busy && busy->segments.size() == 2 && busy->segments[0].freq1 == 450 &&
                busy->segments[0].durationMs == 350 && busy->segments[1].freq1 == 0 && !busy->segments[0].once,
            "parses \"450/350,0/350\"", err);
  auto dual = dsp::parseToneSpec("x", " !350+440/100 , 440*25/200, 0 ", &err);
  tap.check(dual && dual->segments.size() == 3 && dual->segments[0].once && dual->segments[0].freq2 == 440 &&
                !dual->segments[0].modulated && dual->segments[1].modulated && dual->segments[1].freq2 == 25 &&
                dual->segments[2].durationMs == 0,
            "parses '!', '+', '*', spaces and a final continuous segment", err);
  auto dial = dsp::parseToneSpec("dial", "450", &err);
  tap.check(dial && dial->segments.size() == 1 && dial->segments[0].durationMs == 0, "parses \"450\" as continuous");

  struct Bad {
    const char* text;
    const char* mustContain;
  };
  const Bad bad[] = {
      {"450/350,0/abc", "segment 2 \"0/abc\": duration"},
      {"450/350,,0/350", "segment 2 \"\": empty segment"},
      {"45x/350", "segment 1 \"45x/350\": frequency"},
      {"450+/350", "segment 1 \"450+/350\": second frequency"},
      {"0+450/100", "segment 1 \"0+450/100\": silence (0) cannot have a second frequency"},
      {"450,0/100", "segment 1 \"450\": only the last segment may be continuous"},
      {"450/0", "segment 1 \"450/0\": duration must be above 0"},
      {"5000/100", "segment 1 \"5000/100\": frequency"},
      {"450/100,0/100,-3/100", "segment 3 \"-3/100\": frequency"},
      {"", "empty tone string"},
  };
  for (const Bad& b : bad) {
    err.clear();
    auto spec = dsp::parseToneSpec("busy", b.text, &err);
    tap.check(!spec && err.find(b.mustContain) != std::string::npos && err.find("tone \"busy\"") == 0,
              format("refuses \"%s\" naming the bad segment", b.text), err);
  }
}

void zoneTests(test::Tap& tap) {
  const dsp::ToneZone* cn = dsp::findToneZone("cn");
  const dsp::ToneZone* itu = dsp::findToneZone("itu");
  tap.check(cn != nullptr && itu != nullptr && dsp::findToneZone("xx") == nullptr,
            "zones \"cn\" and \"itu\" exist; unknown zones do not");
  const auto names = dsp::toneZoneNames();
  tap.check(std::find(names.begin(), names.end(), "cn") != names.end() &&
                std::find(names.begin(), names.end(), "itu") != names.end(),
            "toneZoneNames lists cn and itu");
  if (cn == nullptr || itu == nullptr) return;
  bool all = true;
  for (const dsp::ToneZone* z : {cn, itu}) {
    for (const char* t : {"dial", "ringback", "busy", "congestion", "vacant"}) all = all && z->find(t) != nullptr;
  }
  tap.check(all && cn->progressFrequency == 450 && itu->progressFrequency == 425,
            "both zones have dial, ringback, busy, congestion, vacant; 450 and 425 Hz");
  // GB/T 3380 values, straight from the standard.
  auto cadence = [](const dsp::ToneSpec* s) {
    std::string out;
    for (const auto& seg : s->segments) out += format("%u/%u,", seg.freq1, seg.durationMs);
    return out;
  };
  tap.check(cadence(cn->find("dial")) == "450/0," && cadence(cn->find("ringback")) == "450/1000,0/4000," &&
                cadence(cn->find("busy")) == "450/350,0/350," && cadence(cn->find("congestion")) == "450/700,0/700," &&
                cadence(cn->find("vacant")) == "450/100,0/100,450/100,0/100,450/100,0/100,450/400,0/400,",
            "cn zone carries GB/T 3380's cadences");
}

// Segments of a tone unrolled over `samples`, as (start, length, segment).
struct Placed {
  size_t start;
  size_t length;  // 0: runs to the end
  dsp::ToneSegment seg;
};

std::vector<Placed> unroll(const dsp::ToneSpec& spec, size_t samples) {
  std::vector<Placed> out;
  size_t loop = 0;
  while (loop < spec.segments.size() && spec.segments[loop].once) ++loop;
  size_t t = 0;
  size_t i = 0;
  while (t < samples) {
    const dsp::ToneSegment& s = spec.segments[i];
    const size_t len = s.durationMs * 8;
    out.push_back({t, len, s});
    if (len == 0) break;
    t += len;
    if (++i == spec.segments.size()) {
      if (loop == spec.segments.size()) break;
      i = loop;
    }
  }
  return out;
}

// Generates `seconds` of the tone in blocks of `block` samples.
std::vector<int16_t> play(const dsp::ToneSpec& spec, double seconds, size_t block) {
  dsp::ToneGenerator gen;
  gen.start(spec);
  const auto n = static_cast<size_t>(seconds * 8000);
  std::vector<int16_t> out(n);
  for (size_t pos = 0; pos < n; pos += block) gen.generate(out.data() + pos, std::min(block, n - pos));
  return out;
}

void measureTone(test::Tap& tap, const dsp::ToneZone& zone, const dsp::ToneSpec& spec) {
  const double seconds = 12.0;  // two ringback cycles and more
  const std::vector<int16_t> x = test::alawChannel(play(spec, seconds, 160));
  const std::vector<Placed> placed = unroll(spec, x.size());

  // Frequency and level inside every tone segment (edges excluded).
  double worstFreq = 0;
  double worstLevel = 0;
  bool silentOk = true;
  int measured = 0;
  for (const Placed& p : placed) {
    const size_t len = p.length == 0 ? x.size() - p.start : std::min(p.length, x.size() - p.start);
    if (len < 200) continue;
    if (p.seg.freq1 == 0) {
      for (size_t i = p.start; i < p.start + len; ++i) silentOk = silentOk && std::abs(x[i]) <= 8;
      continue;
    }
    if (p.seg.freq2 != 0) continue;  // dual tones are checked elsewhere
    const double f = test::zeroCrossingFrequency(x, p.start + 16, len - 32);
    worstFreq = std::max(worstFreq, std::fabs(f / p.seg.freq1 - 1.0));
    const double level = dsp::measureDbm0(x.data() + p.start, len);
    worstLevel = std::max(worstLevel, std::fabs(level - spec.levelDbm0));
    ++measured;
  }
  tap.check(measured > 0 && worstFreq <= 0.01, format("%s %s: frequency within 1%%", zone.name.c_str(), spec.name.c_str()),
            format("worst %.3f%% over %d segments", 100 * worstFreq, measured));
  tap.check(worstLevel <= 0.3 && silentOk, format("%s %s: level %.0f dBm0 +/-0.3 dB, silences silent", zone.name.c_str(),
                                                  spec.name.c_str(), spec.levelDbm0),
            format("worst %.2f dB off, silences %s", worstLevel, silentOk ? "ok" : "not silent"));

  // Cadence: measured on/off intervals against the spec's (adjacent tone
  // segments merged, as an ear or a gate would hear them), +/-10%.
  std::vector<test::Interval> want;
  for (const Placed& p : placed) {
    const bool on = p.seg.freq1 != 0;
    const size_t len = p.length == 0 ? x.size() - p.start : p.length;
    if (!want.empty() && want.back().on == on) {
      want.back().samples += len;
    } else {
      want.push_back({on, len});
    }
  }
  std::vector<test::Interval> got = test::gateIntervals(x, spec.levelDbm0 - 20);
  // A sine starts at zero: the first sample or two read as "off".
  if (got.size() > 1 && !got[0].on && got[0].samples <= 2) {
    got[1].samples += got[0].samples;
    got.erase(got.begin());
  }
  std::string detail;
  bool ok = got.size() >= 2 || (want.size() == 1 && got.size() == 1);
  // Compare every complete interval (the last one is cut by the end).
  const size_t n = std::min(want.size(), got.size());
  for (size_t i = 0; ok && i + 1 < n; ++i) {
    const double rel = std::fabs(static_cast<double>(got[i].samples) / static_cast<double>(want[i].samples) - 1.0);
    if (got[i].on != want[i].on || rel > 0.10) {
      ok = false;
      detail = format("interval %zu: %s %.1f ms, want %s %.1f ms", i, got[i].on ? "on" : "off", got[i].samples / 8.0,
                      want[i].on ? "on" : "off", want[i].samples / 8.0);
    }
  }
  if (ok && want.size() == 1) ok = got.size() == 1 && got[0].on;
  tap.check(ok && n >= std::min<size_t>(want.size(), 4),
            format("%s %s: on/off cadence within 10%%", zone.name.c_str(), spec.name.c_str()),
            detail.empty() ? format("%zu intervals measured, %zu expected", got.size(), want.size()) : detail);
}

void generatorTests(test::Tap& tap) {
  for (const char* zoneName : {"cn", "itu"}) {
    const dsp::ToneZone* z = dsp::findToneZone(zoneName);
    if (z == nullptr) continue;
    for (const dsp::ToneSpec& spec : z->tones) measureTone(tap, *z, spec);
  }

  std::string err;
  // Sample-exact and independent of block size.
  auto vacant = dsp::findToneZone("cn")->find("vacant");
  const auto a = play(*vacant, 3.0, 160);
  const auto b = play(*vacant, 3.0, 1);
  const auto c = play(*vacant, 3.0, 37);
  tap.check(a == b && a == c, "generator output does not depend on the block size");
  // The first 100 ms segment is exactly 800 samples: sample 799 is in the
  // tone, samples 800..1599 are silent.
  bool edges = true;
  for (size_t i = 800; i < 1600; ++i) edges = edges && a[i] == 0;
  int loud = 0;
  for (size_t i = 780; i < 800; ++i) loud += a[i] != 0;
  tap.check(edges && loud >= 18, "segments switch exactly at the sample");

  // Phase continuity across a frequency change.
  auto sweep = dsp::parseToneSpec("s", "450/100,900/100", &err);
  sweep->levelDbm0 = -3;
  const auto s = play(*sweep, 1.0, 160);
  const double amp = dsp::dbm0ToSineAmplitude(-3);
  double worstStep = 0;
  for (size_t i = 1; i < s.size(); ++i) worstStep = std::max(worstStep, std::fabs(double(s[i]) - s[i - 1]));
  const double maxStep = amp * 2 * std::numbers::pi * 900 / 8000 * 1.02 + 2;
  tap.check(worstStep <= maxStep, "phase-continuous across segments (no step larger than the sine's slope)",
            format("largest step %.0f, limit %.0f", worstStep, maxStep));

  // Dual tone: two components at the level each, +3 dB in total.
  auto dualSpec = dsp::parseToneSpec("d", "350+440", &err);
  dualSpec->levelDbm0 = -13;
  const auto d = play(*dualSpec, 1.0, 160);
  const double dLevel = dsp::measureDbm0(d.data(), d.size());
  tap.check(std::fabs(dLevel - (-13 + 10 * std::log10(2.0))) < 0.1, "dual tone: each component at the level",
            format("%.2f dBm0", dLevel));
  // Modulated: carrier at the level, 90% AM.
  auto modSpec = dsp::parseToneSpec("m", "425*25", &err);
  modSpec->levelDbm0 = -13;
  const auto m = play(*modSpec, 1.0, 160);
  double peak = 0;
  for (int16_t v : m) peak = std::max(peak, std::fabs(double(v)));
  const double mLevel = dsp::measureDbm0(m.data(), m.size());
  const double wantPeak = dsp::dbm0ToSineAmplitude(-13) * 1.9;
  const double wantLevel = -13 + 10 * std::log10(1 + 0.9 * 0.9 / 2);
  tap.check(std::fabs(peak / wantPeak - 1) < 0.02 && std::fabs(mLevel - wantLevel) < 0.1,
            "modulated tone: 90% AM of the carrier", format("peak %.0f (want %.0f), level %.2f (want %.2f)", peak,
                                                                wantPeak, mLevel, wantLevel));

  // '!' segments play once; all-once tones stop; a continuous silence ends it.
  dsp::ToneGenerator gen;
  auto sit = dsp::parseToneSpec("sit", "!950/330,!1400/330,!1800/330", &err);
  gen.start(*sit);
  std::vector<int16_t> buf(8000);
  gen.generate(buf.data(), 7900);
  const bool stillOn = gen.active();
  gen.generate(buf.data(), 100);
  tap.check(stillOn && !gen.active(), "a tone of '!' segments stops by itself after them");
  auto sit2 = dsp::parseToneSpec("sit", "950/330,1400/330,1800/330,0", &err);
  gen.start(*sit2);
  gen.generate(buf.data(), 8000);
  tap.check(!gen.active() && std::all_of(buf.begin() + 7920, buf.end(), [](int16_t v) { return v == 0; }),
            "a final continuous silence ends the tone");
  auto lead = dsp::parseToneSpec("lead", "!450/100,0/100,450/200,0/200", &err);
  const auto l = play(*lead, 1.0, 160);
  // 0-800 tone, then "0/100,450/200,0/200" repeating: 800-1600 silence,
  // 1600-3200 tone, 3200-4800 silence, 4800-5600 silence, 5600-7200 tone.
  tap.check(l[401] != 0 && l[1200] == 0 && l[2401] != 0 && l[4000] == 0 && l[5200] == 0 && l[6401] != 0 &&
                l[7500] == 0,
            "after the '!' segments the cadence repeats from the first other segment");
  auto hold = dsp::parseToneSpec("hold", "!0/100,450", &err);
  gen.start(*hold);
  gen.generate(buf.data(), 8000);
  tap.check(gen.active() && buf[7999 - 5] != 0, "a final continuous tone holds until stop()");
  gen.stop();
  gen.generate(buf.data(), 160);
  tap.check(!gen.active() && std::all_of(buf.begin(), buf.begin() + 160, [](int16_t v) { return v == 0; }),
            "stop() silences the generator");
  dsp::ToneSpec big;
  for (int i = 0; i < 17; ++i) big.segments.push_back(dsp::ToneSegment{450, 0, false, 100, false});
  tap.check(!gen.start(big), "specs longer than kMaxSegments are refused");
}

}  // namespace

int main() {
  test::Tap tap;
  parserTests(tap);
  zoneTests(tap);
  generatorTests(tap);
  return tap.finish();
}
