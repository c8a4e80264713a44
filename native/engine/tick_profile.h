// Where the clock thread's time goes, tick by tick, so that a missed tick can
// be put down to its cause: the thread woke late (the machine gave the CPU to
// something else), or one phase of the tick ran long (the engine's own work,
// or a lock it waited for inside that phase).
//
// A tick is late when the clock thread reaches it more than half a period
// after its deadline, i.e. when the previous tick ended that late. The
// profiler keeps the previous tick's times; the first late tick of a run of
// late ones (a stall) is described by the tick before it. The stall report is
// ready when the clock has caught up again. Clock thread only; a few
// clock_gettime calls per tick.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace tl::engine {

enum class TickPhase : uint8_t { IoQueue, Io, CommandQueue, Commands, Signalling, Dsp, Recordings, Publish, Count };

const char* tickPhaseName(TickPhase phase);

class TickProfiler {
 public:
  explicit TickProfiler(uint64_t periodNs) : periodNs_(static_cast<int64_t>(periodNs)) {}

  // The clock let tick `tick` start at nowNs; `late` as the clock said.
  void begin(uint64_t tick, int64_t nowNs, bool late);
  // The phase that ran up to nowNs (phases in any order; unmarked ones count 0).
  void mark(TickPhase phase, int64_t nowNs);
  // The tick's work ended at nowNs (after publishing its events).
  void end(int64_t nowNs);
  // One command took ns to apply (the slowest of a tick is named in a stall).
  void command(int op, int64_t ns);

  // A finished stall (the clock is back on time), once: a sentence for a
  // notice, and its worst lateness in ns.
  bool takeStall(std::string* text, uint64_t* latenessNs);

 private:
  struct TickTimes {
    uint64_t tick = 0;
    int64_t deadlineNs = 0;
    int64_t startNs = 0;   // woke at
    int64_t markNs = 0;    // the last mark (or start)
    int64_t endNs = 0;
    std::array<int64_t, static_cast<size_t>(TickPhase::Count)> phaseNs{};
    int slowestOp = 0;
    int64_t slowestOpNs = 0;
  };
  struct Stall {
    uint64_t firstTick = 0;
    uint64_t lateTicks = 0;
    int64_t maxLatenessNs = 0;
    TickTimes cause;  // the tick before the first late one
  };

  int64_t periodNs_;
  int64_t baseNs_ = -1;     // when tick 0 started: the grid of deadlines
  TickTimes current_;
  TickTimes previous_;
  bool inStall_ = false;
  bool ready_ = false;
  Stall stall_;
};

}  // namespace tl::engine
