// WAV reader and writer: round trips in all three encodings, header patching
// on flush, refusals with the right kind and message, odd layouts
// (EXTENSIBLE, extra chunks, odd padding) and truncated data.
//
// Usage: dsp_wav_test [temp-dir]   (default: a fresh directory under /tmp)
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <string>
#include <vector>

#include "dsp/g711.h"
#include "dsp/wav.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

std::string dir;

std::string path(const char* name) { return dir + "/" + name; }

std::vector<uint8_t> fileBytes(const std::string& p) {
  std::vector<uint8_t> out;
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (f == nullptr) return out;
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  std::fclose(f);
  return out;
}

void writeBytes(const std::string& p, const std::vector<uint8_t>& bytes) {
  std::FILE* f = std::fopen(p.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

void put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x));
  v.push_back(static_cast<uint8_t>(x >> 8));
}
void put32(std::vector<uint8_t>& v, uint32_t x) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}
void tag(std::vector<uint8_t>& v, const char* t) { v.insert(v.end(), t, t + 4); }

// A hand-made WAV: fmt fields as given, an optional extra chunk before fmt,
// `dataBytes` declared, `actual` bytes present.
std::vector<uint8_t> craft(uint16_t format, uint16_t channels, uint32_t rate, uint16_t bits, uint32_t dataBytes,
                           uint32_t actual, bool extensible = false, bool junkFirst = false, uint16_t subFormat = 0) {
  std::vector<uint8_t> v;
  tag(v, "RIFF");
  put32(v, 0);  // patched below
  tag(v, "WAVE");
  if (junkFirst) {
    tag(v, "LIST");
    put32(v, 5);  // odd size: one pad byte follows
    v.insert(v.end(), {'I', 'N', 'F', 'O', 'x', 0});
  }
  tag(v, "fmt ");
  put32(v, extensible ? 40 : 16);
  put16(v, extensible ? 0xFFFE : format);
  put16(v, channels);
  put32(v, rate);
  put32(v, rate * channels * bits / 8);
  put16(v, static_cast<uint16_t>(channels * bits / 8));
  put16(v, bits);
  if (extensible) {
    put16(v, 22);
    put16(v, bits);
    put32(v, 4);  // channel mask: front centre
    put16(v, subFormat);
    const uint8_t guidTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    v.insert(v.end(), guidTail, guidTail + 14);
  }
  tag(v, "data");
  put32(v, dataBytes);
  for (uint32_t i = 0; i < actual; ++i) v.push_back(static_cast<uint8_t>(i * 7));
  const auto riff = static_cast<uint32_t>(v.size() - 8);
  std::memcpy(v.data() + 4, &riff, 4);
  return v;
}

std::vector<int16_t> testSignal(size_t n) {
  test::Signal s;
  test::addTone(s, 0, n, 440, -6);
  test::addNoise(s, -30, 4);
  return test::toPcm(s);
}

