// Per-channel DSP throughput on one thread, in channel-seconds of audio per
// CPU-second (CLOCK_THREAD_CPUTIME_ID, not wall time).
//
// The chain measured, per channel and per 20 ms block of 160 samples:
//   A-law decode -> DTMF detection (ours) -> tone generation -> A-law encode.
// Content, per channel, 12 s cycled (channels start at different points):
//   4 s of DTMF (100 ms on / 100 ms off, -8..-20 dBm0 per tone, over line
//   noise at -55 dBm0), 4 s of idle line (A-law 0xD5), 4 s of noise at
//   -40 dBm0 (a caller's room). Every channel plays a tone meanwhile
//   (dial, ringback or busy of zone "cn").
// Compared with spandsp's dtmf_rx alone on the same (decoded) audio, and our
// detector alone on it, overall and per kind of content.
//
// The last line is exactly:
//   dsp: channels_per_core=<N> spandsp_dtmf_channels_per_core=<M> ratio=<N/M>
//
// Usage: dsp_bench [seconds-of-audio-per-channel, default 60] [channels, default 64]
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "dsp/dtmf_receiver.h"
#include "dsp/g711.h"
#include "dsp/sliding_dft.h"
#include "dsp/tone_generator.h"
#include "dsp/tone_zone.h"
#include "signals.h"

// spandsp.h expects libtiff's types to be declared first.
#include <tiffio.h>
#include <spandsp.h>

using namespace tl;

namespace {

constexpr size_t kBlock = 160;
constexpr size_t kClip = 12 * 8000;  // samples per content cycle

double threadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// 12 s of A-law: DTMF, idle, noise (see the header comment).
std::vector<uint8_t> makeClip(uint32_t seed) {
  test::Signal s(kClip, 0.0);
  const char* digits = "0123456789*#ABCD";
  static const double kLow[4] = {697, 770, 852, 941};
  static const double kHigh[4] = {1209, 1336, 1477, 1633};
  for (size_t k = 0; k < 20; ++k) {
    const int d = static_cast<int>((k + seed) % 16);
    const int pos = static_cast<int>(std::string("123A456B789C*0#D").find(digits[d]));
    const double level = -8 - static_cast<double>((k * 7 + seed) % 13);
    test::addTone(s, k * 1600, 800, kLow[pos / 4], level);
    test::addTone(s, k * 1600, 800, kHigh[pos % 4], level - 1);
  }
  test::Signal lineNoise(32000, 0.0);
  test::addNoise(lineNoise, -55, seed);
  for (size_t i = 0; i < 32000; ++i) s[i] += lineNoise[i];
  test::Signal room(32000, 0.0);
  test::addNoise(room, -40, seed + 1);
  for (size_t i = 0; i < 32000; ++i) s[64000 + i] = room[i];
  std::vector<int16_t> pcm = test::toPcm(s);
  std::vector<uint8_t> a(kClip);
  dsp::alawEncode(pcm.data(), a.data(), kClip);
  for (size_t i = 32000; i < 64000; ++i) a[i] = dsp::kAlawSilence;  // idle line
  return a;
}

struct Channel {
  std::unique_ptr<dsp::DtmfReceiver> rx;
  dsp::ToneGenerator tone;
  size_t offset;  // where in the clip this channel starts
  size_t digits = 0;
};

// Position in the clip of channel c's block b.
size_t clipPos(const Channel& ch, size_t block) { return (ch.offset + block * kBlock) % kClip; }

struct Result {
  double channelsPerCore;
  size_t digits;
};

// Full chain over `blocks` blocks of every channel.
Result chain(const std::vector<uint8_t>& clip, size_t channels, size_t blocks) {
  const dsp::ToneZone* cn = dsp::findToneZone("cn");
  std::vector<Channel> chans(channels);
  const char* tones[3] = {"dial", "ringback", "busy"};
  for (size_t c = 0; c < channels; ++c) {
    chans[c].rx = dsp::makeDtmfReceiver("tellerline");
    chans[c].tone.start(*cn->find(tones[c % 3]));
    chans[c].offset = (c * 8011 * kBlock) % kClip / kBlock * kBlock;
  }
  std::vector<uint8_t> out(channels * kBlock);
  int16_t in[kBlock];
  int16_t gen[kBlock];
  dsp::DtmfHit hits[8];
  const double t0 = threadCpuSeconds();
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t c = 0; c < channels; ++c) {
      Channel& ch = chans[c];
      dsp::alawDecode(clip.data() + clipPos(ch, b), in, kBlock);
      const size_t k = ch.rx->process(in, kBlock, hits, 8);
      for (size_t i = 0; i < k; ++i) ch.digits += hits[i].start;
      ch.tone.generate(gen, kBlock);
      dsp::alawEncode(gen, out.data() + c * kBlock, kBlock);
    }
  }
  const double cpu = threadCpuSeconds() - t0;
  size_t digits = 0;
  for (const Channel& ch : chans) digits += ch.digits;
  return {static_cast<double>(channels * blocks) * 0.02 / cpu, digits};
}

