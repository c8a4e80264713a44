// The engine: owns a card, its channels, the TDM switch and the threads that
// move audio every tick.
//
// Threads (all joined by stop()):
//   tl-clock   waits for each tick, applies commands, runs signalling, runs
//              the DSP phases (sharing them with the tl-dsp-N workers), moves
//              audio through the card, publishes the tick's events;
//   tl-dsp-N   DSP workers (see dsp_pool.h);
//   tl-io      files: prompt loading, recording writing (see io_worker.h).
// No engine thread ever touches a JavaScript value: commands arrive as plain
// structs through CommandQueue, events leave as packed records through
// EventQueue.
//
// Clock modes. In real time (and on hardware) the engine never waits for
// JavaScript: it publishes every tick and keeps going. When the virtual card
// free-runs, the engine and JavaScript move in lockstep so that a test sees
// the same events in the same order as in real time, only faster: after a
// tick that produced events, or when the tick JavaScript asked to be woken at
// (its next timer, the "horizon") is reached, the engine publishes and waits
// until JavaScript acknowledges that tick. Commands JavaScript issued while
// handling a tick take effect on the next tick -- exactly what happens in real
// time when JavaScript answers within a tick. In free-running mode the engine
// also waits for file I/O it started (prompt loads, recording writes), which
// in real time would have finished within a tick. JavaScript may also hold
// the clock (hold/release) while it awaits something outside the engine.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "card/card_backend.h"
#include "dsp/tone_zone.h"
#include "engine/audio_socket.h"
#include "engine/channel.h"
#include "engine/command_queue.h"
#include "engine/conference.h"
#include "engine/dsp_pool.h"
#include "engine/event_queue.h"
#include "engine/io_worker.h"
#include "engine/overload_guard.h"
#include "engine/release_queue.h"
#include "engine/tick_profile.h"
#include "signaling/span_signaling.h"

namespace tl::engine {

enum class SignalingType : uint8_t { None = 0, PriCpe = 1, PriNet = 2 };

struct SpanSettings {
  SignalingType signaling = SignalingType::None;
  // PRI options (see signaling/pri_span.h)
  bool overlapDial = false;
  int huntOrder = -1;  // 0 ascending, 1 descending, 2 round robin, -1 by side
  std::string localNumberPrefix;
};

struct EngineConfig {
  unsigned dspThreads = 1;           // workers besides the clock thread
  std::string toneZone = "cn";
  std::string dtmfReceiver = "tellerline";
  size_t eventSoftLimit = 1 << 16;
  size_t eventHardLimit = 1 << 20;
  size_t promptCacheBytes = 256u << 20;
  uint32_t heartbeatTicks = 50;      // free-run: publish at least this often
  int realtimePriority = 0;          // SCHED_FIFO priority for tl-clock and tl-dsp-N (0 = normal scheduling)
  // Wall time late without a break after which the engine backs off
  // (overload_guard.h); 0 = never; -1 = kDefaultOverloadMs in real time and
  // on hardware, never with a sped-up or free-running clock (tests there
  // want every tick).
  int overloadMs = -1;
  uint32_t recoverMs = 5000;         // on time without a break that ends a back-off
  std::vector<SpanSettings> spans;   // per span; missing entries = None
};

struct EngineStats {
  uint64_t ticks = 0;
  uint64_t missedDeadlines = 0;     // clock woke more than half a tick late
  uint64_t overruns = 0;            // a tick's work took longer than a tick period
  uint64_t maxTickNs = 0;
  uint64_t lastTickNs = 0;
  uint64_t totalTickNs = 0;
  uint64_t eventsDropped = 0;       // queue over its limits
  uint64_t channelEventsDropped = 0;
  uint64_t refusedTransitions = 0;
  uint64_t recordingOverruns = 0;
  uint64_t commands = 0;
  uint64_t batchesPublished = 0;
  uint64_t promptCacheHits = 0;
  uint64_t promptCacheMisses = 0;
  uint64_t activeChannels = 0;
  uint64_t conferences = 0;
  uint64_t stalls = 0;              // runs of late ticks (each reported in a card notice)
  uint64_t maxStallNs = 0;          // the worst lateness of a tick
  uint64_t droppedTicks = 0;        // never run: the backlog of a back-off (also in missedDeadlines)
  uint64_t backOffs = 0;            // times the engine dropped its backlog
  bool overloaded = false;          // backed off and not yet on time again
};

// Half a second behind without a break: far longer than a one-off stall
// takes to catch up, short enough for the machine to stay usable.
constexpr uint32_t kDefaultOverloadMs = 500;

class Engine : public signaling::SignalingHost {
 public:
  Engine(std::unique_ptr<card::Card> card, EngineConfig config);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Opens the card and starts the threads. On failure returns false with a
  // sentence in *error and leaves nothing running.
  bool start(std::string* error);
  // Stops the threads (joining them) and closes the card. Idempotent.
  void stop();
  bool running() const { return running_.load(std::memory_order_acquire); }