void roundTrips(test::Tap& tap) {
  const std::vector<int16_t> x = testSignal(8001);  // odd: exercises the pad byte
  for (dsp::WavEncoding enc : {dsp::WavEncoding::Alaw, dsp::WavEncoding::Ulaw, dsp::WavEncoding::Pcm16}) {
    const std::string p = path(format("rt-%s.wav", dsp::wavEncodingName(enc)).c_str());
    dsp::WavWriter w;
    bool ok = !w.open(p, enc) && w.isOpen();
    ok = ok && !w.write(x.data(), 3000) && !w.write(x.data() + 3000, x.size() - 3000) && w.samplesWritten() == x.size();
    ok = ok && !w.close() && !w.isOpen();
    dsp::WavAudio a;
    const dsp::WavError e = dsp::readWav(p, &a);
    std::vector<int16_t> want = x;
    if (enc == dsp::WavEncoding::Alaw) {
      want = test::alawChannel(x);
    } else if (enc == dsp::WavEncoding::Ulaw) {
      std::vector<uint8_t> u(x.size());
      dsp::ulawEncode(x.data(), u.data(), x.size());
      dsp::ulawDecode(u.data(), want.data(), x.size());
    }
    dsp::WavEncoding probed = dsp::WavEncoding::Pcm16;
    uint64_t count = 0;
    const dsp::WavError pe = dsp::probeWav(p, &probed, &count);
    const size_t bytes = fileBytes(p).size();
    const size_t expectBytes = enc == dsp::WavEncoding::Pcm16 ? 44 + 2 * x.size() : 58 + x.size() + 1;
    tap.check(ok && !e && a.encoding == enc && a.samples == want && !pe && probed == enc && count == x.size() &&
                  bytes == expectBytes,
              format("%s: write then read gives the samples back (as the codec would)", dsp::wavEncodingName(enc)),
              format("%s; %zu samples read; %zu bytes (want %zu)", e.message.c_str(), a.samples.size(), bytes,
                     expectBytes));
  }

  // sox, when installed, reads what we write and counts the same samples.
  for (const char* name : {"rt-alaw.wav", "rt-ulaw.wav", "rt-pcm16.wav"}) {
    std::FILE* p = popen(("soxi -s '" + path(name) + "' 2>/dev/null").c_str(), "r");
    char line[64] = {};
    const bool got = p != nullptr && std::fgets(line, sizeof line, p) != nullptr;
    if (p != nullptr) pclose(p);
    if (!got) {
      tap.note("soxi not available: skipping the cross-check of %s", name);
      continue;
    }
    tap.check(std::atol(line) == static_cast<long>(x.size()), format("sox reads our %s: %zu samples", name, x.size()),
              line);
  }

  // Flush patches the header: a reader sees what was written so far.
  const std::string p = path("flush.wav");
  dsp::WavWriter w;
  w.open(p, dsp::WavEncoding::Alaw);
  w.write(x.data(), 1600);
  w.flush();
  dsp::WavAudio a;
  const dsp::WavError e1 = dsp::readWav(p, &a);
  const size_t afterFirst = a.samples.size();
  w.write(x.data(), 800);
  w.flush();
  const dsp::WavError e2 = dsp::readWav(p, &a);
  tap.check(!e1 && !e2 && afterFirst == 1600 && a.samples.size() == 2400,
            "flush() patches the sizes: a crash leaves a playable file",
            format("%zu then %zu samples", afterFirst, a.samples.size()));
  w.close();
  tap.check(static_cast<bool>(w.write(x.data(), 10)) && w.write(x.data(), 10).kind == dsp::WavErrorKind::Io,
            "writing to a closed writer is an Io error");
  dsp::WavWriter bad;
  const dsp::WavError oe = bad.open(dir + "/no/such/dir/x.wav", dsp::WavEncoding::Pcm16);
  tap.check(oe.kind == dsp::WavErrorKind::NotFound && oe.message.find(dir + "/no/such/dir/x.wav: ") == 0,
            "opening a file in a missing directory: NotFound", oe.message);
}

void refusals(test::Tap& tap) {
  struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    dsp::WavErrorKind kind;
    const char* message;  // after "<path>: "
  };
  const std::vector<Case> cases = {
      {"cd.wav", craft(1, 2, 44100, 16, 400, 400), dsp::WavErrorKind::Format,
       "44100 Hz stereo 16-bit PCM; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"u8.wav", craft(1, 1, 8000, 8, 400, 400), dsp::WavErrorKind::Format,
       "8000 Hz mono 8-bit unsigned PCM; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"alaw16k.wav", craft(6, 1, 16000, 8, 400, 400), dsp::WavErrorKind::Format,
       "16000 Hz mono A-law; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"float.wav", craft(3, 1, 8000, 32, 400, 400), dsp::WavErrorKind::Format,
       "8000 Hz mono 32-bit IEEE float; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"ext-float.wav", craft(0, 1, 8000, 32, 400, 400, true, false, 3), dsp::WavErrorKind::Format,
       "8000 Hz mono 32-bit IEEE float; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"gsm.wav", craft(0x31, 1, 8000, 0, 400, 400), dsp::WavErrorKind::Format,
       "8000 Hz mono 0-bit GSM 6.10; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"garbage.wav", std::vector<uint8_t>(300, 0x5A), dsp::WavErrorKind::Format,
       "not a RIFF WAVE file; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
      {"empty.wav", {}, dsp::WavErrorKind::Format,
       "not a RIFF WAVE file; expected 8000 Hz mono A-law, mu-law or 16-bit PCM"},
  };
  for (const Case& c : cases) {
    const std::string p = path(c.name);
    writeBytes(p, c.bytes);
    dsp::WavAudio a;
    const dsp::WavError e = dsp::readWav(p, &a);
    const dsp::WavError pe = dsp::probeWav(p, nullptr, nullptr);
    const std::string want = p + ": " + c.message;
    tap.check(e.kind == c.kind && e.message == want && pe.kind == c.kind && pe.message == want,
              format("refuses %s with a Format error saying what it is", c.name), e.message);
  }
  dsp::WavAudio a;
  const dsp::WavError missing = dsp::readWav(path("missing.wav"), &a);
  tap.check(missing.kind == dsp::WavErrorKind::NotFound && missing.message == path("missing.wav") + ": no such file",
            "a missing file is NotFound", missing.message);
  const dsp::WavError isDir = dsp::readWav(dir, &a);
  tap.check(isDir.kind == dsp::WavErrorKind::Io && isDir.message.find(dir + ": ") == 0,
            "a directory is an Io error", isDir.message);
}

