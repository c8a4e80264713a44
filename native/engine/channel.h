// One B-channel: its state machine and its DSP chain.
//
// Receive path (DSP thread, phase 1 of a tick):
//   G.711 decode -> rx gain -> echo canceller -> DTMF receiver -> progress
//   detector -> answer detector -> recordings (rx) ; the result stays in received() for the switch.
// Transmit path (DSP thread, phase 2):
//   conference mix + prompt player + tone generator + DTMF generator -> tx gain
//   -> recordings (tx, mixed) -> G.711 encode.
//
// Thread rules: receive()/transmit() run on one DSP thread at a time and touch
// only this channel (and, read-only, the received() buffers of the members of
// its conference, which phase 1 finished before phase 2 began). Everything
// else -- commands, state changes -- runs on the clock thread between ticks.
// Events produced during a tick are kept in a fixed per-channel array and
// collected by the clock thread in channel order, so their order does not
// depend on how many DSP threads there are.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsp/answer_detector.h"
#include "dsp/dtmf_generator.h"
#include "dsp/dtmf_receiver.h"
#include "dsp/echo_canceller.h"
#include "dsp/fax_session.h"
#include "dsp/g711.h"
#include "dsp/progress_detector.h"
#include "dsp/tone_generator.h"
#include "engine/channel_state.h"
#include "engine/event_queue.h"
#include "engine/event_record.h"
#include "engine/player.h"
#include "engine/recording.h"
#include "engine/spare_pool.h"

namespace tl::engine {

class Conference;

struct ChannelEnvironment {
  size_t blockSamples = 160;
  dsp::Companding law = dsp::Companding::Alaw;
  const dsp::ToneZone* zone = nullptr;
  std::string dtmfReceiver = "tellerline";
  // Where a channel gets its echo canceller and answering-machine detector
  // the first time a call switches them on (null: it makes them itself).
  SparePool<dsp::EchoCanceller>* echoSpares = nullptr;
  SparePool<dsp::AnswerDetector>* answerSpares = nullptr;
};

struct TransitionRecord {
  uint64_t tick = 0;
  ChannelState from = ChannelState::Idle;
  ChannelState to = ChannelState::Idle;
  int32_t cause = 0;
  const char* where = "";
  bool refused = false;
};

class Channel {
 public:
  static constexpr size_t kMaxRecordings = 4;
  static constexpr size_t kMaxEventsPerTick = 32;
  static constexpr size_t kHistory = 16;

  Channel(uint16_t span, uint16_t timeslot, const ChannelEnvironment& env);

  uint16_t span() const { return span_; }
  // The byte that carries silence in this channel's companding law.
  uint8_t idleByte() const { return law_ == dsp::Companding::Ulaw ? dsp::kUlawSilence : dsp::kAlawSilence; }
  uint16_t timeslot() const { return timeslot_; }
  ChannelState state() const { return state_; }

  // --- clock thread ---
  // Applies a transition if the table allows it; otherwise refuses it. Both
  // outcomes are recorded in the history and reported as a ChannelState event.
  bool transition(ChannelState to, int32_t cause, const char* where, uint64_t tick);
  uint64_t refusedTransitions() const { return refused_; }
  std::string historyJson() const;

  // Moves the prompts out of *prompts.
  void startPlayback(uint32_t playbackId, std::vector<PromptRef>* prompts, bool stopOnDtmf,
                     bool append, uint64_t tick);
  // Prompts of finished playbacks, for the engine's ReleaseQueue (see player.h).
  std::vector<PromptRef>* retiredPrompts() { return player_.retired(); }
  bool stopPlayback(PlaybackEnd reason, uint64_t tick);
  bool startTone(const dsp::ToneSpec& spec, double levelDbm0, uint32_t requestId, uint64_t tick);
  bool stopTone(uint64_t tick);
  bool queueDtmf(const std::string& digits, const dsp::DtmfToneParams& params, uint32_t requestId);
  bool addRecording(RecordingRef recording);
  RecordingRef findRecording(uint32_t id) const;
  RecordingRef detachRecording(uint32_t id);
  // Recordings that hit their maximum length during the last tick.
  void takeFinishedRecordings(std::vector<RecordingRef>* out);
  // Detaches one recording, any; null when there is none left.
  RecordingRef detachAnyRecording();
  void setEchoCanceller(bool on);
  void setDtmfDetection(bool on);
  void setProgressDetection(bool on);
  // Answering-machine detection on what the far end sends, from now until a
  // verdict (one AnswerDetected event). Stopping it, or any reset of the
  // media, reports a verdict of None if none came yet.
  void startAnswerDetection(const dsp::AnswerDetectorConfig& config);
  bool stopAnswerDetection(uint64_t tick);
  void setGains(double rxDb, double txDb);
  // Fax: the session takes over the channel's audio until phase E. Starting
  // one stops prompts, tones and DTMF sending, and switches the echo
  // canceller and the detectors off (they would only disturb the modems).
  void startFax(std::unique_ptr<dsp::FaxSession> session, uint32_t faxId, uint64_t tick);
  bool faxActive() const { return fax_ != nullptr; }
  // Ends a fax in progress (the call went away, or FaxStop).
  void abortFax();
  // Clock thread, after the tick: reports fax progress and, once the fax is
  // over, its result (then forgets the session).
  void reportFax(uint64_t tick, EventQueue& queue);

