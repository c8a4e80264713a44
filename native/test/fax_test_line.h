// A simulated telephone line between two FaxSessions, as the virtual cable
// carries a call: every block (160 samples, or 80) each side's block is
// attenuated and given white noise if asked, A-law encoded and decoded, and
// handed to the other side as its next received block. Runs as fast as the
// CPU allows; time is counted in samples.
#pragma once

#include <time.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "dsp/fax_session.h"
#include "dsp/g711.h"
#include "dsp/level.h"
#include "dsp/mix.h"

namespace tl::test {

inline double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct SideLog {
  std::vector<dsp::FaxEvent> events;
  std::vector<int16_t> sent;  // what this side put on the line (after A-law), if captured
  bool capture = false;
  size_t captureSamples = 8000 * 12;  // the first 12 s are enough for CNG/CED
  // CPU spent in process() between this side's phase B and phase E, and the
  // line time it covered.
  double dataCpu = 0;
  uint64_t dataSamples = 0;
  bool inData = false;
};

struct LineOptions {
  double noiseDbm0 = NAN;     // white noise added to each direction; NAN = none
  double attenuationDb = 0;   // loss of each direction (spandsp sends at about -14 dBm0)
  uint32_t seed = 1;          // of the noise
  size_t block = 160;         // samples per block (the engine's 160 or 80)
};

class FaxLine {
 public:
  static constexpr size_t kMaxBlock = 160;

  FaxLine(dsp::FaxSession& a, dsp::FaxSession& b, const LineOptions& o = {})
      : s_{&a, &b},
        rng_(o.seed),
        noise_(std::isnan(o.noiseDbm0) ? 0.0 : dsp::dbm0ToRms(o.noiseDbm0)),
        gain_(std::pow(10.0, -o.attenuationDb / 20.0)),
        block_(o.block) {
    for (auto& l : line_) l.assign(block_, dsp::alawToLinear(dsp::kAlawSilence));
  }

  // Whether a side is still fed: a side that is not is neither processed
  // nor heard; its direction of the line carries what `stand-in` plays (if
  // set: e.g. music where a fax was expected), else silence, plus noise.
  bool alive[2] = {true, true};
  std::function<void(int16_t* out, size_t n)> standIn[2];
  SideLog log[2];
  uint64_t samples = 0;

  // One block each way.
  void step() {
    int16_t tx[2][kMaxBlock];
    for (int i = 0; i < 2; ++i) {
      if (!alive[i]) {
        if (standIn[i]) {
          standIn[i](tx[i], block_);
        } else {
          std::fill(tx[i], tx[i] + block_, int16_t{0});
        }
        continue;
      }
      const double t0 = threadCpuSeconds();
      s_[i]->process(line_[1 - i].data(), tx[i], block_);
      const double t1 = threadCpuSeconds();
      SideLog& lg = log[i];
      if (lg.inData) {
        lg.dataCpu += t1 - t0;
        lg.dataSamples += block_;
      }
      dsp::FaxEvent ev[8];
      const size_t k = s_[i]->takeEvents(ev, 8);
      for (size_t e = 0; e < k; ++e) {
        lg.events.push_back(ev[e]);
        if (ev[e].kind == dsp::FaxEventKind::PhaseB) lg.inData = true;
        if (ev[e].kind == dsp::FaxEventKind::PhaseE) lg.inData = false;
      }
    }
    for (int i = 0; i < 2; ++i) {
      // Side i's block travels to side 1-i: line_[i] is what 1-i hears next.
      uint8_t alaw[kMaxBlock];
      int16_t pcm[kMaxBlock];
      if (noise_ > 0 || gain_ != 1.0) {
        std::normal_distribution<double> g(0.0, noise_ > 0 ? noise_ : 1.0);
        for (size_t k = 0; k < block_; ++k) {
          const double v = tx[i][k] * gain_ + (noise_ > 0 ? g(rng_) : 0.0);
          pcm[k] = dsp::saturate(static_cast<int32_t>(std::lrint(v)));
        }
      } else {
        std::copy(tx[i], tx[i] + block_, pcm);
      }
      dsp::alawEncode(pcm, alaw, block_);
      dsp::alawDecode(alaw, line_[i].data(), block_);
      SideLog& lg = log[i];
      if (lg.capture && lg.sent.size() < lg.captureSamples) {
        lg.sent.insert(lg.sent.end(), line_[i].begin(), line_[i].end());
      }
    }
    samples += block_;
  }

  bool bothFinished() const { return s_[0]->finished() && s_[1]->finished(); }

  // Steps until `done()` or `maxSeconds` of line time; true if done.
  template <typename Done>
  bool runUntil(Done done, double maxSeconds) {
    const auto limit = static_cast<uint64_t>(maxSeconds * 8000);
    while (!done()) {
      if (samples >= limit) return false;
      step();
    }
    return true;
  }

 private:
  dsp::FaxSession* s_[2];
  std::mt19937 rng_;
  double noise_;
  double gain_;
  std::vector<int16_t> line_[2];
  const size_t block_;
};

}  // namespace tl::test
