// Call-progress detection: every cadence of "cn" and "itu" recognised (and
// nothing else), at a nominal and a weak level with line noise; fax CNG and
// CED; silence; the 2100 Hz tone follower; no false hits on DTMF or speech.
//
// Usage: dsp_progress_test [speech-dir]
#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "dsp/dtmf_generator.h"
#include "dsp/progress_detector.h"
#include "dsp/tone_generator.h"
#include "dsp/wav.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

struct Event {
  dsp::ProgressTone tone;
  bool start;
  double atSeconds;
};

std::vector<Event> detect(const dsp::ToneZone& zone, const std::vector<int16_t>& x, uint32_t silenceMs = 0,
                          size_t block = 160) {
  dsp::ProgressDetector det(zone);
  det.setSilenceReport(silenceMs);
  std::vector<Event> out;
  dsp::ProgressHit hits[16];
  for (size_t pos = 0; pos < x.size(); pos += block) {
    const size_t n = std::min(block, x.size() - pos);
    const size_t k = det.process(x.data() + pos, n, hits, 16);
    for (size_t i = 0; i < k; ++i) {
      out.push_back({hits[i].tone, hits[i].start, static_cast<double>(pos + hits[i].sampleOffset) / 8000.0});
    }
  }
  return out;
}

std::string describe(const std::vector<Event>& ev) {
  std::string s;
  for (const Event& e : ev) s += format("%s %s @%.2fs; ", dsp::progressToneName(e.tone), e.start ? "start" : "stop", e.atSeconds);
  return s.empty() ? "(nothing)" : s;
}

// Tone played for `seconds` at `level`, then `tail` seconds of silence,
// through A-law with line noise at `noiseDbm0`.
std::vector<int16_t> render(const dsp::ToneSpec& spec, double level, double seconds, double tail, double noiseDbm0,
                            uint32_t seed) {
  dsp::ToneSpec s = spec;
  s.levelDbm0 = level;
  dsp::ToneGenerator gen;
  gen.start(s);
  const auto n = static_cast<size_t>(seconds * 8000);
  std::vector<int16_t> pcm(n + static_cast<size_t>(tail * 8000), 0);
  gen.generate(pcm.data(), n);
  test::Signal sig(pcm.begin(), pcm.end());
  test::addNoise(sig, noiseDbm0, seed);
  return test::alawChannel(sig);
}

dsp::ProgressTone toneOf(const std::string& name) {
  if (name == "dial") return dsp::ProgressTone::DialTone;
  if (name == "ringback") return dsp::ProgressTone::Ringback;
  if (name == "busy") return dsp::ProgressTone::Busy;
  if (name == "congestion") return dsp::ProgressTone::Congestion;
  return dsp::ProgressTone::Vacant;
}

// Exactly one start of `want` (no other tone), reported by `latest`
// seconds, and its stop after the tone ends.
void expectTone(test::Tap& tap, const dsp::ToneZone& zone, const std::string& name, double level, double noise) {
  const dsp::ToneSpec* spec = zone.find(name);
  const dsp::ProgressTone want = toneOf(name);
  // Long enough for two whole cycles plus the stop.
  double cycle = 0;
  for (const auto& seg : spec->segments) cycle += seg.durationMs / 1000.0;
  const double seconds = cycle == 0 ? 4.0 : std::max(2.2 * cycle + 1.0, 4.0);
  const auto x = render(*spec, level, seconds, 6.0, noise, 7);
  const auto ev = detect(zone, x);
  int starts = 0;
  int others = 0;
  double startAt = -1;
  double stopAt = -1;
  for (const Event& e : ev) {
    if (e.tone != want) {
      ++others;
    } else if (e.start) {
      ++starts;
      startAt = e.atSeconds;
    } else {
      stopAt = e.atSeconds;
    }
  }
  // Reported within two cycles and a bit (1.4 s for a continuous tone), and
  // stopped within a cycle of the end.
  const double latest = cycle == 0 ? 1.5 : 2 * cycle + 0.2;
  const bool ok = starts == 1 && others == 0 && startAt <= latest && stopAt > seconds - 0.01 &&
                  stopAt <= seconds + std::max(cycle, 0.5) + 0.5;
  tap.check(ok, format("%s %s recognised at %.0f dBm0 (noise %.0f dBm0)", zone.name.c_str(), name.c_str(), level, noise),
            describe(ev));
  if (ok) tap.note("%s %s at %.0f dBm0: start %.2f s, stop %.2f s (tone ended %.2f s)", zone.name.c_str(), name.c_str(),
                   level, startAt, stopAt, seconds);
}

