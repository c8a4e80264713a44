// WAV files for prompts and recordings: 8 kHz mono, A-law, mu-law or 16-bit
// PCM.
//
// What it does
//   readWav() loads and decodes a whole file to linear samples; probeWav()
//   checks a header without reading samples; WavWriter streams samples into
//   a file in any of the three encodings. Anything but 8000 Hz mono A-law
//   (format tag 6), mu-law (7) or 16-bit PCM (1) -- including the same three
//   inside WAVE_FORMAT_EXTENSIBLE (0xFFFE) -- is refused with a message that
//   says what the file is and what would be accepted, e.g.
//   "prompt.wav: 44100 Hz stereo 16-bit PCM; expected 8000 Hz mono A-law, mu-law or 16-bit PCM".
//   Errors say which kind they are: NotFound (no such file), Io (the file
//   exists but cannot be opened, read or written), Format (not a WAVE file,
//   or one we do not take); the message always starts with the path.
//
// How
//   The reader walks the RIFF chunks in any order (skipping unknown ones and
//   honouring the pad byte after odd-sized chunks) until it has "fmt " and
//   "data". A data chunk that claims more than the file holds (a recording
//   cut short, or a streaming writer's 0xFFFFFFFF) is taken as far as it
//   goes. A-law and mu-law go through g711.h.
//   The writer writes a complete header on open() (A-law and mu-law files get
//   the 18-byte fmt chunk and the "fact" chunk that non-PCM WAVE files carry)
//   with zero sizes, appends encoded samples, and on every flush() and on
//   close() seeks back to patch the RIFF, fact and data sizes, so a crash
//   leaves a playable file holding everything flushed. Files are
//   little-endian on every host. This is file I/O: never call it from the
//   real-time path.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace tl::dsp {

enum class WavEncoding : uint8_t { Alaw = 0, Ulaw = 1, Pcm16 = 2 };

const char* wavEncodingName(WavEncoding encoding);

enum class WavErrorKind : uint8_t { None = 0, NotFound, Io, Format };

struct WavError {
  WavErrorKind kind = WavErrorKind::None;
  std::string message;
  explicit operator bool() const { return kind != WavErrorKind::None; }
};

struct WavAudio {
  WavEncoding encoding = WavEncoding::Pcm16;  // as stored in the file
  std::vector<int16_t> samples;                // decoded to linear, 8 kHz mono
};

// Reads and validates a whole file (prompts are short). Handles RIFF chunks in
// any order, WAVE_FORMAT_EXTENSIBLE, odd chunk padding, and truncated data
// chunks (takes what is there).
WavError readWav(const std::string& path, WavAudio* out);

// Validates a header without reading the samples.
WavError probeWav(const std::string& path, WavEncoding* encoding, uint64_t* samples);

// Streams samples into a file; the header is written on open and patched with
// the final sizes on close (and on every flush, so a crash leaves a playable file).
class WavWriter {
 public:
  WavWriter() = default;
  ~WavWriter();
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;

  WavError open(const std::string& path, WavEncoding encoding);
  WavError write(const int16_t* samples, size_t n);
  WavError flush();  // fflush + header patch
  WavError close();
  bool isOpen() const { return file_ != nullptr; }
  uint64_t samplesWritten() const { return samples_; }

 private:
  std::FILE* file_ = nullptr;
  WavEncoding encoding_ = WavEncoding::Pcm16;
  uint64_t samples_ = 0;
  std::string path_;
};

}  // namespace tl::dsp
