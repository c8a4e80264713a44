// DTMF talk-off on music: a generated corpus of more than 30 minutes
// (music_corpus.h) must give our receiver no digit at all; spandsp's count
// on the same audio is printed for comparison. And the talk-off guard must
// not cost a Q.24 accept case: pairs with both tones at the corners of the
// accept band, the ones nearest a harmonic ratio among them, are all found.
//
// Usage: dsp_dtmf_music_test [minutes, default 32] [seed]
//   Other seeds give other music (outside the suite: see native/README.md).
#include <cstdlib>
#include <string>
#include <vector>

#include "dsp/dtmf_receiver.h"
#include "music_corpus.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

const char* const kPad = "123A456B789C*0#D";
const double kLow[4] = {697, 770, 852, 941};
const double kHigh[4] = {1209, 1336, 1477, 1633};

// Feeds a stream in 160-sample blocks and collects the digits it starts.
class Listener {
 public:
  explicit Listener(const char* kind) : rx_(dsp::makeDtmfReceiver(kind)) {}

  // Returns the digits started in x, with their sample offsets in x.
  std::vector<std::pair<char, size_t>> feed(const std::vector<int16_t>& x) {
    std::vector<std::pair<char, size_t>> got;
    dsp::DtmfHit hits[16];
    for (size_t pos = 0; pos < x.size(); pos += 160) {
      const size_t n = std::min<size_t>(160, x.size() - pos);
      const size_t k = rx_->process(x.data() + pos, n, hits, 16);
      for (size_t i = 0; i < k; ++i) {
        if (hits[i].start) got.emplace_back(hits[i].digit, pos + hits[i].sampleOffset);
      }
    }
    return got;
  }

 private:
  std::unique_ptr<dsp::DtmfReceiver> rx_;
};

std::string digitsOf(const std::vector<std::pair<char, size_t>>& v) {
  std::string s;
  for (const auto& d : v) s += d.first;
  return s;
}

void musicCorpus(test::Tap& tap, double minutes, uint32_t seed) {
  test::MusicCorpus corpus(seed);
  Listener ours("tellerline");
  Listener theirs("spandsp");
  const int kinds = static_cast<int>(test::MusicKind::kCount);
  std::vector<int> oursByKind(static_cast<size_t>(kinds), 0);
  std::vector<int> theirsByKind(static_cast<size_t>(kinds), 0);
  double seconds = 0;
  int oursTotal = 0;
  int theirsTotal = 0;
  std::string detail;
  const int pieces = static_cast<int>(minutes * 60 / test::MusicCorpus::kPieceSeconds + 0.5);
  for (int p = 0; p < pieces; ++p) {
    test::MusicKind kind;
    std::string what;
    const std::vector<int16_t> x = corpus.next(&kind, &what);
    const auto a = ours.feed(x);
    const auto b = theirs.feed(x);
    oursByKind[static_cast<size_t>(kind)] += static_cast<int>(a.size());
    theirsByKind[static_cast<size_t>(kind)] += static_cast<int>(b.size());
    oursTotal += static_cast<int>(a.size());
    theirsTotal += static_cast<int>(b.size());
    for (const auto& d : a) {
      if (detail.size() < 600) {
        detail += format("'%c' in piece %d (%s) at %.2f s; ", d.first, p, what.c_str(),
                         static_cast<double>(d.second) / 8000.0);
      }
    }
    seconds += static_cast<double>(x.size()) / 8000.0;
  }
  for (int k = 0; k < kinds; ++k) {
    tap.note("music, %s: ours %d digits, spandsp %d digits", test::musicKindName(static_cast<test::MusicKind>(k)),
             oursByKind[static_cast<size_t>(k)], theirsByKind[static_cast<size_t>(k)]);
  }
  tap.note("talk-off over %.1f min of music: ours %d digits, spandsp %d digits", seconds / 60, oursTotal, theirsTotal);
  tap.check(seconds >= 30 * 60, "at least 30 minutes of generated music", format("%.1f s", seconds));
  tap.check(oursTotal == 0, "talk-off: zero digits detected in music", detail);
}

// Pure two-tone pairs made by the corpus's own note synthesis (a timbre with
// no audible harmonics) are found: the corpus path reaches the receiver, and
// a DTMF pair among music notes still counts.
void synthesisReachesReceiver(test::Tap& tap) {
  test::MusicTimbre pure;
  pure.slope = 30;
  test::Signal s(8000 * 3, 0.0);
  std::string want;
  for (int i = 0; i < 16; ++i) {
    test::MusicNote lo;
    lo.start = static_cast<size_t>(800 + i * 1200);
    lo.length = 480;
    lo.fromHz = lo.toHz = kLow[i / 4];
    lo.dbm0 = -12;
    test::MusicNote hi = lo;
    hi.fromHz = hi.toHz = kHigh[i % 4];
    hi.dbm0 = -10;
    test::MusicCorpus::render(s, lo, pure);
    test::MusicCorpus::render(s, hi, pure);
    want += kPad[i];
  }
  const std::string got = digitsOf(Listener("tellerline").feed(test::alawChannel(s)));
  tap.check(got == want, "DTMF pairs made by the music synthesis are detected", format("got \"%s\"", got.c_str()));
}

// Every digit with both tones moved to each corner of Q.24's accept band,
// +/-(1.5% + 2 Hz) each way: the pairs nearest the octave and the 3:2 ratio
// (the talk-off guard's targets) are among them.
void acceptCorners(test::Tap& tap) {
  int wrong = 0;
  std::string first;
  for (double level : {-4.0, -25.0}) {
    for (int lowSign : {-1, 1}) {
      for (int highSign : {-1, 1}) {
        test::Signal s;
        test::addSilence(s, 160);
        for (int i = 0; i < 16; ++i) {
          const double lo = kLow[i / 4] + lowSign * (kLow[i / 4] * 0.015 + 2);
          const double hi = kHigh[i % 4] + highSign * (kHigh[i % 4] * 0.015 + 2);
          const size_t at = s.size();
          test::addTone(s, at, 400, lo, level, 0.3);
          test::addTone(s, at, 400, hi, level, 1.1);
          test::addSilence(s, 400);
        }
        test::addSilence(s, 800);
        const std::string got = digitsOf(Listener("tellerline").feed(test::alawChannel(s)));
        if (got != kPad) {
          ++wrong;
          if (first.empty()) {
            first = format("low %+d, high %+d at %.0f dBm0: got \"%s\"", lowSign, highSign, level, got.c_str());
          }
        }
      }
    }
  }
  tap.check(wrong == 0, "accepts all 16 digits with both tones at the corners of +/-(1.5% + 2 Hz)",
            format("%d of 8 runs wrong; first: %s", wrong, first.c_str()));
}

}  // namespace

int main(int argc, char** argv) {
  const double minutes = argc > 1 ? std::atof(argv[1]) : 32;
  const uint32_t seed = argc > 2 ? static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 20260416;
  test::Tap tap;
  synthesisReachesReceiver(tap);
  acceptCorners(tap);
  musicCorpus(tap, minutes, seed);
  return tap.finish();
}
