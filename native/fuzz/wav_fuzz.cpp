// The WAV reader (dsp/wav.cpp) on hostile files: prompts and uploaded
// recordings come from outside. Whatever the bytes, readWav() and probeWav()
// must return (no crash, no overread, no undefined behaviour), agree with
// each other, and refuse with a message that starts with the path.
#include <cstdint>
#include <cstring>

#include "dsp/wav.h"
#include "fuzz_file.h"

using tl::dsp::WavAudio;
using tl::dsp::WavEncoding;
using tl::dsp::WavError;
using tl::dsp::WavErrorKind;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tl::fuzz::MemoryFile file(data, size);
  WavAudio audio;
  const WavError read = tl::dsp::readWav(file.path(), &audio);
  WavEncoding encoding = WavEncoding::Pcm16;
  uint64_t samples = 0;
  const WavError probe = tl::dsp::probeWav(file.path(), &encoding, &samples);

  if (static_cast<bool>(read) != static_cast<bool>(probe)) tl::fuzz::violated("readWav and probeWav disagree");
  if (read) {
    if (read.kind != WavErrorKind::Format) tl::fuzz::violated("a readable file refused as other than Format");
    if (read.message.rfind(file.path() + ": ", 0) != 0) tl::fuzz::violated("error message does not start with the path");
    return 0;
  }
  if (samples != audio.samples.size()) tl::fuzz::violated("probeWav counts other samples than readWav decodes");
  if (encoding != audio.encoding) tl::fuzz::violated("probeWav and readWav see other encodings");
  const uint64_t bytesPerSample = encoding == WavEncoding::Pcm16 ? 2 : 1;
  if (samples * bytesPerSample > size) tl::fuzz::violated("more samples than the file has bytes");
#ifdef TL_FUZZ_CANARY
  // 16-bit PCM decodes to its own bytes: the token in the samples went through the chunk walk.
  if (tl::fuzz::holdsCanaryToken(audio.samples.data(), audio.samples.size() * sizeof(int16_t))) tl::fuzz::canaryReached("the reader decoded the token");
#endif
  return 0;
}