void layouts(test::Tap& tap) {
  dsp::WavAudio a;
  // Truncated data chunk: declares 16000 bytes of PCM, holds 1001.
  writeBytes(path("trunc.wav"), craft(1, 1, 8000, 16, 16000, 1001));
  const dsp::WavError e = dsp::readWav(path("trunc.wav"), &a);
  tap.check(!e && a.samples.size() == 500 && a.encoding == dsp::WavEncoding::Pcm16,
            "a truncated data chunk yields what is there (whole samples)",
            format("%s %zu samples", e.message.c_str(), a.samples.size()));
  // A streaming writer's 0xFFFFFFFF size.
  writeBytes(path("stream.wav"), craft(6, 1, 8000, 8, 0xFFFFFFFF, 777));
  const dsp::WavError es = dsp::readWav(path("stream.wav"), &a);
  tap.check(!es && a.samples.size() == 777 && a.encoding == dsp::WavEncoding::Alaw,
            "a data size of 0xFFFFFFFF reads to the end of the file", es.message);
  // EXTENSIBLE A-law after an odd-sized LIST chunk.
  const auto ext = craft(0, 1, 8000, 8, 800, 800, true, true, 6);
  writeBytes(path("ext-alaw.wav"), ext);
  const dsp::WavError ee = dsp::readWav(path("ext-alaw.wav"), &a);
  bool decoded = a.samples.size() == 800;
  for (size_t i = 0; decoded && i < 800; ++i) decoded = a.samples[i] == dsp::alawToLinear(static_cast<uint8_t>(i * 7));
  tap.check(!ee && decoded && a.encoding == dsp::WavEncoding::Alaw,
            "WAVE_FORMAT_EXTENSIBLE A-law after an odd-sized chunk is read and decoded", ee.message);
  writeBytes(path("ext-pcm.wav"), craft(0, 1, 8000, 16, 800, 800, true, false, 1));
  const dsp::WavError ep = dsp::readWav(path("ext-pcm.wav"), &a);
  tap.check(!ep && a.samples.size() == 400 && a.encoding == dsp::WavEncoding::Pcm16, "EXTENSIBLE PCM is read",
            ep.message);
  writeBytes(path("ext-ulaw.wav"), craft(0, 1, 8000, 8, 100, 100, true, false, 7));
  const dsp::WavError eu = dsp::readWav(path("ext-ulaw.wav"), &a);
  tap.check(!eu && a.samples.size() == 100 && a.encoding == dsp::WavEncoding::Ulaw, "EXTENSIBLE mu-law is read",
            eu.message);
  // No data chunk at all.
  auto noData = craft(6, 1, 8000, 8, 0, 0);
  noData.resize(noData.size() - 8);
  writeBytes(path("nodata.wav"), noData);
  const dsp::WavError en = dsp::readWav(path("nodata.wav"), &a);
  tap.check(en.kind == dsp::WavErrorKind::Format && en.message == path("nodata.wav") + ": no data chunk",
            "a file without a data chunk is a Format error", en.message);
}

}  // namespace

int main(int argc, char** argv) {
  test::Tap tap;
  bool ownDir = false;
  if (argc > 1) {
    dir = argv[1];
  } else {
    char tmpl[] = "/tmp/tl-wav-test-XXXXXX";
    const char* d = mkdtemp(tmpl);
    if (d == nullptr) {
      tap.check(false, "create a temporary directory");
      return tap.finish();
    }
    dir = d;
    ownDir = true;
  }
  roundTrips(tap);
  refusals(tap);
  layouts(tap);
  if (ownDir) std::filesystem::remove_all(dir);
  return tap.finish();
}