  // Stops every media activity (on hangup/close), reporting ends as events.
  void resetMedia(PlaybackEnd reason, uint64_t tick);

  Conference* conference() const { return conference_; }
  void setConference(Conference* c) { conference_ = c; }

  uint32_t callId() const { return callId_; }
  void setCallId(uint32_t id) { callId_ = id; }

  // Clock thread: audio (companded, one block) that an external program
  // sends on this channel this tick; transmit() mixes it in. Valid for one tick.
  void inject(const uint8_t* companded) { injected_ = companded; }

  // --- DSP threads ---
  void receive(const uint8_t* in, uint64_t tick);
  void transmit(uint8_t* out, uint64_t tick);
  // A hint before transmit(): starts loading the prompt audio it will read.
  void prefetchTransmit() const { player_.prefetch(); }
  // This tick's received audio after decode, gain and echo cancelling.
  const int16_t* received() const { return rx_.data(); }

  // --- events of the current tick ---
  // Clock thread: queues an event of this channel (signalling) so that it
  // keeps its order with the channel's own events of the same tick.
  void pushEvent(const EventRecord& record);
  const EventRecord* events() const { return events_.data(); }
  size_t eventCount() const { return eventCount_; }
  void clearEvents() { eventCount_ = 0; }
  uint64_t droppedEvents() const { return droppedEvents_; }

 private:
  void emit(EventType type, uint64_t tick, int32_t a = 0, int32_t b = 0, int32_t c = 0);
  void emitPlayerReport(const PlayerReport& report, uint64_t tick);
  void capture(Recording& rec, const int16_t* samples);
  // After tx_ is final: feed the tx and mixed recordings, keep tx_ as the
  // echo canceller's reference for the next block.
  void finishTransmit();

  const uint16_t span_;
  const uint16_t timeslot_;
  const size_t n_;
  const dsp::Companding law_;
  const dsp::ToneZone* zone_;
  SparePool<dsp::EchoCanceller>* const echoSpares_;
  SparePool<dsp::AnswerDetector>* const answerSpares_;

  ChannelState state_ = ChannelState::Idle;
  std::array<TransitionRecord, kHistory> history_{};
  size_t historyNext_ = 0;
  uint64_t historyCount_ = 0;
  uint64_t refused_ = 0;

  std::unique_ptr<dsp::DtmfReceiver> dtmfRx_;
  std::unique_ptr<dsp::ProgressDetector> progress_;
  std::unique_ptr<dsp::EchoCanceller> echo_;
  std::unique_ptr<dsp::AnswerDetector> answer_;
  bool answerOn_ = false;
  bool dtmfOn_ = true;
  bool progressOn_ = false;
  bool echoOn_ = false;
  float rxGain_ = 1.0f;
  float txGain_ = 1.0f;

  Player player_;
  dsp::ToneGenerator tone_;
  uint32_t toneRequest_ = 0;
  dsp::DtmfGenerator dtmfGen_;
  std::vector<uint32_t> dtmfRequests_;

  std::array<RecordingRef, kMaxRecordings> recordings_{};
  bool recordingFinished_ = false;

  std::unique_ptr<dsp::FaxSession> fax_;
  uint32_t faxId_ = 0;
  const uint8_t* injected_ = nullptr;
  Conference* conference_ = nullptr;
  uint32_t callId_ = 0;

  std::vector<int16_t> rx_;
  std::vector<int16_t> tx_;
  std::vector<int16_t> prevTx_;
  std::vector<int16_t> mixed_;
  std::vector<int32_t> acc_;

  std::array<EventRecord, kMaxEventsPerTick> events_{};
  size_t eventCount_ = 0;
  uint64_t droppedEvents_ = 0;
};

}  // namespace tl::engine
