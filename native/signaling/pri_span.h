// PRI (EuroISDN / DSS1 on E1) signalling for one span, on libpri.
//
// libpri runs on the engine's clock thread and nowhere else: it is not
// thread-safe, and this way it needs no lock. Each tick service() hands it
// the D-channel frames that arrived, runs its timers, and turns its events
// into channel state transitions and call events.
//
// libpri quirks handled here (see the platform notes):
//   - frames to/from the callbacks carry two CRC bytes libpri expects;
//   - after PRI_EVENT_HANGUP the application must call pri_hangup() or the
//     release waits 8 s of timers;
//   - its timers run on wall-clock time, so when the virtual card free-runs
//     a protocol timer takes wall time, not engine time. Normal call flows
//     never wait for one; the few that could (a dead peer) are cut short by
//     our own engine-time guard (kReleaseGuardMs);
//   - its message/error hooks are process-global: they are routed to the
//     span being serviced on this thread.
//
// Channel choice for outbound calls follows the span's hunt order. Glare
// (both ends seize the same B-channel at once) is resolved as Q.931 5.7
// says: the network side keeps the channel and refuses the other call with
// cause 44; the user side gives way and its call is retried on another free
// B-channel, keeping its call id.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "card/card_backend.h"
#include "signaling/span_signaling.h"

struct pri;
struct q931_call;

namespace tl::signaling {

struct PriSpanOptions {
  bool network = false;     // our side is NET (the exchange); default CPE
  int huntOrder = -1;       // 0 ascending, 1 descending, 2 round robin; -1: CPE ascending, NET descending
  bool overlapDial = false; // accept incomplete called numbers (SETUP ACK + INFORMATION)
};

class PriSpan : public SpanSignaling {
 public:
  PriSpan(int span, card::SpanIo& io, SignalingHost& host, PriSpanOptions options);
  ~PriSpan() override;

  bool start(std::string* error) override;
  void service(uint64_t tick) override;
  engine::ErrorCode apply(const engine::Command& command, int32_t* result, std::string* message) override;
  void alarmsChanged(uint32_t alarms) override;
  bool up() const override { return up_; }
  std::string statsJson() const override;

  // libpri I/O callbacks (static trampolines use these).
  int readFrame(void* buf, int buflen);
  int writeFrame(const void* buf, int buflen);
  void libpriMessage(const char* text, bool error);

  static constexpr uint32_t kReleaseGuardMs = 60000;

 private:
  // The CallOffered details, built in storage reserved at start (clock thread).
  std::string offeredJson_;

  struct Call {
    uint32_t id = 0;
    q931_call* pri = nullptr;
    int timeslot = 0;          // 0 while the call holds no B-channel
    bool outbound = false;
    bool answered = false;
    bool hangupSent = false;   // we called pri_hangup
    bool hangupReported = false;
    bool glareLost = false;    // gave its channel away; retry when refused
    int retries = 0;
    uint64_t terminatingSince = 0;
    std::string called, calling;
    int presentation = 0;
  };

  void handle(void* event);
  void onRing(void* event);
  void onHangup(Call& call, int cause, bool acknowledged);
  Call* findByPri(q931_call* c);
  Call* findById(uint32_t id);
  int pickChannel(int requested) const;
  bool channelFree(int timeslot) const;
  bool startSetup(Call& call, int timeslot, bool complete, std::string* message);
  void finish(Call& call, int cause);
  void reportHangup(Call& call, int cause, bool remote);
  void clearAll(int cause);
  void setUp(bool up);
  void notice(const std::string& text);

  const int span_;
  card::SpanIo& io_;
  SignalingHost& host_;
  PriSpanOptions options_;
  struct pri* pri_ = nullptr;
  bool up_ = false;
  bool linkUp_ = false;      // what libpri last said about layer 2
  bool inAlarm_ = false;
  uint32_t nextCallId_ = 1;
  int roundRobin_ = 0;
  std::unordered_map<uint32_t, Call> calls_;
  // Nodes of finished calls, reused for new ones: the table is worked on the
  // clock thread, which must not allocate.
  std::vector<std::unordered_map<uint32_t, Call>::node_type> spareCalls_;
  void addCall(Call&& call);
  void removeCall(uint32_t id);
  std::vector<uint8_t> pendingFrame_;
  bool havePending_ = false;

  // counters
  uint64_t callsIn_ = 0, callsOut_ = 0, glares_ = 0, forcedReleases_ = 0, protocolErrors_ = 0,
           refusedSetups_ = 0;
  std::string lastError_;
};

}  // namespace tl::signaling
