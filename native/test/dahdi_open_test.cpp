// DahdiCard::open() on machines without a card: it must fail cleanly --
// false, a message naming the device and what to do, nothing left open --
// whether /dev/dahdi is missing, the device is not DAHDI, or permission is
// denied. (What happens with a real card is test/dahdi/hardware.test.ts.)
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "card/dahdi/dahdi_card.h"
#include "card/dahdi/dahdi_device.h"
#include "dahdi_tap.h"

using namespace tl::card;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

DahdiCardConfig configWith(const std::string& device) {
  DahdiCardConfig config;
  config.spans = {1};
  config.channelDevice = device;
  return config;
}

// Opens a card; returns the error ("" if it opened) and checks it holds nothing.
std::string openError(const DahdiCardConfig& config, bool* clean) {
  DahdiCard card(config);
  std::string error;
  const bool opened = card.open(&error);
  bool late = false;
  *clean = !opened && card.spanCount() == 0 && !card.clock().wait(0, &late);
  card.close();
  card.close();  // twice is safe
  return opened ? std::string() : error;
}

// The same as openError(), in a child process running as user "nobody".
std::string openErrorAsNobody(const DahdiCardConfig& config) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed";
  const pid_t pid = fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string error = "could not drop privileges";
    if (setgid(65534) == 0 && setuid(65534) == 0) {
      bool unused = false;
      error = openError(config, &unused);
    }
    [[maybe_unused]] ssize_t n = ::write(fds[1], error.data(), error.size());
    _exit(0);
  }
  ::close(fds[1]);
  std::string error;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) error.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return error;
}

}  // namespace

int main() {
  Tap tap;
  bool clean = false;

  if (access("/dev/dahdi", F_OK) != 0) {
    const std::string error = openError(DahdiCardConfig{configWith("/dev/dahdi/channel")}, &clean);
    tap.check("no /dev/dahdi on this machine: open() fails, says the device is missing and how to load DAHDI",
              contains(error, "/dev/dahdi/channel does not exist") && contains(error, "dahdi_cfg") &&
                  contains(error, "docs/dahdi.md"),
              error);
    tap.check("... and holds nothing (no spans, the clock does not tick)", clean);
  } else {
    tap.skip("no /dev/dahdi on this machine", "this machine has DAHDI; test/dahdi/hardware.test.ts covers it");
    tap.skip("... and holds nothing", "this machine has DAHDI");
  }

  {
    const std::string error = openError(configWith("/nonexistent-tellerline-test/dahdi/channel"), &clean);
    tap.check("a missing device path is reported with the path", contains(error, "/nonexistent-tellerline-test/dahdi/channel does not exist"), error);
    tap.check("... and nothing is left open", clean);
  }

  {
    const std::string error = openError(configWith("/dev/null"), &clean);
    tap.check("a device that is not DAHDI is named as such",
              contains(error, "/dev/null is not a DAHDI channel device") && clean, error);
  }

  {
    // A device file nobody may open. Root ignores file modes, so as root
    // the check runs in a child process that drops to user "nobody".
    char path[] = "/tmp/tellerline-dahdi-XXXXXX";
    const int fd = mkstemp(path);
    if (fd >= 0) ::close(fd);
    chmod(path, 0);
    const std::string error = geteuid() == 0 ? openErrorAsNobody(configWith(path)) : openError(configWith(path), &clean);
    tap.check("a device without permission says so and names the group to join",
              contains(error, "no permission to open") && contains(error, "\"dialout\"") &&
                  contains(error, "ls -l /dev/dahdi"),
              error);
    unlink(path);
  }

  {
    DahdiCardConfig config = configWith("/dev/null");
    config.spans.clear();
    const std::string error = openError(config, &clean);
    tap.check("a card with no spans refuses to open", contains(error, "dahdiSpans") && clean, error);
  }

  {
    std::string error;
    const UniqueFd timer = openDahdiTimer("/nonexistent-tellerline-test/timer", 160, &error);
    tap.check("a missing timer device is reported as the engine's pacing source",
              !timer.valid() && contains(error, "timer") && contains(error, "does not exist"), error);
    const UniqueFd notTimer = openDahdiTimer("/dev/null", 160, &error);
    tap.check("a device that is not a DAHDI timer is named as such",
              !notTimer.valid() && contains(error, "/dev/null is not a DAHDI timer"), error);
  }

  {
    char dir[] = "/tmp/tellerline-sysfs-XXXXXX";
    const bool made = mkdtemp(dir) != nullptr;
    const std::string root = dir;
    tap.check("channel base without sysfs: E1 spans in order (span 1 -> 1, span 2 -> 32, span 4 -> 94)",
              made && dahdiBaseChannel(root, 1) == 1 && dahdiBaseChannel(root, 2) == 32 &&
                  dahdiBaseChannel(root, 4) == 94);
    const std::string spanDir = root + "/span-2";
    mkdir(spanDir.c_str(), 0700);
    const std::string file = spanDir + "/basechan";
    FILE* f = std::fopen(file.c_str(), "w");
    if (f) {
      std::fputs("125\n", f);
      std::fclose(f);
    }
    tap.check("channel base from sysfs basechan when DAHDI publishes it", dahdiBaseChannel(root, 2) == 125);
    unlink(file.c_str());
    rmdir(spanDir.c_str());
    rmdir(dir);
  }
  return tap.done();
}
