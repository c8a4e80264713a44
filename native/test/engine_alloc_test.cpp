// The engine's real-time threads (tl-clock, tl-dsp-N) must not call the
// allocator while calls run: malloc and free take arena locks shared with
// ordinary threads, and a clock thread waiting on one misses ticks.
//
// This program replaces malloc, free and friends for its own process (an
// executable's definitions come first in symbol lookup, so the shared
// libraries -- libstdc++'s operator new, libpri, spandsp, speexdsp -- call
// them too) and counts the calls made on threads the engine marked real-time
// (engine/realtime_thread.h). It then drives a virtual card through the media
// work of calls (play from memory and from a file, zone and custom tones,
// DTMF, record, echo canceller, answer detection, a bridge): two rounds on
// one timeslot warm up (lists grow to their working size), then a round on a
// timeslot never used before must make no allocator call on those threads.
// A PRI call still allocates on the clock thread, where libpri runs (its call
// records and the Q.921 frames it sends), and a fax page on the DSP threads
// (spandsp's T.4 code works the TIFF file through libtiff): both are
// reported as figures.
// A positive control shows that the count works: QueryChannel builds its
// JSON answer on the clock thread, and that is counted.
//
// TL_ALLOC_TRACE=1 prints a backtrace for every counted call (diagnosis).
#include <execinfo.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "card/virtual/virtual_card.h"
#include "engine/engine.h"
#include "engine/realtime_thread.h"
#include "engine/recording.h"
#include "fax_test_pages.h"
#include "tap.h"

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* ptr, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* ptr);
}

namespace {

std::atomic<uint64_t> realtimeAllocs{0};
std::atomic<uint64_t> realtimeFrees{0};
bool trace = false;
thread_local bool tracing = false;

void traceCall(const char* what) {
  if (!trace || tracing) return;
  tracing = true;
  void* frames[24];
  const int n = backtrace(frames, 24);
  char line[64];
  const int len = std::snprintf(line, sizeof line, "# real-time %s:\n", what);
  if (write(2, line, static_cast<size_t>(len)) < 0) {
  }
  backtrace_symbols_fd(frames, n, 2);
  tracing = false;
}

inline void countAlloc() {
  if (!tl::engine::onRealtimeThread()) return;
  realtimeAllocs.fetch_add(1, std::memory_order_relaxed);
  traceCall("allocation");
}

inline void countFree(void* ptr) {
  if (ptr == nullptr || !tl::engine::onRealtimeThread()) return;
  realtimeFrees.fetch_add(1, std::memory_order_relaxed);
  traceCall("free");
}

}  // namespace

