// A minimal TAP producer for the DAHDI backend's native tests.
//
//   Tap tap;
//   tap.check("frames keep their bytes", got == want, "got " + ...);
//   return tap.done();
//
// Each check prints "ok N - name" or "not ok N - name # detail"; skip()
// prints "ok N - name # SKIP reason". done() prints the plan ("1..N") and
// returns the process exit code: non-zero if anything failed.
// test/dahdi/dahdi-native.test.ts turns every line into an ava assertion.
#pragma once

#include <cstdio>
#include <string>

class Tap {
 public:
  bool check(const std::string& name, bool pass, const std::string& detail = {}) {
    ++count_;
    if (pass) {
      std::printf("ok %d - %s\n", count_, name.c_str());
    } else {
      ++failed_;
      std::printf("not ok %d - %s # %s\n", count_, name.c_str(), detail.empty() ? "failed" : detail.c_str());
    }
    std::fflush(stdout);
    return pass;
  }

  void skip(const std::string& name, const std::string& reason) {
    ++count_;
    std::printf("ok %d - %s # SKIP %s\n", count_, name.c_str(), reason.c_str());
    std::fflush(stdout);
  }

  int done() {
    std::printf("1..%d\n", count_);
    return failed_ ? 1 : 0;
  }

 private:
  int count_ = 0;
  int failed_ = 0;
};