void cadenceTests(test::Tap& tap) {
  for (const char* zoneName : {"cn", "itu"}) {
    const dsp::ToneZone* zone = dsp::findToneZone(zoneName);
    for (const char* name : {"dial", "ringback", "busy", "congestion", "vacant"}) {
      expectTone(tap, *zone, name, -10, -60);
      expectTone(tap, *zone, name, -30, -50);
    }
  }
  // Cadences off by 15% are still recognised; off by 35% they are not.
  const dsp::ToneZone* cn = dsp::findToneZone("cn");
  std::string err;
  auto slowBusy = dsp::parseToneSpec("busy", "450/400,0/400", &err);
  auto wrongBusy = dsp::parseToneSpec("busy", "450/500,0/500", &err);
  const auto ev1 = detect(*cn, render(*slowBusy, -10, 4, 1, -60, 3));
  const auto ev2 = detect(*cn, render(*wrongBusy, -10, 6, 1, -60, 3));
  tap.check(!ev1.empty() && ev1[0].tone == dsp::ProgressTone::Busy && ev1[0].start,
            "busy 15% slow (400/400 ms) is still busy", describe(ev1));
  tap.check(ev2.empty(), "a 500/500 ms cadence is not cn busy (350) nor congestion (700)", describe(ev2));
  // 450 Hz off-frequency by 5% is not the zone's tone.
  auto offBusy = dsp::parseToneSpec("busy", "473/350,0/350", &err);
  const auto ev3 = detect(*cn, render(*offBusy, -10, 4, 1, -60, 3));
  tap.check(ev3.empty(), "busy cadence on 473 Hz (5% off) is ignored", describe(ev3));
  // Block size does not change the result.
  const auto x = render(*cn->find("vacant"), -15, 5, 1, -55, 9);
  const auto e160 = detect(*cn, x, 0, 160);
  const auto e7 = detect(*cn, x, 0, 7);
  bool same = e160.size() == e7.size();
  for (size_t i = 0; same && i < e160.size(); ++i) {
    same = e160[i].tone == e7[i].tone && e160[i].start == e7[i].start && e160[i].atSeconds == e7[i].atSeconds;
  }
  tap.check(same && !e160.empty(), "same events whatever the block size", describe(e160) + " vs " + describe(e7));
}

void faxTests(test::Tap& tap) {
  const dsp::ToneZone* cn = dsp::findToneZone("cn");
  std::string err;
  // CNG: 1100 Hz 0.5 s on, 3 s off, three times.
  auto cng = dsp::parseToneSpec("cng", "1100/500,0/3000", &err);
  const auto evC = detect(*cn, render(*cng, -20, 10.5, 5, -55, 11));
  const bool cngOk = evC.size() == 2 && evC[0].tone == dsp::ProgressTone::FaxCng && evC[0].start &&
                     evC[0].atSeconds >= 0.5 && evC[0].atSeconds <= 0.8 && !evC[1].start;
  tap.check(cngOk, "fax CNG reported at the end of its first 0.5 s burst, stop after the bursts end", describe(evC));
  // CED: 2100 Hz for 3 s.
  auto ced = dsp::parseToneSpec("ced", "2100/3000", &err);
  const auto evE = detect(*cn, render(*ced, -15, 3, 2, -55, 12));
  const bool cedOk = evE.size() == 2 && evE[0].tone == dsp::ProgressTone::FaxCed && evE[0].start &&
                     evE[0].atSeconds >= 0.5 && evE[0].atSeconds <= 0.7 && !evE[1].start &&
                     std::fabs(evE[1].atSeconds - 3.0) < 0.1;
  tap.check(cedOk, "fax CED reported after 0.5 s of 2100 Hz, stop when it ends", describe(evE));
  // CED with phase reversals every 450 ms (V.25 ANSam-like): still one CED.
  test::Signal s;
  test::addSilence(s, 800);
  for (int k = 0; k < 6; ++k) test::addTone(s, s.size(), 3600, 2100, -15, k % 2 ? std::numbers::pi : 0);
  test::addSilence(s, 8000);
  const auto evR = detect(*cn, test::alawChannel(s));
  tap.check(evR.size() == 2 && evR[0].tone == dsp::ProgressTone::FaxCed && evR[0].start,
            "CED with phase reversals is one continuous tone", describe(evR));
}