// A detector alone on decoded audio: `from`..`to` of the clip only.
Result detectorAlone(const char* kind, const std::vector<int16_t>& pcm, size_t channels, size_t blocks, size_t from,
                     size_t to) {
  const size_t span = to - from;
  std::vector<std::unique_ptr<dsp::DtmfReceiver>> ours;
  std::vector<dtmf_rx_state_t*> theirs;
  std::vector<size_t> offsets(channels);
  size_t digits = 0;
  struct Counter {
    static void onDigits(void* user, const char*, int len) { *static_cast<size_t*>(user) += static_cast<size_t>(len); }
  };
  for (size_t c = 0; c < channels; ++c) {
    offsets[c] = (c * 8011 * kBlock) % span / kBlock * kBlock;
    if (std::string(kind) == "spandsp") {
      theirs.push_back(dtmf_rx_init(nullptr, &Counter::onDigits, &digits));
    } else {
      ours.push_back(dsp::makeDtmfReceiver(kind));
    }
  }
  dsp::DtmfHit hits[8];
  const double t0 = threadCpuSeconds();
  for (size_t b = 0; b < blocks; ++b) {
    for (size_t c = 0; c < channels; ++c) {
      const int16_t* x = pcm.data() + from + (offsets[c] + b * kBlock) % span;
      if (theirs.empty()) {
        const size_t k = ours[c]->process(x, kBlock, hits, 8);
        for (size_t i = 0; i < k; ++i) digits += hits[i].start;
      } else {
        dtmf_rx(theirs[c], x, static_cast<int>(kBlock));
      }
    }
  }
  const double cpu = threadCpuSeconds() - t0;
  for (dtmf_rx_state_t* s : theirs) dtmf_rx_free(s);
  return {static_cast<double>(channels * blocks) * 0.02 / cpu, digits};
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const size_t channels = argc > 2 ? static_cast<size_t>(std::atol(argv[2])) : 64;
  const auto blocks = static_cast<size_t>(seconds * 50);
  const std::vector<uint8_t> clip = makeClip(1);
  std::vector<int16_t> pcm(kClip);
  dsp::alawDecode(clip.data(), pcm.data(), kClip);
  std::printf("# %zu channels x %.0f s of audio each, 160-sample blocks, one thread\n", channels, seconds);
  std::printf("# content per channel: 4 s DTMF over -55 dBm0 noise, 4 s idle (0xD5), 4 s noise at -40 dBm0\n");
  std::printf("# simd: %s\n", dsp::detail::cpuHasAvx2() ? "avx2" : "sse2/portable");

  // Warm-up (tables, caches), then the measurements.
  chain(clip, channels, 50);
  const Result full = chain(clip, channels, blocks);
  const Result ours = detectorAlone("tellerline", pcm, channels, blocks, 0, kClip);
  const Result theirs = detectorAlone("spandsp", pcm, channels, blocks, 0, kClip);
  std::printf("# full chain (decode + our DTMF + tone + encode): %.0f channel-s per CPU-s, %zu digits\n",
              full.channelsPerCore, full.digits);
  std::printf("# our DTMF alone:     %.0f channel-s per CPU-s, %zu digits\n", ours.channelsPerCore, ours.digits);
  std::printf("# spandsp DTMF alone: %.0f channel-s per CPU-s, %zu digits\n", theirs.channelsPerCore, theirs.digits);
  std::printf("# ours / spandsp, DTMF alone: %.2f\n", ours.channelsPerCore / theirs.channelsPerCore);
  const char* parts[3] = {"DTMF part", "idle part", "noise part"};
  for (size_t p = 0; p < 3; ++p) {
    const size_t from = p * 32000;
    const Result o = detectorAlone("tellerline", pcm, channels, blocks / 3, from, from + 32000);
    const Result s = detectorAlone("spandsp", pcm, channels, blocks / 3, from, from + 32000);
    std::printf("# %-10s ours %.0f, spandsp %.0f channel-s per CPU-s (ratio %.2f)\n", parts[p], o.channelsPerCore,
                s.channelsPerCore, o.channelsPerCore / s.channelsPerCore);
  }
  std::printf("dsp: channels_per_core=%.0f spandsp_dtmf_channels_per_core=%.0f ratio=%.2f\n", full.channelsPerCore,
              theirs.channelsPerCore, full.channelsPerCore / theirs.channelsPerCore);
  return 0;
}
