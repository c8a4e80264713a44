// The D-channel path of a DAHDI span, from the driver's read() to libpri and
// back into the engine's channels: HdlcChannel (CRC strip, runts, oversize,
// DAHDI events), DahdiSpan (alarm events), PriSpan (what the engine does with
// each frame libpri decodes: SETUPs, channel choice, glare, releases) on
// thirty real engine::Channel objects. The far end of the line is the fuzzer.
//
// Input: a script of steps, each an opcode byte and its operands.
//   op % 8 == 0..3  a frame as DAHDI's read() returns it: length byte, then
//                   the bytes (the last two are the CRC, stripped)
//            4      a tick: the span and libpri run (engine order)
//            5      the next read() fails with "event pending" and the
//                   event queue holds the event in the next byte
//            6      an application command (answer, alerting, hangup...)
//                   on the call in the next byte, cause in the byte after
//            7      the span's alarm word becomes the next byte
// After every tick: no channel transition the state table refused (the
// signalling asked for something impossible), no channel left holding a
// call id while idle.
#include <dahdi/user.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "card/dahdi/dahdi_span.h"
#include "engine/channel.h"
#include "engine/command.h"
#include "fuzz_file.h"
#include "signaling/pri_span.h"

using namespace tl;

namespace {

// --- the kernel, as far as the span can see it ---
std::deque<std::vector<uint8_t>> gFrames;  // what read() returns next, frame by frame
std::deque<int> gEvents;                   // DAHDI events queued on the D-channel
int gAlarms = 0;
uint64_t gFramesWritten = 0;

ssize_t dahdiRead(int, void* buf, size_t n) {
  if (!gEvents.empty()) {
    errno = card::kDahdiEventPending;
    return -1;
  }
  if (gFrames.empty()) {
    errno = EAGAIN;
    return -1;
  }
  std::vector<uint8_t> f = std::move(gFrames.front());
  gFrames.pop_front();
  // A SEQPACKET / DAHDI read truncates to the buffer and returns what fitted.
  const size_t got = f.size() < n ? f.size() : n;
  if (got > 0) std::memcpy(buf, f.data(), got);
  return static_cast<ssize_t>(got);
}

ssize_t dahdiWrite(int, const void*, size_t n) {
  if (!gEvents.empty()) {
    errno = card::kDahdiEventPending;
    return -1;
  }
  ++gFramesWritten;
  return static_cast<ssize_t>(n);
}

class Host : public signaling::SignalingHost {
 public:
  Host() {
    engine::ChannelEnvironment env;
    for (int ts = 1; ts < card::kE1Timeslots; ++ts) {
      if (card::isBChannel(ts)) channels_[static_cast<size_t>(ts)] = std::make_unique<engine::Channel>(0, ts, env);
    }
  }
  uint64_t currentTick() const override { return tick; }
  uint32_t tickMs() const override { return 20; }
  engine::Channel* channel(int span, int timeslot) override {
    if (span != 0 || !card::isBChannel(timeslot)) return nullptr;
    return channels_[static_cast<size_t>(timeslot)].get();
  }
  void emit(engine::EventType type, int span, int timeslot, int32_t a, int32_t b, int32_t, const std::string& text) override {
    if (trace) std::fprintf(stderr, "event %d span %d ts %d a %d b %d %s\n", static_cast<int>(type), span, timeslot, a, b, text.c_str());
    if (span != 0) tl::fuzz::violated("event for another span");
    if (timeslot != 0 && !card::isBChannel(timeslot)) tl::fuzz::violated("event for a timeslot that is no B-channel");
    textBytes += text.size();
#ifdef TL_FUZZ_CANARY
    // The token in a number of an offered call: libpri decoded a mutant SETUP and the span offered it.
    if (type == engine::EventType::CallOffered && tl::fuzz::holdsCanaryToken(text.data(), text.size())) {
      tl::fuzz::canaryReached("a call was offered with the token in its numbers");
    }
#endif
    if (engine::Channel* ch = channel(span, timeslot)) ch->clearEvents();  // only ordering matters in the engine
  }
  void releaseMedia(engine::Channel* ch) override { ch->resetMedia(engine::PlaybackEnd::Hangup, tick); }

  void checkChannels() {
    for (auto& ch : channels_) {
      if (!ch) continue;
      if (ch->refusedTransitions() != 0) {
        std::fprintf(stderr, "%s\n", ch->historyJson().c_str());
        tl::fuzz::violated("the signalling asked a channel for a transition its state table refuses");
      }
      ch->clearEvents();
    }
  }

