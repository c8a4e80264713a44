// Minimal TAP-like reporting for the native test programs: "ok N - name" or
// "not ok N - name # detail", comment lines starting with "# ", and an exit
// code that is non-zero when anything failed. No framework needed.
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>

namespace tl::test {

class Tap {
 public:
  // Records one check; returns cond so callers can chain.
  bool check(bool cond, const std::string& name, const std::string& detail = "") {
    ++count_;
    if (cond) {
      std::printf("ok %d - %s\n", count_, name.c_str());
    } else {
      ++failed_;
      std::printf("not ok %d - %s%s%s\n", count_, name.c_str(), detail.empty() ? "" : " # ",
                  detail.c_str());
    }
    std::fflush(stdout);
    return cond;
  }

  // A comment line (figures, comparisons): never affects the result.
  void note(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    std::va_list args;
    va_start(args, fmt);
    std::printf("# ");
    std::vprintf(fmt, args);
    std::printf("\n");
    va_end(args);
    std::fflush(stdout);
  }

  // Prints the plan and the summary line; the process exit code.
  int finish() {
    std::printf("1..%d\n", count_);
    std::printf("# %d passed, %d failed\n", count_ - failed_, failed_);
    return failed_ == 0 ? 0 : 1;
  }

 private:
  int count_ = 0;
  int failed_ = 0;
};

inline std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline std::string format(const char* fmt, ...) {
  char buf[1024];
  std::va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

}  // namespace tl::test