extern "C" {
void* malloc(size_t size) {
  countAlloc();
  return __libc_malloc(size);
}
void* calloc(size_t count, size_t size) {
  countAlloc();
  return __libc_calloc(count, size);
}
void* realloc(void* ptr, size_t size) {
  countAlloc();
  return __libc_realloc(ptr, size);
}
void free(void* ptr) {
  countFree(ptr);
  __libc_free(ptr);
}
void* memalign(size_t alignment, size_t size) {
  countAlloc();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(size_t alignment, size_t size) {
  countAlloc();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, size_t alignment, size_t size) {
  countAlloc();
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}

using namespace tl;
using namespace tl::engine;
using tl::test::format;

namespace {

struct Counts {
  uint64_t allocs = 0, frees = 0;
};
Counts now() { return {realtimeAllocs.load(), realtimeFrees.load()}; }

// Drives an engine from this (ordinary) thread the way the addon does: takes
// event batches, destroys what the engine retired, answers nothing itself.
class Driver {
 public:
  explicit Driver(Engine& engine) : engine_(engine) {}

  struct Done {
    ErrorCode code = ErrorCode::Ok;
    int32_t value = 0;
    std::string text;
    bool arrived = false;
  };

  Done request(CommandPtr cmd) {
    const uint32_t id = ++nextRequest_;
    cmd->requestId = id;
    const size_t from = mark();
    engine_.submit(std::move(cmd));
    Done done;
    waitFor([&](const EventRecord& r, const std::string& text) {
      if (type(r) != EventType::CommandDone || static_cast<uint32_t>(r.w[4]) != id) return false;
      done = {static_cast<ErrorCode>(r.w[5]), r.w[6], text, true};
      return true;
    }, from);
    return done;
  }

  // Every event seen is kept: waitFor(match, mark()) taken before a command
  // also finds what came in the same batch as its answer.
  size_t mark() const { return seen_.size(); }

  // Waits for an event at or after `from` (an earlier mark()) matching
  // `match`; false after `ticks` ticks without one.
  bool waitFor(const std::function<bool(const EventRecord&, const std::string&)>& match, size_t from,
               uint64_t ticks = 500) {
    const uint64_t until = tick_ + ticks;
    for (size_t next = from;;) {
      for (; next < seen_.size(); ++next) {
        if (match(seen_[next].record, seen_[next].text)) return true;
      }
      if (tick_ >= until) return false;
      engine_.releaseRetired();
      if (engine_.events().take(&batch_)) {
        tick_ = batch_.lastTick;
        for (const auto& r : batch_.records) {
          seen_.push_back({r, std::string(r.w[7] >= 0 ? batch_.string(static_cast<size_t>(r.w[7])) : std::string_view())});
        }
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
  }

  // Lets `ticks` ticks pass (the DSP work of what was just started).
  void pass(uint64_t ticks) {
    waitFor([](const EventRecord&, const std::string&) { return false; }, mark(), ticks);
  }

  static EventType type(const EventRecord& r) {
    return static_cast<EventType>(static_cast<uint32_t>(r.w[0]) & 0xFFFF);
  }
  static int span(const EventRecord& r) { return static_cast<uint32_t>(r.w[1]) & 0xFFFF; }
  static int channel(const EventRecord& r) { return static_cast<uint32_t>(r.w[1]) >> 16; }

 private:
  struct Seen {
    EventRecord record;
    std::string text;
  };
  Engine& engine_;
  EventBatch batch_;
  std::vector<Seen> seen_;
  uint64_t tick_ = 0;
  uint32_t nextRequest_ = 0;
};

CommandPtr command(Op op, int span, int channel) {
  auto cmd = std::make_unique<Command>();
  cmd->op = op;
  cmd->span = span;
  cmd->channel = channel;
  return cmd;
}

// What the addon does for a Play of samples passed from JavaScript.
CommandPtr playSamples(int span, int channel, size_t samples) {
  auto cmd = command(Op::Play, span, channel);
  auto prompt = std::make_shared<Prompt>();
  prompt->source = "<buffer>";
  prompt->samples.assign(samples, 1000);
  PlayItemSource item;
  item.samples = prompt;
  cmd->items.push_back(item);
  cmd->prompts.push_back(prompt);
  return cmd;
}

struct Step {
  std::string name;
  Counts counts;
  bool ok;  // the command(s) worked
};

// One round of media work on timeslot `ts` of spans 0 and 1 (joined by a
// cable, no signalling): every step is a command and a few ticks of its DSP.
// The measured round uses a timeslot the warm-up never touched, so that
// whatever a channel would make on first use is counted too.
std::vector<Step> mediaRound(Driver& d, const std::string& dir, int round, int ts) {
  std::vector<Step> steps;
  auto step = [&](const std::string& name, const std::function<bool()>& work) {
    const Counts before = now();
    const bool ok = work();
    d.pass(5);
    const Counts after = now();
    steps.push_back({name, {after.allocs - before.allocs, after.frees - before.frees}, ok});
  };
  auto ok = [&](CommandPtr cmd) { return d.request(std::move(cmd)).code == ErrorCode::Ok; };

  step("open", [&] { return ok(command(Op::OpenChannel, 0, ts)) && ok(command(Op::OpenChannel, 1, ts)); });
  step("play", [&] {
    return ok(playSamples(0, ts, 8000)) && ok(command(Op::StopPlayback, 0, ts));
  });
  step("play file", [&] {
    auto cmd = command(Op::Play, 0, ts);
    PlayItemSource item;
    item.path = dir + "/prompt.wav";
    cmd->items.push_back(item);
    return ok(std::move(cmd)) && ok(command(Op::StopPlayback, 0, ts));
  });
  step("tone", [&] {
    auto cmd = command(Op::PlayTone, 0, ts);
    cmd->text = "dial";
    cmd->d[0] = std::numeric_limits<double>::quiet_NaN();
    return ok(std::move(cmd)) && ok(command(Op::StopTone, 0, ts));
  });
  step("custom tone", [&] {
    auto cmd = command(Op::PlayTone, 0, ts);
    cmd->text = "425/200,0/200,425/200,0/2000";
    cmd->d[0] = -12;
    return ok(std::move(cmd)) && ok(command(Op::StopTone, 0, ts));
  });
  step("dtmf", [&] {
    auto cmd = command(Op::SendDtmf, 0, ts);
    cmd->text = "1234";
    cmd->i[0] = 60;
    cmd->i[1] = 60;
    cmd->i[2] = 0;
    cmd->d[0] = -8;
    cmd->d[1] = 2;
    const bool sent = ok(std::move(cmd));
    d.pass(30);
    return sent;
  });
  step("record", [&] {
    auto cmd = command(Op::Record, 1, ts);
    cmd->text = dir + format("/rec-%d.wav", round);
    cmd->i[0] = static_cast<int32_t>(RecordDirection::Mixed);
    cmd->i[1] = 0;
    const Driver::Done started = d.request(std::move(cmd));
    if (started.code != ErrorCode::Ok) return false;
    d.pass(10);
    auto stop = command(Op::StopRecording, 1, ts);
    stop->i[0] = started.value;
    const size_t from = d.mark();
    if (!ok(std::move(stop))) return false;
    return d.waitFor([](const EventRecord& r, const std::string&) {
      return Driver::type(r) == EventType::RecordingStopped;
    }, from);
  });
  step("echo canceller", [&] {
    auto on = command(Op::SetChannelOptions, 0, ts);
    on->i[0] = kOptEchoCanceller;
    on->i[1] = kOptEchoCanceller;
    if (!ok(std::move(on))) return false;
    d.pass(5);
    auto off = command(Op::SetChannelOptions, 0, ts);
    off->i[0] = kOptEchoCanceller;
    off->i[1] = 0;
    return ok(std::move(off));
  });
  step("answer detection", [&] {
    auto start = command(Op::DetectAnswer, 0, ts);
    start->flags = 1;
    if (!ok(std::move(start))) return false;
    d.pass(5);
    auto stop = command(Op::DetectAnswer, 0, ts);
    stop->flags = 0;
    return ok(std::move(stop));
  });
  step("conference", [&] {
    auto create = command(Op::CreateConference, -1, -1);
    create->i[0] = 7;
    if (!ok(std::move(create))) return false;
    for (int span : {0, 1}) {
      auto add = command(Op::AddMember, span, ts);
      add->i[0] = 7;
      add->i[1] = static_cast<int32_t>(MemberMode::Full);
      if (!ok(std::move(add))) return false;
    }
    d.pass(5);
    auto remove = command(Op::RemoveMember, 0, ts);
    remove->i[0] = 7;
    if (!ok(std::move(remove))) return false;
    auto destroy = command(Op::DestroyConference, -1, -1);
    destroy->i[0] = 7;
    return ok(std::move(destroy));
  });
  step("close", [&] { return ok(command(Op::CloseChannel, 0, ts)) && ok(command(Op::CloseChannel, 1, ts)); });
  return steps;
}

// One PRI call (span 2 dials span 3 over a cable): dial, answer, hang up.
std::vector<Step> callRound(Driver& d) {
  std::vector<Step> steps;
  const Counts before = now();
  auto dial = command(Op::Dial, 2, -1);
  dial->text = "5550100";
  dial->text2 = "5550199";
  size_t from = d.mark();
  const Driver::Done dialed = d.request(std::move(dial));
  bool ok = dialed.code == ErrorCode::Ok;
  uint32_t offered = 0;
  ok = ok && d.waitFor([&](const EventRecord& r, const std::string&) {
         if (Driver::type(r) != EventType::CallOffered || Driver::span(r) != 3) return false;
         offered = static_cast<uint32_t>(r.w[4]);
         return true;
       }, from);
  if (ok) {
    auto answer = command(Op::Answer, 3, -1);
    answer->i[3] = static_cast<int32_t>(offered);
    from = d.mark();
    ok = d.request(std::move(answer)).code == ErrorCode::Ok;
  }
  ok = ok && d.waitFor([](const EventRecord& r, const std::string&) {
         return Driver::type(r) == EventType::CallConnected && Driver::span(r) == 2;
       }, from);
  d.pass(5);
  if (ok) {
    auto hangup = command(Op::Hangup, 2, -1);
    hangup->i[3] = dialed.value;
    from = d.mark();
    ok = d.request(std::move(hangup)).code == ErrorCode::Ok;
  }
  ok = ok && d.waitFor([](const EventRecord& r, const std::string&) {
         return Driver::type(r) == EventType::CallReleased && Driver::span(r) == 3;
       }, from);
  d.pass(5);
  const Counts after = now();
  steps.push_back({"pri call", {after.allocs - before.allocs, after.frees - before.frees}, ok});
  return steps;
}

// One fax page across the cable (span 0 sends to span 1 on timeslot 3):
// measured, not required to be free of allocations (spandsp's T.30 and T.4
// work runs in the DSP phases).
Step faxRound(Driver& d, const std::string& dir) {
  const Counts before = now();
  auto ok = [&](CommandPtr cmd) { return d.request(std::move(cmd)).code == ErrorCode::Ok; };
  bool worked = ok(command(Op::OpenChannel, 0, 3)) && ok(command(Op::OpenChannel, 1, 3));
  auto fax = [&](int span, bool send, const std::string& file) {
    auto cmd = command(Op::FaxStart, span, 3);
    cmd->i[0] = send ? 1 : 0;
    cmd->i[1] = send ? 1 : 0;
    cmd->i[2] = 1;
    cmd->i[3] = 14400;
    cmd->text = file;
    cmd->text2 = send ? "SENDER" : "RECEIVER";
    return ok(std::move(cmd));
  };
  const size_t from = d.mark();
  worked = worked && fax(1, false, dir + "/received.tif") && fax(0, true, dir + "/sent.tif");
  int results = 0;
  worked = worked && d.waitFor([&](const EventRecord& r, const std::string&) {
             if (Driver::type(r) == EventType::FaxResult && r.w[5] == 0) ++results;
             return results == 2;
           }, from, 3000);
  worked = worked && ok(command(Op::CloseChannel, 0, 3)) && ok(command(Op::CloseChannel, 1, 3));
  const Counts after = now();
  return {"fax page", {after.allocs - before.allocs, after.frees - before.frees}, worked};
}

bool writePrompt(const std::string& path) {
  // A minimal 8 kHz 16-bit mono WAV of one second.
  const uint32_t samples = 8000, bytes = samples * 2;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  auto u32 = [&](uint32_t v) { std::fwrite(&v, 4, 1, f); };
  auto u16 = [&](uint16_t v) { std::fwrite(&v, 2, 1, f); };
  std::fwrite("RIFF", 1, 4, f);
  u32(36 + bytes);
  std::fwrite("WAVEfmt ", 1, 8, f);
  u32(16);
  u16(1);
  u16(1);
  u32(8000);
  u32(16000);
  u16(2);
  u16(16);
  std::fwrite("data", 1, 4, f);
  u32(bytes);
  for (uint32_t i = 0; i < samples; ++i) u16(static_cast<uint16_t>(static_cast<int16_t>(3000 * std::sin(i * 0.3))));
  return std::fclose(f) == 0;
}

}  // namespace

int main() {
  tl::test::Tap tap;
  trace = std::getenv("TL_ALLOC_TRACE") != nullptr;
  {
    void* frames[2];
    backtrace(frames, 2);  // loads the unwinder now, not inside a counted call
  }

  char dirTemplate[] = "/tmp/tl-alloc-XXXXXX";
  const char* dirName = mkdtemp(dirTemplate);
  if (!dirName || !writePrompt(std::string(dirName) + "/prompt.wav")) {
    tap.check(false, "temporary directory and prompt");
    return tap.finish();
  }
  const std::string dir = dirName;

  card::VirtualCardConfig cardConfig;
  cardConfig.spans = 4;
  cardConfig.cables = {{0, 1}, {2, 3}};
  cardConfig.clockMode = card::ClockMode::RealTime;
  EngineConfig config;
  config.dspThreads = 1;
  config.spans.resize(4);
  config.spans[2].signaling = SignalingType::PriCpe;
  config.spans[3].signaling = SignalingType::PriNet;
  Engine engine(std::make_unique<card::VirtualCard>(cardConfig), config);
  std::string error;
  if (!tap.check(engine.start(&error), "engine starts", error)) return tap.finish();
  Driver d(engine);

  // The D-channels come up first.
  int up = 0;
  d.waitFor([&](const EventRecord& r, const std::string&) {
    if (Driver::type(r) == EventType::DChannel && r.w[4] == 1) ++up;
    return up == 2;
  }, 0, 2000);
  tap.check(up == 2, "both PRI D-channels come up");

  // Warm-up: lists grow to their working size, caches fill.
  for (int round = 0; round < 2; ++round) {
    mediaRound(d, dir, round, 1);
    callRound(d);
  }

  const Counts before = now();
  for (const Step& s : mediaRound(d, dir, 2, 2)) {
    tap.check(s.ok, "media: " + s.name + " works");
    tap.check(s.counts.allocs == 0 && s.counts.frees == 0,
              "media: " + s.name + ": no allocator call on a real-time thread after warm-up",
              format("%llu allocations, %llu frees", static_cast<unsigned long long>(s.counts.allocs),
                     static_cast<unsigned long long>(s.counts.frees)));
  }
  for (const Step& s : callRound(d)) {
    tap.check(s.ok, "signalling: " + s.name + " works");
    tap.note("signalling: %s: %llu allocations, %llu frees on the clock thread (libpri's own)",
             s.name.c_str(),
             static_cast<unsigned long long>(s.counts.allocs), static_cast<unsigned long long>(s.counts.frees));
  }
  const Counts after = now();
  if (tl::test::writeTiff(dir + "/sent.tif", {tl::test::makePage(7, 196)}).empty()) {
    const Step fax = faxRound(d, dir);
    tap.check(fax.ok, "fax: one page crosses the cable");
    tap.note("fax: %s: %llu allocations, %llu frees on real-time threads (spandsp)", fax.name.c_str(),
             static_cast<unsigned long long>(fax.counts.allocs), static_cast<unsigned long long>(fax.counts.frees));
  }
  tap.note("round after warm-up: %llu allocations, %llu frees on real-time threads in all",
           static_cast<unsigned long long>(after.allocs - before.allocs),
           static_cast<unsigned long long>(after.frees - before.frees));

  // Positive control: QueryChannel's JSON answer is built on the clock thread.
  const Counts c0 = now();
  const Driver::Done queried = d.request(command(Op::QueryChannel, 0, 1));
  const Counts c1 = now();
  tap.check(queried.code == ErrorCode::Ok && c1.allocs > c0.allocs,
            "control: an allocation on the clock thread (QueryChannel's JSON) is counted",
            format("%llu counted", static_cast<unsigned long long>(c1.allocs - c0.allocs)));

  engine.stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return tap.finish();
}