void silenceTests(test::Tap& tap) {
  const dsp::ToneZone* cn = dsp::findToneZone("cn");
  test::Signal s;
  test::addTone(s, 0, 8000, 450, -10);
  test::addSilence(s, 24000);
  test::addTone(s, s.size(), 4000, 450, -10);
  test::addNoise(s, -60, 5);
  const auto ev = detect(*cn, test::alawChannel(s), 2000);
  bool ok = false;
  for (size_t i = 0; i + 1 < ev.size(); ++i) {
    if (ev[i].tone == dsp::ProgressTone::Silence && ev[i].start && ev[i + 1].tone == dsp::ProgressTone::Silence &&
        !ev[i + 1].start) {
      ok = ev[i].atSeconds > 2.9 && ev[i].atSeconds < 3.1 && ev[i + 1].atSeconds > 3.9 && ev[i + 1].atSeconds < 4.1;
    }
  }
  tap.check(ok, "silence reported after 2 s of quiet, stop when sound returns", describe(ev));
  const auto none = detect(*cn, test::alawChannel(s), 0);
  bool anySilence = false;
  for (const Event& e : none) anySilence = anySilence || e.tone == dsp::ProgressTone::Silence;
  tap.check(!anySilence, "no silence reports unless asked for");
}

void followerTests(test::Tap& tap) {
  auto run = [](double hz, double level, double seconds) {
    dsp::ToneFollower f(2100, -33, 300);
    test::Signal s;
    test::addTone(s, 0, static_cast<size_t>(seconds * 8000), hz, level);
    const auto x = test::alawChannel(s);
    double firstAt = -1;
    bool last = false;
    for (size_t p = 0; p + 160 <= x.size(); p += 160) {
      last = f.process(x.data() + p, 160);
      if (last && firstAt < 0) firstAt = static_cast<double>(p + 160) / 8000;
    }
    return std::pair<double, bool>(firstAt, last);
  };
  const auto a = run(2100, -20, 1.0);
  tap.check(a.first >= 0.3 && a.first <= 0.4 && a.second, "tone follower: 2100 Hz at -20 dBm0 present after 300 ms",
            format("first present at %.2f s", a.first));
  const auto b = run(2100, -40, 1.0);
  tap.check(b.first < 0, "tone follower: 2100 Hz at -40 dBm0 (below -33) ignored");
  const auto c = run(2190, -20, 1.0);
  tap.check(c.first < 0, "tone follower: 2190 Hz (4% off) ignored");
  const auto d = run(2121, -20, 1.0);
  tap.check(d.first > 0, "tone follower: 2121 Hz (1% off, G.164's band edge) accepted");
}

void dtmfImmunity(test::Tap& tap) {
  for (const char* zoneName : {"cn", "itu"}) {
    const dsp::ToneZone* zone = dsp::findToneZone(zoneName);
    dsp::DtmfGenerator gen;
    dsp::DtmfToneParams p;
    p.onMs = 100;
    p.offMs = 100;
    p.levelDbm0 = -8;
    gen.queue("0123456789*#ABCD0123456789*#ABCD", p);
    dsp::DtmfToneParams slow = p;
    slow.onMs = 400;
    slow.offMs = 400;
    gen.queue("*0#D9", slow);
    std::vector<int16_t> x;
    int16_t block[160];
    while (gen.generate(block, 160)) x.insert(x.end(), block, block + 160);
    const auto ev = detect(*zone, test::alawChannel(x));
    tap.check(ev.empty(), format("%s: no progress or fax tone in DTMF", zoneName), describe(ev));
  }
}

void speechTests(test::Tap& tap, const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    tap.check(false, "speech directory readable", dir);
    return;
  }
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".wav") files.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  double total = 0;
  for (const char* zoneName : {"cn", "itu"}) {
    const dsp::ToneZone* zone = dsp::findToneZone(zoneName);
    std::string hits;
    total = 0;
    for (const std::string& f : files) {
      dsp::WavAudio a;
      if (dsp::readWav(f, &a)) continue;
      total += static_cast<double>(a.samples.size()) / 8000;
      const auto ev = detect(*zone, a.samples);
      if (!ev.empty()) hits += f.substr(f.rfind('/') + 1) + ": " + describe(ev);
    }
    tap.check(hits.empty() && total >= 60, format("%s: no progress or fax tone in %.0f s of speech", zoneName, total), hits);
  }
}

}  // namespace

int main(int argc, char** argv) {
  test::Tap tap;
  cadenceTests(tap);
  faxTests(tap);
  silenceTests(tap);
  followerTests(tap);
  dtmfImmunity(tap);
  if (argc > 1) speechTests(tap, argv[1]);
  tap.check(std::string(dsp::progressToneName(dsp::ProgressTone::Busy)) == "busy" &&
                std::string(dsp::progressToneName(dsp::ProgressTone::FaxCed)) == "fax-ced",
            "progressToneName");
  return tap.finish();
}
