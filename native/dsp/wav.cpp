// WAV reading and writing (see wav.h for what is accepted and why).
#include "dsp/wav.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dsp/g711.h"

namespace tl::dsp {
namespace {

constexpr uint16_t kTagPcm = 1;
constexpr uint16_t kTagFloat = 3;
constexpr uint16_t kTagAlaw = 6;
constexpr uint16_t kTagUlaw = 7;
constexpr uint16_t kTagExtensible = 0xFFFE;
constexpr const char* kExpected = "expected 8000 Hz mono A-law, mu-law or 16-bit PCM";

uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

WavError fail(WavErrorKind kind, const std::string& path, const std::string& what) {
  return WavError{kind, path + ": " + what};
}

WavError openError(const std::string& path, int err) {
  if (err == ENOENT || err == ENOTDIR) return fail(WavErrorKind::NotFound, path, "no such file");
  return fail(WavErrorKind::Io, path, std::string("cannot open: ") + std::strerror(err));
}

struct FileCloser {
  std::FILE* f;
  ~FileCloser() {
    if (f != nullptr) std::fclose(f);
  }
};

const char* tagName(uint16_t tag, uint16_t bits) {
  switch (tag) {
    case kTagPcm:
      return bits == 8 ? "unsigned PCM" : "PCM";
    case kTagFloat:
      return "IEEE float";
    case kTagAlaw:
      return "A-law";
    case kTagUlaw:
      return "mu-law";
    case 0x0002:
      return "MS ADPCM";
    case 0x0011:
      return "IMA ADPCM";
    case 0x0031:
      return "GSM 6.10";
    case 0x0055:
      return "MP3";
    default:
      return nullptr;
  }
}

std::string channelsName(uint16_t channels) {
  if (channels == 1) return "mono";
  if (channels == 2) return "stereo";
  return std::to_string(channels) + "-channel";
}

// "44100 Hz stereo 16-bit PCM"
std::string describe(uint32_t rate, uint16_t channels, uint16_t bits, uint16_t tag) {
  std::string s = std::to_string(rate) + " Hz " + channelsName(channels) + " ";
  const char* name = tagName(tag, bits);
  if (tag == kTagAlaw || tag == kTagUlaw) {
    s += bits == 8 ? name : std::to_string(bits) + "-bit " + name;
  } else if (name != nullptr) {
    s += std::to_string(bits) + "-bit " + name;
  } else {
    char hex[32];
    std::snprintf(hex, sizeof hex, "format 0x%04X", tag);
    s += std::to_string(bits) + "-bit " + hex;
  }
  return s;
}

struct Header {
  WavEncoding encoding;
  uint64_t dataOffset;
  uint64_t dataBytes;  // as far as the file actually goes
  uint32_t bytesPerSample;
};

// Parses the RIFF structure of an open file and validates the format.
WavError parseHeader(std::FILE* f, const std::string& path, Header* h) {
  if (std::fseek(f, 0, SEEK_END) != 0) return fail(WavErrorKind::Io, path, "cannot seek");
  const long end = std::ftell(f);
  if (end < 0) return fail(WavErrorKind::Io, path, "cannot tell size");
  const auto fileSize = static_cast<uint64_t>(end);
  std::rewind(f);

  uint8_t riff[12];
  if (std::fread(riff, 1, 12, f) != 12 || std::memcmp(riff, "RIFF", 4) != 0 || std::memcmp(riff + 8, "WAVE", 4) != 0) {
    if (std::ferror(f)) return fail(WavErrorKind::Io, path, "read error");
    return fail(WavErrorKind::Format, path, std::string("not a RIFF WAVE file; ") + kExpected);
  }

  bool haveFmt = false;
  uint16_t tag = 0;
  uint16_t channels = 0;
  uint32_t rate = 0;
  uint16_t bits = 0;
  uint16_t blockAlign = 0;
  uint64_t pos = 12;
  while (pos + 8 <= fileSize) {
    uint8_t ch[8];
    if (std::fseek(f, static_cast<long>(pos), SEEK_SET) != 0 || std::fread(ch, 1, 8, f) != 8) {
      return fail(WavErrorKind::Io, path, "read error");
    }
    const uint32_t size = le32(ch + 4);
    const uint64_t body = pos + 8;
    if (std::memcmp(ch, "fmt ", 4) == 0) {
      uint8_t fmt[40] = {};
      if (size < 16) return fail(WavErrorKind::Format, path, "fmt chunk too short");
      const size_t want = size < sizeof fmt ? size : sizeof fmt;
      if (std::fread(fmt, 1, want, f) != want) return fail(WavErrorKind::Format, path, "fmt chunk truncated");
      tag = le16(fmt);
      channels = le16(fmt + 2);
      rate = le32(fmt + 4);
      blockAlign = le16(fmt + 12);
      bits = le16(fmt + 14);
      if (tag == kTagExtensible) {
        // cbSize >= 22: valid bits, channel mask, then the sub-format GUID
        // whose first two bytes are the real format tag.
        if (size < 40) return fail(WavErrorKind::Format, path, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
        tag = le16(fmt + 24);
      }
      haveFmt = true;
    } else if (std::memcmp(ch, "data", 4) == 0) {
      if (!haveFmt) return fail(WavErrorKind::Format, path, "data chunk before fmt chunk");
      const bool ok = rate == 8000 && channels == 1 &&
                      ((tag == kTagPcm && bits == 16) || ((tag == kTagAlaw || tag == kTagUlaw) && bits == 8));
      if (!ok) return fail(WavErrorKind::Format, path, describe(rate, channels, bits, tag) + "; " + kExpected);
      (void)blockAlign;
      h->encoding = tag == kTagPcm ? WavEncoding::Pcm16 : tag == kTagAlaw ? WavEncoding::Alaw : WavEncoding::Ulaw;
      h->bytesPerSample = tag == kTagPcm ? 2 : 1;
      h->dataOffset = body;
      const uint64_t available = fileSize - body;
      h->dataBytes = size < available ? size : available;  // truncated: take what is there
      h->dataBytes -= h->dataBytes % h->bytesPerSample;
      return {};
    }
    pos = body + size + (size & 1);  // chunks are padded to even sizes
  }
  if (!haveFmt) return fail(WavErrorKind::Format, path, std::string("no fmt chunk; ") + kExpected);
  return fail(WavErrorKind::Format, path, "no data chunk");
}

}  // namespace

const char* wavEncodingName(WavEncoding encoding) {
  switch (encoding) {
    case WavEncoding::Alaw:
      return "alaw";
    case WavEncoding::Ulaw:
      return "ulaw";
    case WavEncoding::Pcm16:
      return "pcm16";
  }
  return "unknown";
}

WavError probeWav(const std::string& path, WavEncoding* encoding, uint64_t* samples) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return openError(path, errno);
  FileCloser closer{f};
  Header h{};
  if (WavError e = parseHeader(f, path, &h)) return e;
  if (encoding != nullptr) *encoding = h.encoding;
  if (samples != nullptr) *samples = h.dataBytes / h.bytesPerSample;
  return {};
}

WavError readWav(const std::string& path, WavAudio* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return openError(path, errno);
  FileCloser closer{f};
  Header h{};
  if (WavError e = parseHeader(f, path, &h)) return e;
  std::vector<uint8_t> raw(h.dataBytes);
  if (std::fseek(f, static_cast<long>(h.dataOffset), SEEK_SET) != 0 ||
      std::fread(raw.data(), 1, raw.size(), f) != raw.size()) {
    return fail(WavErrorKind::Io, path, "read error in data chunk");
  }
  const size_t n = raw.size() / h.bytesPerSample;
  out->encoding = h.encoding;
  out->samples.resize(n);
  switch (h.encoding) {
    case WavEncoding::Alaw:
      alawDecode(raw.data(), out->samples.data(), n);
      break;
    case WavEncoding::Ulaw:
      ulawDecode(raw.data(), out->samples.data(), n);
      break;
    case WavEncoding::Pcm16:
      for (size_t i = 0; i < n; ++i) out->samples[i] = static_cast<int16_t>(le16(raw.data() + 2 * i));
      break;
  }
  return {};
}

// ---------------------------------------------------------------------------

namespace {

// Header layouts written by WavWriter.
//   PCM:        RIFF(12) fmt(8+16) data(8)                = 44 bytes
//   A/mu-law:   RIFF(12) fmt(8+18) fact(8+4) data(8)      = 58 bytes
constexpr size_t kPcmHeader = 44;
constexpr size_t kG711Header = 58;

size_t headerSize(WavEncoding e) { return e == WavEncoding::Pcm16 ? kPcmHeader : kG711Header; }

void buildHeader(WavEncoding e, uint64_t samples, uint8_t* h) {
  const bool pcm = e == WavEncoding::Pcm16;
  const uint32_t bytesPerSample = pcm ? 2 : 1;
  const auto dataBytes = static_cast<uint32_t>(samples * bytesPerSample);
  const size_t total = headerSize(e);
  std::memcpy(h, "RIFF", 4);
  put32(h + 4, static_cast<uint32_t>(total - 8 + dataBytes + (dataBytes & 1)));
  std::memcpy(h + 8, "WAVE", 4);
  std::memcpy(h + 12, "fmt ", 4);
  put32(h + 16, pcm ? 16 : 18);
  put16(h + 20, pcm ? kTagPcm : e == WavEncoding::Alaw ? kTagAlaw : kTagUlaw);
  put16(h + 22, 1);                        // mono
  put32(h + 24, 8000);                     // sample rate
  put32(h + 28, 8000 * bytesPerSample);    // byte rate
  put16(h + 32, static_cast<uint16_t>(bytesPerSample));  // block align
  put16(h + 34, static_cast<uint16_t>(8 * bytesPerSample));
  size_t p = 36;
  if (!pcm) {
    put16(h + 36, 0);  // cbSize
    std::memcpy(h + 38, "fact", 4);
    put32(h + 42, 4);
    put32(h + 46, static_cast<uint32_t>(samples));
    p = 50;
  }
  std::memcpy(h + p, "data", 4);
  put32(h + p + 4, dataBytes);
}

}  // namespace

WavWriter::~WavWriter() { close(); }

WavError WavWriter::open(const std::string& path, WavEncoding encoding) {
  if (file_ != nullptr) {
    if (WavError e = close()) return e;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return openError(path, errno);
  uint8_t header[kG711Header];
  buildHeader(encoding, 0, header);
  if (std::fwrite(header, 1, headerSize(encoding), f) != headerSize(encoding)) {
    std::fclose(f);
    return fail(WavErrorKind::Io, path, "write error");
  }
  file_ = f;
  encoding_ = encoding;
  samples_ = 0;
  path_ = path;
  return {};
}

WavError WavWriter::write(const int16_t* samples, size_t n) {
  if (file_ == nullptr) return fail(WavErrorKind::Io, path_.empty() ? "(wav writer)" : path_, "not open");
  // Encode in slices through a stack buffer: no allocation per call.
  uint8_t buf[1024];
  size_t done = 0;
  while (done < n) {
    const size_t per = encoding_ == WavEncoding::Pcm16 ? 2 : 1;
    const size_t slice = std::min(n - done, sizeof buf / per);
    switch (encoding_) {
      case WavEncoding::Alaw:
        alawEncode(samples + done, buf, slice);
        break;
      case WavEncoding::Ulaw:
        ulawEncode(samples + done, buf, slice);
        break;
      case WavEncoding::Pcm16:
        for (size_t i = 0; i < slice; ++i) put16(buf + 2 * i, static_cast<uint16_t>(samples[done + i]));
        break;
    }
    if (std::fwrite(buf, per, slice, file_) != slice) return fail(WavErrorKind::Io, path_, "write error");
    done += slice;
    samples_ += slice;
  }
  return {};
}

WavError WavWriter::flush() {
  if (file_ == nullptr) return fail(WavErrorKind::Io, path_.empty() ? "(wav writer)" : path_, "not open");
  uint8_t header[kG711Header];
  buildHeader(encoding_, samples_, header);
  const long end = std::ftell(file_);
  if (end < 0 || std::fseek(file_, 0, SEEK_SET) != 0 ||
      std::fwrite(header, 1, headerSize(encoding_), file_) != headerSize(encoding_) ||
      std::fseek(file_, end, SEEK_SET) != 0 || std::fflush(file_) != 0) {
    return fail(WavErrorKind::Io, path_, "write error while updating the header");
  }
  return {};
}

WavError WavWriter::close() {
  if (file_ == nullptr) return {};
  WavError e;
  // An odd-sized data chunk needs its pad byte (only A-law/mu-law can be odd).
  if (encoding_ != WavEncoding::Pcm16 && (samples_ & 1) != 0) {
    std::fseek(file_, 0, SEEK_END);
    if (std::fputc(0, file_) == EOF) e = fail(WavErrorKind::Io, path_, "write error");
  }
  if (!e) e = flush();
  if (std::fclose(file_) != 0 && !e) e = fail(WavErrorKind::Io, path_, "close failed");
  file_ = nullptr;
  return e;
}

}  // namespace tl::dsp
