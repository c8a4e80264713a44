// Answering-machine detection: the verdicts on synthetic answers (a short
// word then silence, a long greeting, a beep, fax tones, nothing), their
// timing, and the same verdict at the same time however the audio is cut
// into blocks. The accuracy on spoken corpora is measured through the engine
// (test/telephony/answer-detection.test.ts, bench/amd.ts).
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "dsp/answer_detector.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

// Speech-like sound: band-limited noise in syllables of about 200 ms.
void addSyllables(test::Signal& s, size_t start, double ms, double dbm0, uint32_t seed) {
  const size_t n = static_cast<size_t>(test::msToSamples(ms));
  if (s.size() < start + n) s.resize(start + n, 0.0);
  std::mt19937 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  const double rms = dsp::dbm0ToRms(dbm0);
  double low = 0, band = 0;
  for (size_t i = 0; i < n; ++i) {
    low += 0.5 * (g(rng) - low);
    band = 0.7 * band + (low - band) * 0.3;
    const double env = 0.25 + 0.75 * std::fabs(std::sin(std::numbers::pi * static_cast<double>(i) / 1600.0));
    s[start + i] += rms * 3.0 * (low - band) * env;
  }
}

dsp::AnswerVerdict run(const std::vector<int16_t>& x, size_t block, const dsp::AnswerDetectorConfig& config = {}) {
  dsp::AnswerDetector det(config);
  for (size_t pos = 0; pos < x.size(); pos += block) {
    if (det.process(x.data() + pos, std::min(block, x.size() - pos))) break;
  }
  return det.verdict();
}

std::vector<int16_t> person(uint32_t seed) {
  test::Signal s;
  test::addSilence(s, static_cast<size_t>(test::msToSamples(6000)));
  addSyllables(s, static_cast<size_t>(test::msToSamples(500)), 400, -18, seed);
  test::addNoise(s, -55, seed + 1);
  return test::alawChannel(s);
}

std::vector<int16_t> machine(uint32_t seed) {
  test::Signal s;
  test::addSilence(s, static_cast<size_t>(test::msToSamples(6000)));
  // Sentences of 1.2 s with 300 ms pauses.
  for (int k = 0; k < 3; ++k) addSyllables(s, static_cast<size_t>(test::msToSamples(300 + 1500 * k)), 1200, -18, seed + k);
  test::addNoise(s, -55, seed + 9);
  return test::alawChannel(s);
}

const char* name(dsp::AnswerResult r) { return dsp::answerResultName(r); }

}  // namespace

int main() {
  test::Tap tap;
  const dsp::AnswerDetectorConfig defaults;

  {
    const auto v = run(person(1), 160);
    tap.check(v.result == dsp::AnswerResult::Person, "a short word then silence: person", name(v.result));
    // 500 ms before, 400 ms of word, then afterGreetingSilenceMs.
    const double expected = 500 + 400 + defaults.afterGreetingSilenceMs;
    tap.check(std::fabs(v.afterMs - expected) <= 150, "person: verdict once the silence after the word is long enough",
              format("after %u ms, expected about %.0f", v.afterMs, expected));
  }
  {
    const auto v = run(machine(2), 160);
    tap.check(v.result == dsp::AnswerResult::Machine, "a greeting of sentences with short pauses: machine", name(v.result));
    const double expected = 300 + defaults.greetingMs;
    tap.check(std::fabs(v.afterMs - expected) <= 150, "machine: verdict when the utterance reaches greetingMs",
              format("after %u ms, expected about %.0f", v.afterMs, expected));
  }
  {
    dsp::AnswerDetectorConfig longer;
    longer.greetingMs = 8000;
    longer.maxAnalysisMs = 6000;
    const auto v = run(machine(3), 160, longer);
    tap.check(v.result == dsp::AnswerResult::Person, "thresholds are configurable: a longer greetingMs passes the same greeting",
              name(v.result));
  }
  {
    const std::vector<int16_t> zeros(static_cast<size_t>(test::msToSamples(6000)), 0);
    const auto v = run(zeros, 160);
    tap.check(v.result == dsp::AnswerResult::Silence && v.afterMs == defaults.initialSilenceMs,
              "nothing at all: silence at initialSilenceMs", format("%s after %u ms", name(v.result), v.afterMs));
    test::Signal hiss;
    test::addSilence(hiss, static_cast<size_t>(test::msToSamples(6000)));
    test::addNoise(hiss, -35, 5);
    const auto h = run(test::alawChannel(hiss), 160);
    tap.check(h.result == dsp::AnswerResult::Silence, "steady line noise at -35 dBm0 is not speech", name(h.result));
  }
  for (double hz : {440.0, 1000.0, 1400.0, 2400.0}) {
    test::Signal s;
    test::addSilence(s, static_cast<size_t>(test::msToSamples(4000)));
    test::addTone(s, static_cast<size_t>(test::msToSamples(400)), static_cast<size_t>(test::msToSamples(500)), hz, -15);
    test::addNoise(s, -50, 7);
    const auto v = run(test::alawChannel(s), 160);
    tap.check(v.result == dsp::AnswerResult::Machine && v.afterMs <= 400 + 250,
              format("a %.0f Hz beep: machine within 250 ms of its start", hz), format("%s after %u ms", name(v.result), v.afterMs));
  }
  {
    test::Signal cng;
    test::addSilence(cng, static_cast<size_t>(test::msToSamples(6000)));
    for (int k = 0; k < 2; ++k) test::addTone(cng, static_cast<size_t>(test::msToSamples(200 + 3500 * k)), 4000, 1100, -12);
    const auto v = run(test::alawChannel(cng), 160);
    tap.check(v.result == dsp::AnswerResult::Fax, "CNG (1100 Hz, 0.5 s on) is a fax, not a beep", name(v.result));
    test::Signal ced;
    test::addTone(ced, 0, static_cast<size_t>(test::msToSamples(3000)), 2100, -12);
    const auto w = run(test::alawChannel(ced), 160);
    tap.check(w.result == dsp::AnswerResult::Fax, "CED (2100 Hz) is a fax", name(w.result));
  }
  {
    bool same = true;
    std::string detail;
    for (const auto& x : {person(11), machine(12)}) {
      const auto ref = run(x, 160);
      for (size_t block : {1u, 7u, 80u, 333u, 1000u}) {
        const auto v = run(x, block);
        if (v.result != ref.result || v.afterMs != ref.afterMs || v.speechMs != ref.speechMs) {
          same = false;
          detail = format("block %zu: %s after %u ms, 160: %s after %u ms", block, name(v.result), v.afterMs, name(ref.result), ref.afterMs);
        }
      }
    }
    tap.check(same, "the same verdict at the same time for blocks of 1, 7, 80, 333 and 1000 samples", detail);
  }
  {
    dsp::AnswerDetector det;
    const auto x = machine(21);
    for (size_t pos = 0; pos < x.size(); pos += 160) det.process(x.data() + pos, std::min<size_t>(160, x.size() - pos));
    const auto first = det.verdict();
    det.reset();
    tap.check(det.verdict().result == dsp::AnswerResult::None, "reset() forgets the verdict");
    for (size_t pos = 0; pos < x.size(); pos += 160) det.process(x.data() + pos, std::min<size_t>(160, x.size() - pos));
    tap.check(det.verdict().afterMs == first.afterMs, "after reset() the detector starts afresh");
  }
  return tap.finish();
}
