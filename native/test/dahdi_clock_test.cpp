// The hardware clock over a pipe standing in for the DAHDI timer: one byte
// written is one timer expiration, reading it is DAHDI_TIMERACK. Checks that
// wait() follows the source, reports lateness when expirations pile up,
// stops on stop() -- including a wait() already blocked in poll() -- and
// gives up when the source fails.
#include <fcntl.h>
#include <sys/poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "card/dahdi/hardware_clock.h"
#include "dahdi_tap.h"

using namespace tl::card;

namespace {

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Pipe makePipe() {
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return {};
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void expire(int fd, int times) {
  for (int i = 0; i < times; ++i) {
    const char b = 't';
    [[maybe_unused]] ssize_t n = ::write(fd, &b, 1);
  }
}

bool readOneByte(int fd) {
  char b;
  return ::read(fd, &b, 1) == 1;
}

// Attaches a fresh pipe; returns its write end.
UniqueFd attachPipe(HardwareClock& clock) {
  Pipe p = makePipe();
  std::string error;
  clock.attach(std::move(p.read), POLLIN, &readOneByte, &error);
  return std::move(p.write);
}

// A guard so that a broken stop() fails the test instead of hanging it.
constexpr auto kHangGuard = std::chrono::seconds(20);

}  // namespace

int main() {
  Tap tap;
  bool late = true;

  {
    HardwareClock clock;
    tap.check("mode is Hardware", clock.mode() == ClockMode::Hardware);
    tap.check("wait() before attach() returns false (no source to follow)", !clock.wait(0, &late) && !late);
  }

  {
    HardwareClock clock;
    UniqueFd timer = attachPipe(clock);
    expire(timer.get(), 1);
    const bool ok = clock.wait(0, &late);
    tap.check("one expiration: wait() returns true, on time", ok && !late);

    expire(timer.get(), 3);
    bool late1 = false, late2 = false, late3 = true;
    const bool all = clock.wait(1, &late1) && clock.wait(2, &late2) && clock.wait(3, &late3);
    tap.check("three piled-up expirations: three ticks, the first two late, the last on time",
              all && late1 && late2 && !late3);

    // Each wait() acknowledged exactly one expiration: nothing is left.
    std::promise<bool> result;
    auto future = result.get_future();
    std::atomic<bool> entered{false};
    std::thread waiter([&] {
      entered.store(true);
      bool l = false;
      result.set_value(clock.wait(4, &l));
    });
    while (!entered.load()) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let it block in poll()
    const bool stillBlocked = future.wait_for(std::chrono::seconds(0)) == std::future_status::timeout;
    clock.stop();
    const bool woke = future.wait_for(kHangGuard) == std::future_status::ready;
    tap.check("with no expiration pending, wait() blocks", stillBlocked);
    tap.check("stop() wakes a blocked wait(), which returns false", woke && !future.get());
    if (!woke) expire(timer.get(), 1);  // unblock it some other way, so the test can end
    waiter.join();

    expire(timer.get(), 2);
    tap.check("after stop(), wait() returns false even with expirations pending", !clock.wait(5, &late));
    clock.detach();
  }

  {
    HardwareClock clock;
    clock.stop();
    UniqueFd timer = attachPipe(clock);
    expire(timer.get(), 1);
    tap.check("stop() before the first wait() is sticky", !clock.wait(0, &late));
  }

  {
    HardwareClock clock;
    UniqueFd timer = attachPipe(clock);
    timer.reset();  // the timer device went away
    std::promise<bool> result;
    auto future = result.get_future();
    std::thread waiter([&] {
      bool l = false;
      result.set_value(clock.wait(0, &l));
    });
    const bool done = future.wait_for(kHangGuard) == std::future_status::ready;
    tap.check("a failed tick source (hang-up) ends wait() with false and is counted",
              done && !future.get() && clock.sourceFailures() == 1);
    if (done) {
      waiter.join();
    } else {
      clock.stop();
      waiter.join();
    }
  }

  {
    HardwareClock clock;
    Pipe p = makePipe();
    std::string error;
    clock.attach(std::move(p.read), POLLIN, [](int) { return false; }, &error);
    expire(p.write.get(), 1);
    tap.check("a failed acknowledge (DAHDI_TIMERACK) ends wait() with false and is counted",
              !clock.wait(0, &late) && clock.sourceFailures() == 1);
  }
  return tap.done();
}