  // --- any thread but the engine's ---
  // Also makes, on the calling thread, what the command would otherwise make
  // on the clock thread (a Record's recording and ring, a PlayTone's parsed
  // spec): the clock thread must not allocate.
  void submit(CommandPtr command);
  EventQueue& events() { return events_; }
  // Destroys the commands and prompts the engine is done with (see
  // release_queue.h). Call it from one thread at normal priority: the addon
  // calls it on the JS thread each time it takes events.
  void releaseRetired() {
    release_.collect();
    if (echoSpares_) echoSpares_->topUp();
    if (answerSpares_) answerSpares_->topUp();
  }
  void ack(uint64_t tick, uint64_t horizon);
  void hold();
  void release();
  EngineStats stats() const;

  // Card geometry (fixed after start).
  size_t spanCount() const { return spanCount_; }
  uint32_t tickSamples() const { return tickSamples_; }
  uint32_t tickMs() const override { return tickSamples_ / 8; }
  card::ClockMode clockMode() const { return clockMode_; }
  const char* cardKind() const { return cardKind_; }
  size_t cableCount() const { return cableCount_; }
  SignalingType signalingOf(size_t span) const;

  // --- SignalingHost (clock thread) ---
  uint64_t currentTick() const override { return tick_; }
  Channel* channel(int span, int timeslot) override;
  void emit(EventType type, int span, int timeslot, int32_t a, int32_t b, int32_t c,
            const std::string& text) override;
  void releaseMedia(Channel* channel) override;

 private:
  void run();
  void runTick();
  void syncWithJs();
  // Counts a stall the profiler finished describing and says it in a card notice.
  void reportStall();
  // The guard said back off: drops the backlog (counting it), leaves
  // real-time scheduling and says so once per overload. *late is the clock's
  // word on the tick it goes on from. False if the clock stopped.
  bool backOff(bool* late, bool first);
  void recover();
  // Moves tl-clock (the calling thread) and tl-dsp-N in or out of SCHED_FIFO.
  void setRealtime(bool on);
  // Both may take the command over (moving it to the I/O thread); what they
  // leave is retired after the tick's commands.
  void apply(CommandPtr& command);
  void applyPlay(CommandPtr& command, Channel* channel);
  void applyIoCompletions();
  // The channel a command prepared on the I/O thread applies to, if the
  // preparation worked and the channel still carries audio; else answers it.
  Channel* preparedChannel(const Command& command, const char* what);
  void applyConference(const Command& command, Channel* channel);
  void applyCable(const Command& command);
  void serviceLines();
  void exchangeSockets();
  void collectEvents();
  void done(const Command& command, ErrorCode code, int32_t value = 0, const std::string& text = {});
  void done(uint16_t span, uint16_t channel, uint32_t requestId, ErrorCode code, int32_t value,
            const std::string& text = {});
  size_t indexOf(const Channel* channel) const;
  void closeRecording(const RecordingRef& recording, RecordingEnd reason);
  void waitIo();

