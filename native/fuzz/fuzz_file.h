// Hands a fuzz input to code that reads files by path: the bytes go into an
// anonymous in-memory file (memfd) reached through /proc/self/fd, so the
// reader runs its real open/seek/read path and nothing touches the disk.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tl::fuzz {

class MemoryFile {
 public:
  MemoryFile(const uint8_t* data, size_t size) {
    fd_ = ::memfd_create("tl-fuzz", MFD_CLOEXEC);
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    size_t done = 0;
    while (done < size) {
      const ssize_t w = ::write(fd_, data + done, size - done);
      if (w <= 0) {
        std::perror("write");
        std::abort();
      }
      done += static_cast<size_t>(w);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A broken promise of the code under test: stop like a crash, so the fuzzer
// keeps the input.
[[noreturn]] inline void violated(const char* what) {
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

// The positive control of a target (built as <target>_fuzz_canary with
// TL_FUZZ_CANARY): a planted "bug" that fires only on what the code under test
// made of a mutated input, so that libFuzzer finding it proves the harness
// reaches that code and the fuzzer's mutations get through it. No seed fires
// it (scripts/fuzz-native.sh canary checks). Never in a real build.
//
// Where the code hands input bytes on (audio, digits), the plant is the token
// below arriving at the far side; canary.dict offers the fuzzer the token, so
// what is tested is the path, not luck.
inline constexpr char kCanaryToken[] = "8642";

inline bool holdsCanaryToken(const void* data, size_t size) {
  return size >= 4 && ::memmem(data, size, kCanaryToken, 4) != nullptr;
}

[[noreturn]] inline void canaryReached(const char* what) {
  std::fprintf(stderr, "fuzz canary reached: %s\n", what);
  std::abort();
}

}  // namespace tl::fuzz
