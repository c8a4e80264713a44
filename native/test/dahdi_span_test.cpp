// A whole DahdiSpan over socketpairs: two B-channels (timeslots 1 and 17)
// and the D-channel, with the kernel's span status and event queue played
// by the test. Checks the per-tick audio path, priming, D-channel frames
// through SpanIo, and how DAHDI events and span status become line events.
#include <dahdi/user.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "card/dahdi/dahdi_span.h"
#include "dahdi_tap.h"
#include "dsp/g711.h"

using namespace tl::card;

namespace {

constexpr uint32_t kBlock = 160;
constexpr uint32_t kAlarmPollTicks = 5;

// --- the kernel, as far as the span can see it ---
int gSpanAlarms = 0;         // what DAHDI_SPANSTAT returns
bool gSpanPresent = true;    // false: DAHDI_SPANSTAT fails
std::map<int, std::deque<int>> gEvents;  // events queued per descriptor

// read()/write() fail with ELAST while an event is queued on the fd, as
// DAHDI's do.
ssize_t dahdiRead(int fd, void* buf, size_t n) {
  if (!gEvents[fd].empty()) {
    errno = kDahdiEventPending;
    return -1;
  }
  return ::read(fd, buf, n);
}
ssize_t dahdiWrite(int fd, const void* buf, size_t n) {
  if (!gEvents[fd].empty()) {
    errno = kDahdiEventPending;
    return -1;
  }
  return ::write(fd, buf, n);
}

DahdiSpanHooks kernelHooks() {
  DahdiSpanHooks hooks;
  hooks.io.read = &dahdiRead;
  hooks.io.write = &dahdiWrite;
  hooks.readAlarms = [](int* alarms) {
    if (!gSpanPresent) return false;
    *alarms = gSpanAlarms;
    return true;
  };
  hooks.nextEvent = [](int fd) {
    auto& q = gEvents[fd];
    if (q.empty()) return static_cast<int>(DAHDI_EVENT_NONE);
    const int e = q.front();
    q.pop_front();
    return e;
  };
  return hooks;
}

struct Pair {
  UniqueFd ours;
  UniqueFd far;
};

Pair seqpacketPair() {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) return {};
  fcntl(sv[0], F_SETFL, O_NONBLOCK);
  fcntl(sv[1], F_SETFL, O_NONBLOCK);
  return {UniqueFd(sv[0]), UniqueFd(sv[1])};
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 3);
  return v;
}

void send(int fd, const std::vector<uint8_t>& data) {
  [[maybe_unused]] ssize_t n = ::write(fd, data.data(), data.size());
}

std::vector<uint8_t> take(int fd) {
  std::vector<uint8_t> buf(4096);
  const ssize_t n = ::read(fd, buf.data(), buf.size());
  buf.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return buf;
}

bool silent(const uint8_t* p) {
  return std::all_of(p, p + kBlock, [](uint8_t b) { return b == tl::dsp::kAlawSilence; });
}

std::string drain(SpanIo& span) {
  std::string out;
  LineEvent e{};
  while (span.pollLineEvent(&e)) {
    if (!out.empty()) out += ",";
    switch (e.kind) {
      case LineEventKind::AlarmChanged: out += "alarm:" + std::to_string(e.value); break;
      case LineEventKind::DChannelUp: out += "up"; break;
      case LineEventKind::DChannelDown: out += "down"; break;
      case LineEventKind::Slip: out += "slip"; break;
    }
  }
  return out;
}

struct Rig {
  int dFar = -1, dOurs = -1, ts1Far = -1, ts1Ours = -1, ts17Far = -1, ts17Ours = -1;
  std::vector<UniqueFd> keep;  // far ends
  std::unique_ptr<DahdiSpan> span;
};

Rig makeRig() {
  Rig rig;
  DahdiSpanFds fds;
  Pair d = seqpacketPair(), b1 = seqpacketPair(), b17 = seqpacketPair();
  rig.dFar = d.far.get();
  rig.dOurs = d.ours.get();
  rig.ts1Far = b1.far.get();
  rig.ts1Ours = b1.ours.get();
  rig.ts17Far = b17.far.get();
  rig.ts17Ours = b17.ours.get();
  fds.dchannel = std::move(d.ours);
  fds.bchannels[1] = std::move(b1.ours);
  fds.bchannels[17] = std::move(b17.ours);
  rig.keep.push_back(std::move(d.far));
  rig.keep.push_back(std::move(b1.far));
  rig.keep.push_back(std::move(b17.far));
  SpanDescription description;
  description.index = 0;
  description.name = "dahdi/1";
  rig.span = std::make_unique<DahdiSpan>(description, kBlock, kAlarmPollTicks, std::move(fds), kernelHooks());
  return rig;
}

}  // namespace

