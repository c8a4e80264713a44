#include "engine/tick_profile.h"

#include <algorithm>
#include <cstdio>

namespace tl::engine {

const char* tickPhaseName(TickPhase phase) {
  switch (phase) {
    case TickPhase::IoQueue: return "io queue";
    case TickPhase::Io: return "io";
    case TickPhase::CommandQueue: return "command queue";
    case TickPhase::Commands: return "commands";
    case TickPhase::Signalling: return "signalling";
    case TickPhase::Dsp: return "dsp";
    case TickPhase::Recordings: return "recordings";
    case TickPhase::Publish: return "publish";
    case TickPhase::Count: break;
  }
  return "?";
}

void TickProfiler::begin(uint64_t tick, int64_t nowNs, bool late) {
  if (baseNs_ < 0) baseNs_ = nowNs - static_cast<int64_t>(tick) * periodNs_;
  previous_ = current_;
  current_ = TickTimes{};
  current_.tick = tick;
  current_.deadlineNs = baseNs_ + static_cast<int64_t>(tick) * periodNs_;
  current_.startNs = nowNs;
  current_.markNs = nowNs;
  const int64_t lateness = nowNs - current_.deadlineNs;
  if (late) {
    if (!inStall_) {
      inStall_ = true;
      ready_ = false;
      stall_ = Stall{};
      stall_.firstTick = tick;
      stall_.cause = previous_;
    }
    ++stall_.lateTicks;
    stall_.maxLatenessNs = std::max(stall_.maxLatenessNs, lateness);
  } else if (inStall_) {
    inStall_ = false;
    ready_ = true;
  }
}

void TickProfiler::mark(TickPhase phase, int64_t nowNs) {
  current_.phaseNs[static_cast<size_t>(phase)] += nowNs - current_.markNs;
  current_.markNs = nowNs;
}

void TickProfiler::end(int64_t nowNs) { current_.endNs = nowNs; }

void TickProfiler::command(int op, int64_t ns) {
  if (ns <= current_.slowestOpNs) return;
  current_.slowestOpNs = ns;
  current_.slowestOp = op;
}

bool TickProfiler::takeStall(std::string* text, uint64_t* latenessNs) {
  if (!ready_) return false;
  ready_ = false;
  const TickTimes& c = stall_.cause;
  const auto ms = [](int64_t ns) { return static_cast<double>(ns) / 1e6; };
  // The cause tick started wakeMs after its deadline and took workMs.
  const int64_t wake = std::max<int64_t>(0, c.startNs - c.deadlineNs);
  char head[224];
  std::snprintf(head, sizeof head,
                "engine clock stall: %llu ticks late from tick %llu, at worst %.1f ms; the tick before woke "
                "%.1f ms after its deadline and ran %.1f ms (",
                static_cast<unsigned long long>(stall_.lateTicks), static_cast<unsigned long long>(stall_.firstTick),
                ms(stall_.maxLatenessNs), ms(wake), ms(c.endNs - c.startNs));
  // Written into *text's own storage: the clock thread reuses one string.
  std::string& out = *text;
  out.assign(head);
  for (size_t i = 0; i < c.phaseNs.size(); ++i) {
    char part[48];
    std::snprintf(part, sizeof part, "%s%s %.1f", i ? ", " : "", tickPhaseName(static_cast<TickPhase>(i)),
                  ms(c.phaseNs[i]));
    out += part;
  }
  out += " ms)";
  if (c.slowestOpNs > 0) {
    char slow[96];
    std::snprintf(slow, sizeof slow, "; its slowest command: op %d, %.1f ms", c.slowestOp, ms(c.slowestOpNs));
    out += slow;
  }
  *latenessNs = static_cast<uint64_t>(std::max<int64_t>(0, stall_.maxLatenessNs));
  return true;
}

}  // namespace tl::engine