  static void receivePhase(void* self, size_t begin, size_t end);
  static void transmitPhase(void* self, size_t begin, size_t end);

  std::unique_ptr<card::Card> card_;
  EngineConfig config_;
  const dsp::ToneZone* zone_ = nullptr;
  size_t spanCount_ = 0;
  uint32_t tickSamples_ = 160;
  card::ClockMode clockMode_ = card::ClockMode::RealTime;
  const char* cardKind_ = "";
  size_t cableCount_ = 0;

  // Spare echo cancellers and answer detectors (see spare_pool.h).
  std::unique_ptr<SparePool<dsp::EchoCanceller>> echoSpares_;
  std::unique_ptr<SparePool<dsp::AnswerDetector>> answerSpares_;
  std::vector<std::unique_ptr<Channel>> channels_;          // all B-channels, span-major
  std::vector<std::vector<Channel*>> byTimeslot_;           // [span][timeslot]
  std::vector<std::unique_ptr<signaling::SpanSignaling>> signaling_;
  // Conferences under way, and spares made at start (one per channel, each
  // with room for every channel) so that creating one on the clock thread
  // allocates nothing; a destroyed conference goes back to the spares.
  std::vector<std::unique_ptr<Conference>> conferences_;
  std::vector<std::unique_ptr<Conference>> spareConferences_;
  Conference* findConference(int32_t id) const;
  std::vector<uint64_t> playSeq_;                           // per channel index
  std::vector<RecordingRef> openRecordings_;
  struct SocketAttachment {
    Channel* channel;
    std::unique_ptr<AudioSocket> socket;
    std::vector<uint8_t> said;
    bool announced = false;
  };
  std::vector<SocketAttachment> sockets_;

  CommandQueue commands_;
  std::vector<CommandPtr> drained_;
  std::vector<IoCompletion> ioDone_;
  std::vector<RecordingRef> finishedRecordings_;
  EventQueue events_;
  ReleaseQueue release_;
  std::unique_ptr<IoWorker> io_;
  std::unique_ptr<DspPool> pool_;
  std::thread clockThread_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
  uint64_t tick_ = 0;
  uint64_t lastPublished_ = 0;

  // Lockstep with JS (free-running clock).
  std::mutex syncMutex_;
  std::condition_variable syncCv_;
  uint64_t acked_ = 0;       // guarded by syncMutex_
  bool anyAck_ = false;      // guarded by syncMutex_
  uint64_t horizon_ = 0;     // guarded by syncMutex_
  int holds_ = 0;            // guarded by syncMutex_

  // Stats (written by the clock thread, read anywhere).
  std::atomic<uint64_t> statTicks_{0}, statMissed_{0}, statOverruns_{0}, statMaxTickNs_{0},
      statLastTickNs_{0}, statTotalTickNs_{0}, statCommands_{0}, statActive_{0},
      statChannelDropped_{0}, statRefused_{0}, statRecordingOverruns_{0}, statConferences_{0};
  uint64_t statRecordingOverrunsOpen_ = 0;  // clock thread only
  std::string schedulingNote_;               // why real-time scheduling could not be set
  TickProfiler profile_{20000000};           // clock thread only; period set in start()
  std::string stallText_;                    // clock thread only: a stall's report, storage reused
  std::string signalMessage_;                // clock thread only: a call command's answer, storage reused
  std::atomic<uint64_t> statStalls_{0}, statMaxStallNs_{0};
  OverloadGuard guard_{0, 0};               // clock thread only; set in start()
  bool realtime_ = false;                    // clock thread only: tl-clock got SCHED_FIFO
  uint64_t droppedThisOverload_ = 0;         // clock thread only
  std::atomic<uint64_t> statDropped_{0}, statBackOffs_{0};
  std::atomic<bool> statOverloaded_{false};
};

}  // namespace tl::engine