int main() {
  Tap tap;

  gSpanAlarms = 0;
  Rig rig = makeRig();
  DahdiSpan& span = *rig.span;
  tap.check("description: name, A-law, has a D-channel",
            span.description().name == "dahdi/1" && span.description().law == Companding::Alaw &&
                span.description().hasDChannel);

  span.start();
  tap.check("start() on a clear span: D-channel layer 1 up, no alarm", drain(span) == "up" && span.alarms() == 0);

  // --- audio ---
  const auto in1 = pattern(kBlock, 1);
  send(rig.ts1Far, in1);
  span.beginTick(0);
  tap.check("beginTick reads this tick's block on each B-channel",
            std::equal(in1.begin(), in1.end(), span.rxAudio(1)) && silent(span.rxAudio(17)));
  tap.check("a B-channel that got nothing reads as silence; missing blocks are counted",
            span.audioCounters().blocksRx == 1 && span.audioCounters().rxMissing == 1);
  tap.check("a B-channel without a descriptor is silent", silent(span.rxAudio(2)) && silent(span.rxAudio(31)));
  tap.check("timeslots 0 and 16 and out-of-range ones have no audio",
            span.rxAudio(0) == nullptr && span.rxAudio(16) == nullptr && span.txAudio(16) == nullptr &&
                span.txAudio(32) == nullptr && span.rxAudio(-1) == nullptr);

  const auto out1 = pattern(kBlock, 50);
  std::copy(out1.begin(), out1.end(), span.txAudio(1));
  span.endTick(0);
  const auto primed = take(rig.ts1Far);
  const auto first = take(rig.ts1Far);
  tap.check("the first endTick primes each channel with a block of silence, then sends the tick's block",
            primed.size() == kBlock && silent(primed.data()) && first == out1);
  tap.check("... the idle channel gets silence too", take(rig.ts17Far).size() == kBlock && take(rig.ts17Far).size() == kBlock);

  const auto out2 = pattern(kBlock, 90);
  std::copy(out2.begin(), out2.end(), span.txAudio(1));
  span.beginTick(1);
  span.endTick(1);
  tap.check("later ticks send exactly one block", take(rig.ts1Far) == out2 && take(rig.ts1Far).empty());
  take(rig.ts17Far);

  // --- D-channel ---
  const std::vector<uint8_t> wire{0x02, 0x01, 0x7F, 0xAA, 0xBB};  // frame + CRC
  send(rig.dFar, wire);
  uint8_t buf[300];
  size_t len = 0;
  const bool got = span.readFrame(buf, sizeof buf, &len);
  tap.check("readFrame gives the D-channel frame without its CRC", got && len == 3 && buf[2] == 0x7F);
  const std::vector<uint8_t> frame{0x00, 0x01, 0x01, 0x01};
  tap.check("writeFrame sends the frame plus two CRC bytes",
            span.writeFrame(frame.data(), frame.size()) && take(rig.dFar).size() == frame.size() + 2);
  tap.check("span counters count D-channel frames",
            span.counters().framesRx == 1 && span.counters().framesTx == 1 && span.counters().framesDropped == 0);

  // --- alarms through DAHDI events ---
  gSpanAlarms = DAHDI_ALARM_RED | DAHDI_ALARM_LOS;
  gEvents[rig.ts17Ours].push_back(DAHDI_EVENT_ALARM);
  const auto in17 = pattern(kBlock, 7);
  send(rig.ts17Far, in17);
  span.beginTick(2);
  tap.check("an ALARM event blocking a B-channel read is drained and the block still read",
            std::equal(in17.begin(), in17.end(), span.rxAudio(17)) && gEvents[rig.ts17Ours].empty());
  const std::string pulled = drain(span);
  tap.check("... the span's alarms are re-read in the same tick: AlarmChanged(red+los), D-channel down",
            pulled == "alarm:" + std::to_string(kAlarmRed | kAlarmLos) + ",down" &&
                span.alarms() == (kAlarmRed | kAlarmLos),
            pulled);
  span.endTick(2);
  take(rig.ts1Far);
  take(rig.ts17Far);

  // An event blocks a write too.
  gSpanAlarms = 0;
  gEvents[rig.ts1Ours].push_back(DAHDI_EVENT_NOALARM);
  span.endTick(3);
  tap.check("a NOALARM event blocking a write is drained and the block still sent",
            take(rig.ts1Far).size() == kBlock && gEvents[rig.ts1Ours].empty());
  take(rig.ts17Far);
  span.beginTick(4);
  tap.check("... and the next beginTick reports the clear span", drain(span) == "alarm:0,up" && span.alarms() == 0);

  // HDLC errors arrive as events on the D-channel.
  gEvents[rig.dOurs].push_back(DAHDI_EVENT_BADFCS);
  gEvents[rig.dOurs].push_back(DAHDI_EVENT_ABORT);
  send(rig.dFar, wire);
  const bool afterErrors = span.readFrame(buf, sizeof buf, &len) && len == 3;
  tap.check("bad-FCS and abort events on the D-channel count as dropped frames, the next frame still arrives",
            afterErrors && span.counters().framesDropped == 2 && span.eventCounters().hdlcErrors == 2);

  // The periodic re-read catches a change no event announced.
  gSpanAlarms = DAHDI_ALARM_YELLOW;
  bool early = false;
  for (uint32_t i = 0; i + 1 < kAlarmPollTicks; ++i) {
    span.beginTick(10 + i);
    early = early || !drain(span).empty();
  }
  span.beginTick(20);
  const std::string yellow = drain(span);
  tap.check("without an event, alarms are re-read every alarmPollTicks ticks (not before)",
            !early && yellow == "alarm:" + std::to_string(kAlarmYellow) + ",down", yellow);

  gSpanPresent = false;
  gEvents[rig.ts1Ours].push_back(DAHDI_EVENT_REMOVED);
  span.beginTick(21);
  tap.check("a span DAHDI no longer knows reads as not-open",
            drain(span) == "alarm:" + std::to_string(kAlarmNotOpen) && span.alarms() == kAlarmNotOpen);
  gSpanPresent = true;

  gEvents[rig.ts1Ours].push_back(DAHDI_EVENT_READ_OVERRUN);
  gEvents[rig.ts1Ours].push_back(DAHDI_EVENT_DIALCOMPLETE);
  span.beginTick(22);
  tap.check("other events are taken off the queue and counted",
            span.eventCounters().bufferEvents == 1 && span.eventCounters().otherEvents == 1 &&
                gEvents[rig.ts1Ours].empty());

  {
    gSpanAlarms = 0;
    Rig fresh = makeRig();
    fresh.span->start();
    for (uint8_t seed = 1; seed <= 3; ++seed) send(fresh.ts1Far, pattern(kBlock, seed));
    fresh.span->beginTick(0);
    const auto third = pattern(kBlock, 3), fourth = pattern(kBlock, 4);
    const bool newest = std::equal(third.begin(), third.end(), fresh.span->rxAudio(1));
    send(fresh.ts1Far, pattern(kBlock, 4));
    send(fresh.ts1Far, pattern(kBlock, 5));
    fresh.span->beginTick(1);
    const bool oneOnly = std::equal(fourth.begin(), fourth.end(), fresh.span->rxAudio(1));
    tap.check("the first tick skips the blocks that piled up since open, later ticks take one each",
              newest && oneOnly && fresh.span->audioCounters().rxDiscarded == 2);
  }
  {
    gSpanAlarms = DAHDI_ALARM_BLUE;
    Rig alarmed = makeRig();
    alarmed.span->start();
    const std::string initial = drain(*alarmed.span);
    tap.check("start() on a span in alarm: AlarmChanged(blue), D-channel down",
              initial == "alarm:" + std::to_string(kAlarmBlue) + ",down", initial);
  }
  {
    DahdiSpanFds none;
    SpanDescription description;
    description.law = Companding::Ulaw;
    DahdiSpan bare(description, kBlock, kAlarmPollTicks, std::move(none), kernelHooks());
    uint8_t f[2] = {1, 2};
    tap.check("a span without a D-channel says so and drops frames",
              !bare.description().hasDChannel && !bare.writeFrame(f, 2) && !bare.readFrame(buf, sizeof buf, &len));
    tap.check("a mu-law span idles with mu-law silence", bare.rxAudio(1)[0] == tl::dsp::kUlawSilence &&
                                                           bare.txAudio(1)[kBlock - 1] == tl::dsp::kUlawSilence);
  }
  return tap.done();
}