  uint64_t tick = 0;
  size_t textBytes = 0;
  // TL_FUZZ_TRACE=1: print every event (to check that a seed reaches what it should).
  const bool trace = std::getenv("TL_FUZZ_TRACE") != nullptr;

 private:
  std::array<std::unique_ptr<engine::Channel>, card::kE1Timeslots> channels_;
};

int eventFor(uint8_t b) {
  static constexpr int kEvents[] = {DAHDI_EVENT_ABORT, DAHDI_EVENT_BADFCS, DAHDI_EVENT_OVERRUN,
                                    DAHDI_EVENT_ALARM, DAHDI_EVENT_NOALARM, DAHDI_EVENT_READ_OVERRUN,
                                    DAHDI_EVENT_REMOVED, -1};
  return kEvents[b % (sizeof kEvents / sizeof kEvents[0])];
}

engine::Op commandFor(uint8_t b) {
  static constexpr engine::Op kOps[] = {engine::Op::Answer, engine::Op::Proceeding, engine::Op::Alerting,
                                        engine::Op::Progress, engine::Op::Reject, engine::Op::Hangup,
                                        engine::Op::Dial, engine::Op::SendDigits};
  return kOps[b % (sizeof kOps / sizeof kOps[0])];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gFrames.clear();
  gEvents.clear();
  gAlarms = 0;
  // The span wants a descriptor it owns; every read and write goes through the hooks above.
  card::DahdiSpanFds fds;
  fds.dchannel = card::UniqueFd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  card::DahdiSpanHooks hooks;
  hooks.io.read = &dahdiRead;
  hooks.io.write = &dahdiWrite;
  hooks.readAlarms = [](int* alarms) {
    *alarms = gAlarms;
    return true;
  };
  hooks.nextEvent = [](int) {
    if (gEvents.empty()) return static_cast<int>(DAHDI_EVENT_NONE);
    const int e = gEvents.front();
    gEvents.pop_front();
    return e;
  };
  card::SpanDescription description;
  description.name = "fuzz/0";
  card::DahdiSpan span(description, 160, 5, std::move(fds), std::move(hooks));
  Host host;
  const bool network = size > 0 && (data[0] & 1);
  signaling::PriSpanOptions options;
  options.network = network;
  options.overlapDial = size > 0 && (data[0] & 2);
  signaling::PriSpan pri(0, span, host, options);
  std::string error;
  if (!pri.start(&error)) tl::fuzz::violated("libpri did not start");
  span.start();

  auto tick = [&] {
    span.beginTick(host.tick);
    card::LineEvent ev{};
    while (span.pollLineEvent(&ev)) {
      if (ev.kind == card::LineEventKind::AlarmChanged) pri.alarmsChanged(ev.value);
    }
    pri.service(host.tick);
    span.endTick(host.tick);
    host.checkChannels();
    ++host.tick;
  };

  size_t i = 1;
  uint32_t requestId = 0;
  while (i < size) {
    const uint8_t op = data[i++];
    switch (op % 8) {
      case 0:
      case 1:
      case 2:
      case 3: {
        if (i >= size) break;
        // Up to 1100 bytes: past DAHDI's 1024-byte buffer, so oversize frames are tried too.
        size_t len = data[i++] + (op % 4 == 3 ? 900u : 0u);
        if (len > size - i) len = size - i;
        gFrames.emplace_back(data + i, data + i + len);
        i += len;
        break;
      }
      case 4:
        tick();
        // Now and then a long gap, so the engine-time release guard can fire.
        if (op & 0x80) host.tick += 1000;
        break;
      case 5:
        if (i < size) gEvents.push_back(eventFor(data[i++]));
        break;
      case 6: {
        if (i + 1 >= size) break;
        engine::Command cmd;
        cmd.requestId = ++requestId;
        cmd.op = commandFor(op >> 3);
        cmd.span = 0;
        cmd.i[0] = cmd.op == engine::Op::Dial ? data[i] % 32 : data[i + 1];
        cmd.i[1] = data[i + 1] & 1;
        cmd.i[2] = (data[i + 1] >> 1) & 1;
        cmd.i[3] = data[i] % 8;
        cmd.text = cmd.op == engine::Op::SendDigits ? "12#" : "95588";
        cmd.text2 = "13800138000";
        i += 2;
        int32_t result = 0;
        std::string message;
        pri.apply(cmd, &result, &message);
        host.checkChannels();
        break;
      }
      case 7:
        if (i < size) gAlarms = data[i++];
        break;
    }
  }
  tick();
  (void)pri.statsJson();
  return 0;
}
