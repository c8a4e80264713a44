#include "engine/engine.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "card/soft_clock.h"
#include "card/virtual/virtual_card.h"
#include "engine/thread_arena.h"
#include "dsp/g711.h"
#include "engine/realtime_thread.h"
#include "signaling/pri_span.h"

namespace tl::engine {

namespace {
constexpr uint16_t kNoChannel = 0;
}  // namespace

Engine::Engine(std::unique_ptr<card::Card> card, EngineConfig config)
    : card_(std::move(card)),
      config_(std::move(config)),
      events_(config_.eventSoftLimit, config_.eventHardLimit) {}

Engine::~Engine() { stop(); }

SignalingType Engine::signalingOf(size_t span) const {
  return span < config_.spans.size() ? config_.spans[span].signaling : SignalingType::None;
}

bool Engine::start(std::string* error) {
  // spandsp's T.4 code calls localtime() from the DSP threads; load the time
  // zone once here so that its first call does not read files there.
  tzset();
  zone_ = dsp::findToneZone(config_.toneZone);
  if (!zone_) {
    *error = "unknown tone zone \"" + config_.toneZone + "\"";
    return false;
  }
  if (!dsp::makeDtmfReceiver(config_.dtmfReceiver)) {
    *error = "unknown DTMF receiver \"" + config_.dtmfReceiver + "\" (use tellerline or spandsp)";
    return false;
  }
  if (!card_->open(error)) return false;

  spanCount_ = card_->spanCount();
  tickSamples_ = card_->tickSamples();
  clockMode_ = card_->clock().mode();
  cardKind_ = card_->kind();
  if (auto* vc = dynamic_cast<card::VirtualCard*>(card_.get())) cableCount_ = vc->cableCount();

  // A few spares: enough for the starts of one batch of events on a busy card.
  constexpr size_t kSpares = 16;
  const size_t block = tickSamples_;
  echoSpares_ = std::make_unique<SparePool<dsp::EchoCanceller>>(
      kSpares, [block] { return std::make_unique<dsp::EchoCanceller>(block); });
  answerSpares_ = std::make_unique<SparePool<dsp::AnswerDetector>>(
      kSpares, [] { return std::make_unique<dsp::AnswerDetector>(); });

  ChannelEnvironment env;
  env.blockSamples = tickSamples_;
  env.echoSpares = echoSpares_.get();
  env.answerSpares = answerSpares_.get();
  env.zone = zone_;
  env.dtmfReceiver = config_.dtmfReceiver;
  byTimeslot_.assign(spanCount_, std::vector<Channel*>(card::kE1Timeslots, nullptr));
  for (size_t s = 0; s < spanCount_; ++s) {
    env.law = card_->span(s).description().law == card::Companding::Ulaw ? dsp::Companding::Ulaw
                                                                         : dsp::Companding::Alaw;
    for (int ts = 1; ts < card::kE1Timeslots; ++ts) {
      if (!card::isBChannel(ts)) continue;
      channels_.push_back(std::make_unique<Channel>(static_cast<uint16_t>(s), static_cast<uint16_t>(ts), env));
      byTimeslot_[s][static_cast<size_t>(ts)] = channels_.back().get();
    }
  }
  playSeq_.assign(channels_.size(), 0);
  conferences_.reserve(2 * channels_.size());
  spareConferences_.reserve(2 * channels_.size());
  for (size_t i = 0; i < channels_.size(); ++i) {
    spareConferences_.push_back(std::make_unique<Conference>(0, tickSamples_, channels_.size()));
  }

  signaling_.resize(spanCount_);
  for (size_t s = 0; s < spanCount_; ++s) {
    const SignalingType type = signalingOf(s);
    if (type == SignalingType::None) continue;
    signaling::PriSpanOptions options;
    options.network = type == SignalingType::PriNet;
    options.huntOrder = s < config_.spans.size() ? config_.spans[s].huntOrder : 0;
    options.overlapDial = s < config_.spans.size() && config_.spans[s].overlapDial;
    auto pri = std::make_unique<signaling::PriSpan>(static_cast<int>(s), card_->span(s), *this, options);
    if (!pri->start(error)) {
      signaling_.clear();
      card_->close();
      return false;
    }
    signaling_[s] = std::move(pri);
  }

  profile_ = TickProfiler(static_cast<uint64_t>(tickMs()) * 1000000ull);
  stallText_.reserve(1024);
  signalMessage_.reserve(256);
  const bool paced = clockMode_ == card::ClockMode::RealTime || clockMode_ == card::ClockMode::Hardware;
  const int64_t overloadMs = config_.overloadMs >= 0 ? config_.overloadMs : paced ? kDefaultOverloadMs : 0;
  guard_ = OverloadGuard(overloadMs * 1000000, static_cast<int64_t>(config_.recoverMs) * 1000000);
  io_ = std::make_unique<IoWorker>(config_.promptCacheBytes);
  io_->start();
  pool_ = std::make_unique<DspPool>(config_.dspThreads, config_.realtimePriority);
  running_.store(true, std::memory_order_release);
  clockThread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "tl-clock");
    claimThreadArena();  // before the mark: claiming the arena allocates
    markRealtimeThread();
    if (config_.realtimePriority > 0) {
      sched_param param{};
      param.sched_priority = config_.realtimePriority;
      const int rc = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
      if (rc != 0) schedulingNote_ = std::string("real-time scheduling refused: ") + std::strerror(rc);
      realtime_ = rc == 0;
    }
    run();
  });
  return true;
}

void Engine::stop() {
  if (!clockThread_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  card_->clock().stop();
  {
    std::lock_guard<std::mutex> lock(syncMutex_);
    syncCv_.notify_all();
  }
  clockThread_.join();
  release_.publish();  // the clock thread's last tick may have retired some
  release_.collect();
  pool_.reset();
  io_->stop();  // finalizes every open recording file
  signaling_.clear();
  card_->close();
  running_.store(false, std::memory_order_release);
}

void Engine::submit(CommandPtr command) {
  Command& cmd = *command;
  if (cmd.op == Op::Record && !cmd.recording) cmd.recording = makeRecording(cmd);
  if (cmd.op == Op::PlayTone && zone_ && !zone_->find(cmd.text)) {
    cmd.tone = dsp::parseToneSpec("custom", cmd.text, nullptr);  // when it fails, apply() says why
  }
  commands_.push(std::move(command));
}

void Engine::ack(uint64_t tick, uint64_t horizon) {
  std::lock_guard<std::mutex> lock(syncMutex_);
  if (!anyAck_ || tick > acked_) acked_ = tick;
  anyAck_ = true;
  horizon_ = horizon;
  syncCv_.notify_all();
}

void Engine::hold() {
  std::lock_guard<std::mutex> lock(syncMutex_);
  ++holds_;
}

void Engine::release() {
  std::lock_guard<std::mutex> lock(syncMutex_);
  if (holds_ > 0) --holds_;
  syncCv_.notify_all();
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.ticks = statTicks_.load(std::memory_order_relaxed);
  s.missedDeadlines = statMissed_.load(std::memory_order_relaxed);
  s.overruns = statOverruns_.load(std::memory_order_relaxed);
  s.maxTickNs = statMaxTickNs_.load(std::memory_order_relaxed);
  s.lastTickNs = statLastTickNs_.load(std::memory_order_relaxed);
  s.totalTickNs = statTotalTickNs_.load(std::memory_order_relaxed);
  s.eventsDropped = events_.dropped();
  s.channelEventsDropped = statChannelDropped_.load(std::memory_order_relaxed);
  s.refusedTransitions = statRefused_.load(std::memory_order_relaxed);
  s.recordingOverruns = statRecordingOverruns_.load(std::memory_order_relaxed);
  s.commands = statCommands_.load(std::memory_order_relaxed);
  s.batchesPublished = events_.published();
  if (io_) {
    s.promptCacheHits = io_->promptCacheHits();
    s.promptCacheMisses = io_->promptCacheMisses();
  }
  s.activeChannels = statActive_.load(std::memory_order_relaxed);
  s.conferences = statConferences_.load(std::memory_order_relaxed);
  s.stalls = statStalls_.load(std::memory_order_relaxed);
  s.maxStallNs = statMaxStallNs_.load(std::memory_order_relaxed);
  s.droppedTicks = statDropped_.load(std::memory_order_relaxed);
  s.backOffs = statBackOffs_.load(std::memory_order_relaxed);
  s.overloaded = statOverloaded_.load(std::memory_order_relaxed);
  return s;
}

Channel* Engine::channel(int span, int timeslot) {
  if (span < 0 || static_cast<size_t>(span) >= spanCount_ || !card::isBChannel(timeslot)) return nullptr;
  return byTimeslot_[static_cast<size_t>(span)][static_cast<size_t>(timeslot)];
}

size_t Engine::indexOf(const Channel* ch) const {
  return static_cast<size_t>(ch->span()) * card::kE1BChannels +
         static_cast<size_t>(ch->timeslot() < card::kE1DChannelTimeslot ? ch->timeslot() - 1 : ch->timeslot() - 2);
}

void Engine::emit(EventType type, int span, int timeslot, int32_t a, int32_t b, int32_t c,
                  const std::string& text) {
  const int32_t str = text.empty() ? -1 : events_.addString(text);
  const EventRecord record =
      makeEvent(type, static_cast<uint16_t>(span), static_cast<uint16_t>(timeslot), tick_, a, b, c, str);
  // Channel events wait in the channel's queue so they stay in order with its
  // state changes; the string index stays valid (same tick, same batch).
  if (Channel* ch = channel(span, timeslot)) {
    ch->pushEvent(record);
  } else {
    events_.push(record);
  }
}

void Engine::done(uint16_t span, uint16_t channel, uint32_t requestId, ErrorCode code, int32_t value,
                  const std::string& text) {
  const int32_t str = text.empty() ? -1 : events_.addString(text);
  events_.push(makeEvent(EventType::CommandDone, span, channel, tick_, static_cast<int32_t>(requestId),
                         static_cast<int32_t>(code), value, str));
}

void Engine::done(const Command& command, ErrorCode code, int32_t value, const std::string& text) {
  done(static_cast<uint16_t>(command.span < 0 ? kCardWide : command.span),
       static_cast<uint16_t>(command.channel < 0 ? kNoChannel : command.channel), command.requestId, code,
       value, text);
}

void Engine::releaseMedia(Channel* ch) {
  ch->resetMedia(PlaybackEnd::Hangup, tick_);
  ++playSeq_[indexOf(ch)];
  while (RecordingRef rec = ch->detachAnyRecording()) closeRecording(rec, RecordingEnd::Hangup);
  if (Conference* conf = ch->conference()) {
    conf->remove(ch);
    ch->setConference(nullptr);
  }
}

void Engine::closeRecording(const RecordingRef& recording, RecordingEnd reason) {
  recording->endReason = reason;
  recording->stopRequested.store(true, std::memory_order_release);
  io_->closeRecording(recording);
}

// ---------------------------------------------------------------- the loop

void Engine::run() {
  const uint64_t periodNs = static_cast<uint64_t>(tickMs()) * 1000000ull;
  for (tick_ = 0; !stopping_.load(std::memory_order_acquire); ++tick_) {
    bool late = false;
    if (!card_->clock().wait(tick_, &late)) break;
    const bool wasOverloaded = guard_.overloaded();
    switch (guard_.step(late, card::monotonicNs())) {
      case OverloadStep::BackOff:
        if (!backOff(&late, !wasOverloaded)) return;
        break;
      case OverloadStep::Recover: recover(); break;
      case OverloadStep::None: break;
    }
    if (late) statMissed_.fetch_add(1, std::memory_order_relaxed);

    const int64_t t0 = card::monotonicNs();
    profile_.begin(tick_, t0, late);
    reportStall();
    runTick();
    const auto elapsed = static_cast<uint64_t>(card::monotonicNs() - t0);

    statTicks_.fetch_add(1, std::memory_order_relaxed);
    statLastTickNs_.store(elapsed, std::memory_order_relaxed);
    statTotalTickNs_.fetch_add(elapsed, std::memory_order_relaxed);
    if (elapsed > statMaxTickNs_.load(std::memory_order_relaxed)) {
      statMaxTickNs_.store(elapsed, std::memory_order_relaxed);
    }
    if (elapsed > periodNs && clockMode_ != card::ClockMode::FreeRun) {
      statOverruns_.fetch_add(1, std::memory_order_relaxed);
    }

    if (clockMode_ == card::ClockMode::FreeRun) {
      syncWithJs();
    } else {
      events_.publish(tick_, true);
      profile_.mark(TickPhase::Publish, card::monotonicNs());
    }
    profile_.end(card::monotonicNs());
  }
}

bool Engine::backOff(bool* late, bool first) {
  const uint64_t due = card_->clock().dueTick(tick_);
  if (due > tick_) {
    // Ticks tick_ .. due-1 are never run: each is a missed deadline. The tick
    // it goes on from is late or not as the clock says.
    const uint64_t dropped = due - tick_;
    statMissed_.fetch_add(dropped, std::memory_order_relaxed);
    statDropped_.fetch_add(dropped, std::memory_order_relaxed);
    droppedThisOverload_ += dropped;
    tick_ = due;
    if (!card_->clock().wait(tick_, late)) return false;
  }
  statBackOffs_.fetch_add(1, std::memory_order_relaxed);
  if (first) {
    statOverloaded_.store(true, std::memory_order_relaxed);
    setRealtime(false);
    emit(EventType::Notice, kCardWide, 0, 0, 0, 0,
         "engine overloaded: behind for " + std::to_string(guard_.limitNs() / 1000000) +
             " ms without a break; dropped " +
             std::to_string(droppedThisOverload_) + " ticks" +
             (realtime_ ? " and left real-time scheduling until it keeps up" : ""));
  }
  return true;
}

void Engine::recover() {
  statOverloaded_.store(false, std::memory_order_relaxed);
  setRealtime(true);
  emit(EventType::Notice, kCardWide, 0, 0, 0, 0,
       "engine keeps up again after dropping " + std::to_string(droppedThisOverload_) + " ticks" +
           (realtime_ ? "; back to real-time scheduling" : ""));
  droppedThisOverload_ = 0;
}

void Engine::setRealtime(bool on) {
  if (!realtime_ || config_.realtimePriority <= 0) return;  // never had it: nothing to give up
  sched_param param{};
  param.sched_priority = on ? config_.realtimePriority : 0;
  const int rc = pthread_setschedparam(pthread_self(), on ? SCHED_FIFO : SCHED_OTHER, &param);
  if (pool_) pool_->setPriority(on ? config_.realtimePriority : 0);
  if (on && rc != 0) realtime_ = false;  // refused now: the engine runs on at normal priority
}

void Engine::reportStall() {
  std::string& text = stallText_;
  uint64_t latenessNs = 0;
  if (!profile_.takeStall(&text, &latenessNs)) return;
  statStalls_.fetch_add(1, std::memory_order_relaxed);
  if (latenessNs > statMaxStallNs_.load(std::memory_order_relaxed)) {
    statMaxStallNs_.store(latenessNs, std::memory_order_relaxed);
  }
  emit(EventType::Notice, kCardWide, 0, 0, 0, 0, text);
}

void Engine::syncWithJs() {
  bool mustPublish;
  {
    std::lock_guard<std::mutex> lock(syncMutex_);
    mustPublish = !events_.buildingEmpty() || !anyAck_ || tick_ >= horizon_ || holds_ > 0 ||
                  tick_ - lastPublished_ >= config_.heartbeatTicks;
  }
  if (!mustPublish) return;
  events_.publish(tick_, true);
  lastPublished_ = tick_;
  std::unique_lock<std::mutex> lock(syncMutex_);
  syncCv_.wait(lock, [this] {
    return stopping_.load(std::memory_order_acquire) || (anyAck_ && acked_ >= tick_ && holds_ == 0);
  });
}

void Engine::waitIo() {
  while (!stopping_.load(std::memory_order_acquire) && io_->outstanding() > 0) {
    io_->takeCompletions(&ioDone_);
    if (io_->outstanding() == 0) break;
    io_->waitForProgress(5);
  }
}

void Engine::runTick() {
  if (tick_ == 0 && !schedulingNote_.empty()) emit(EventType::Notice, kCardWide, 0, 0, 0, 0, schedulingNote_);
  card_->beginTick(tick_);
  if (clockMode_ == card::ClockMode::FreeRun) waitIo();
  io_->takeCompletions(&ioDone_);
  profile_.mark(TickPhase::IoQueue, card::monotonicNs());
  applyIoCompletions();
  profile_.mark(TickPhase::Io, card::monotonicNs());

  commands_.drain(&drained_);
  int64_t before = card::monotonicNs();
  profile_.mark(TickPhase::CommandQueue, before);
  for (auto& command : drained_) {
    const int op = static_cast<int>(command->op);
    apply(command);
    const int64_t after = card::monotonicNs();
    profile_.command(op, after - before);
    before = after;
  }
  for (auto& command : drained_) release_.retire(std::move(command));
  drained_.clear();
  profile_.mark(TickPhase::Commands, card::monotonicNs());

  serviceLines();
  for (auto& sig : signaling_) {
    if (sig) sig->service(tick_);
  }
  if (!sockets_.empty()) exchangeSockets();
  profile_.mark(TickPhase::Signalling, card::monotonicNs());

  pool_->run(&Engine::receivePhase, this, channels_.size());
  for (auto& conf : conferences_) conf->computeSums(tickSamples_);
  pool_->run(&Engine::transmitPhase, this, channels_.size());
  card_->endTick(tick_);
  profile_.mark(TickPhase::Dsp, card::monotonicNs());

  for (auto& ch : channels_) {
    release_.retire(ch->retiredPrompts());
    ch->takeFinishedRecordings(&finishedRecordings_);
    if (ch->faxActive()) ch->reportFax(tick_, events_);
  }
  for (auto& rec : finishedRecordings_) closeRecording(rec, RecordingEnd::MaxDuration);
  finishedRecordings_.clear();

  collectEvents();
  release_.publish();
  profile_.mark(TickPhase::Recordings, card::monotonicNs());

  if (clockMode_ == card::ClockMode::FreeRun) {
    // Back-pressure instead of loss: let the writer catch up.
    for (auto& rec : openRecordings_) {
      while (!stopping_.load(std::memory_order_acquire) && rec->ring.size() > rec->ring.capacity() / 2) {
        io_->wake();
        io_->waitForProgress(2);
      }
    }
  }
}

void Engine::receivePhase(void* self, size_t begin, size_t end) {
  auto* engine = static_cast<Engine*>(self);
  for (size_t i = begin; i < end; ++i) {
    Channel* ch = engine->channels_[i].get();
    if (!isMediaState(ch->state())) continue;
    ch->receive(engine->card_->span(ch->span()).rxAudio(ch->timeslot()), engine->tick_);
  }
}

void Engine::transmitPhase(void* self, size_t begin, size_t end) {
  auto* engine = static_cast<Engine*>(self);
  constexpr size_t kAhead = 2;  // channels: enough for main memory to answer
  for (size_t i = begin; i < end; ++i) {
    if (i + kAhead < end) engine->channels_[i + kAhead]->prefetchTransmit();
    Channel* ch = engine->channels_[i].get();
    uint8_t* out = engine->card_->span(ch->span()).txAudio(ch->timeslot());
    if (!isMediaState(ch->state())) {
      std::memset(out, ch->idleByte(), engine->tickSamples_);
      continue;
    }
    ch->transmit(out, engine->tick_);
  }
}

void Engine::serviceLines() {
  card::LineEvent ev{};
  for (size_t s = 0; s < spanCount_; ++s) {
    while (card_->span(s).pollLineEvent(&ev)) {
      switch (ev.kind) {
        case card::LineEventKind::AlarmChanged:
          emit(EventType::Alarm, static_cast<int>(s), kNoChannel, static_cast<int32_t>(ev.value), 0, 0, {});
          if (signaling_[s]) signaling_[s]->alarmsChanged(ev.value);
          break;
        case card::LineEventKind::Slip:
          emit(EventType::Slip, static_cast<int>(s), kNoChannel, static_cast<int32_t>(ev.value), 0, 0, {});
          break;
        case card::LineEventKind::DChannelUp:
        case card::LineEventKind::DChannelDown:
          break;  // signalling reports D-channel state itself
      }
    }
  }
}

void Engine::exchangeSockets() {
  const bool lockstep = clockMode_ == card::ClockMode::FreeRun;
  for (auto it = sockets_.begin(); it != sockets_.end();) {
    Channel* ch = it->channel;
    AudioSocket& sock = *it->socket;
    if (!isMediaState(ch->state())) sock.close("the call ended");
    if (sock.state() != AudioSocket::State::Closed) {
      const uint8_t* heard = card_->span(ch->span()).rxAudio(ch->timeslot());
      sock.exchange(heard, it->said.data(), tickSamples_, lockstep, ch->idleByte());
      if (sock.state() == AudioSocket::State::Connected) {
        ch->inject(it->said.data());
        if (!it->announced) {
          it->announced = true;
          emit(EventType::SocketState, ch->span(), ch->timeslot(), 1, 0, 0, sock.path());
        }
      }
    }
    if (sock.state() == AudioSocket::State::Closed) {
      emit(EventType::SocketState, ch->span(), ch->timeslot(), 0, 0, 0,
           sock.closeReason().empty() ? std::string("closed") : sock.closeReason());
      it = sockets_.erase(it);
    } else {
      ++it;
    }
  }
}

void Engine::collectEvents() {
  uint64_t dropped = 0, refused = 0, active = 0;
  for (auto& ch : channels_) {
    const size_t count = ch->eventCount();
    for (size_t i = 0; i < count; ++i) events_.push(ch->events()[i]);
    ch->clearEvents();
    dropped += ch->droppedEvents();
    refused += ch->refusedTransitions();
    if (ch->state() != ChannelState::Idle) ++active;
  }
  uint64_t overruns = 0;
  for (auto& rec : openRecordings_) overruns += rec->overruns.load(std::memory_order_relaxed);
  statChannelDropped_.store(dropped, std::memory_order_relaxed);
  statRefused_.store(refused, std::memory_order_relaxed);
  statActive_.store(active, std::memory_order_relaxed);
  statConferences_.store(conferences_.size(), std::memory_order_relaxed);
  if (overruns > statRecordingOverrunsOpen_) {
    statRecordingOverruns_.fetch_add(overruns - statRecordingOverrunsOpen_, std::memory_order_relaxed);
  }
  statRecordingOverrunsOpen_ = overruns;
}

// ---------------------------------------------------------------- commands

Channel* Engine::preparedChannel(const Command& cmd, const char* what) {
  if (cmd.loadError != ErrorCode::Ok) {
    done(cmd, cmd.loadError, 0, cmd.loadMessage);
    return nullptr;
  }
  Channel* ch = channel(cmd.span, cmd.channel);
  if (!ch || !isMediaState(ch->state())) {
    done(cmd, ErrorCode::ChannelIdle, 0, std::string("the channel went idle before ") + what);
    return nullptr;
  }
  return ch;
}

void Engine::applyIoCompletions() {
  for (auto& c : ioDone_) {
    switch (c.kind) {
      case IoCompletion::Kind::PromptsLoaded: {
        Command& cmd = *c.command;
        Channel* ch = preparedChannel(cmd, "the prompts were loaded");
        if (!ch) break;
        const bool append = cmd.flags & kPlayAppend;
        if (!append && static_cast<uint32_t>(playSeq_[indexOf(ch)]) != static_cast<uint32_t>(cmd.i[3])) {
          // Superseded by a later stop or play while loading.
          done(cmd, ErrorCode::Ok);
          emit(EventType::PlaybackFinished, cmd.span, cmd.channel, static_cast<int32_t>(cmd.requestId),
               static_cast<int32_t>(PlaybackEnd::Stopped), 0, {});
          break;
        }
        ch->startPlayback(cmd.requestId, &cmd.prompts, cmd.flags & kPlayStopOnDtmf, append, tick_);
        done(cmd, ErrorCode::Ok);
        break;
      }
      case IoCompletion::Kind::FaxPrepared: {
        Command& cmd = *c.command;
        Channel* ch = preparedChannel(cmd, "the fax could start");
        if (!ch) break;
        if (ch->faxActive()) {
          done(cmd, ErrorCode::ChannelBusy, 0, "a fax is already in progress on this channel");
          break;
        }
        ch->startFax(std::move(cmd.fax), cmd.requestId, tick_);
        done(cmd, ErrorCode::Ok, static_cast<int32_t>(cmd.requestId));
        break;
      }
      case IoCompletion::Kind::RecordingOpened: {
        Recording& rec = *c.recording;
        if (rec.error) {
          if (Channel* ch = channel(rec.span, rec.channel)) ch->detachRecording(rec.id);
          openRecordings_.erase(std::remove(openRecordings_.begin(), openRecordings_.end(), c.recording),
                                openRecordings_.end());
          done(rec.span, rec.channel, rec.requestId,
               rec.error.kind == dsp::WavErrorKind::NotFound ? ErrorCode::FileNotFound : ErrorCode::Io, 0,
               rec.error.message);
        } else {
          done(rec.span, rec.channel, rec.requestId, ErrorCode::Ok, static_cast<int32_t>(rec.id));
          emit(EventType::RecordingStarted, rec.span, rec.channel, static_cast<int32_t>(rec.id), 0, 0, {});
        }
        break;
      }
      case IoCompletion::Kind::RecordingClosed: {
        Recording& rec = *c.recording;
        openRecordings_.erase(std::remove(openRecordings_.begin(), openRecordings_.end(), c.recording),
                              openRecordings_.end());
        const bool failed = static_cast<bool>(rec.error);
        const auto written = static_cast<int32_t>(std::min<uint64_t>(rec.written, INT32_MAX));
        emit(EventType::RecordingStopped, rec.span, rec.channel, static_cast<int32_t>(rec.id),
             static_cast<int32_t>(failed ? RecordingEnd::Error : rec.endReason), written,
             failed ? rec.error.message : rec.path);
        break;
      }
    }
  }
  for (auto& c : ioDone_) {
    release_.retire(std::move(c.command));
    release_.retire(std::move(c.recording));  // may be the last reference: its ring is freed there
  }
  ioDone_.clear();
}

void Engine::apply(CommandPtr& command) {
  statCommands_.fetch_add(1, std::memory_order_relaxed);
  Command& cmd = *command;
  Channel* ch = nullptr;
  if (cmd.channel >= 0) {
    ch = channel(cmd.span, cmd.channel);
    if (!ch) return done(cmd, ErrorCode::UnknownChannel);
  } else if (cmd.span >= 0 && static_cast<size_t>(cmd.span) >= spanCount_) {
    return done(cmd, ErrorCode::UnknownSpan);
  }

  auto needsChannel = [&] {
    if (!ch) done(cmd, ErrorCode::UnknownChannel, 0, "this command needs a channel");
    return ch != nullptr;
  };
  auto needsMedia = [&] {
    if (!needsChannel()) return false;
    if (!isMediaState(ch->state())) {
      done(cmd, ErrorCode::ChannelIdle, 0,
           std::string("channel is ") + channelStateName(ch->state()) + ", not carrying audio");
      return false;
    }
    return true;
  };

  switch (cmd.op) {
    case Op::OpenChannel:
      if (!needsChannel()) return;
      if (signalingOf(static_cast<size_t>(cmd.span)) != SignalingType::None) {
        return done(cmd, ErrorCode::IllegalState, 0, "this span has signalling: its channels open through calls");
      }
      if (!ch->transition(ChannelState::Open, 0, "open", tick_)) {
        return done(cmd, ErrorCode::ChannelBusy, 0, std::string("channel is ") + channelStateName(ch->state()));
      }
      return done(cmd, ErrorCode::Ok);

    case Op::CloseChannel:
      if (!needsChannel()) return;
      if (ch->state() != ChannelState::Open) {
        return done(cmd, ch->state() == ChannelState::Idle ? ErrorCode::ChannelIdle : ErrorCode::IllegalState, 0,
                    std::string("channel is ") + channelStateName(ch->state()));
      }
      releaseMedia(ch);
      ch->transition(ChannelState::Idle, 0, "close", tick_);
      return done(cmd, ErrorCode::Ok);

    case Op::Play:
      if (!needsMedia()) return;
      return applyPlay(command, ch);

    case Op::StopPlayback: {
      if (!needsMedia()) return;
      ++playSeq_[indexOf(ch)];
      const bool stopped = ch->stopPlayback(PlaybackEnd::Stopped, tick_);
      return done(cmd, ErrorCode::Ok, stopped ? 1 : 0);
    }

    case Op::SendDtmf: {
      if (!needsMedia()) return;
      dsp::DtmfToneParams params;
      params.onMs = static_cast<uint32_t>(cmd.i[0]);
      params.offMs = static_cast<uint32_t>(cmd.i[1]);
      params.pauseMs = static_cast<uint32_t>(cmd.i[2]);
      params.levelDbm0 = cmd.d[0];
      params.twistDb = cmd.d[1];
      if (!ch->queueDtmf(cmd.text, params, cmd.requestId)) {
        return done(cmd, ErrorCode::InvalidArgument, 0, "not a DTMF string: " + cmd.text);
      }
      return done(cmd, ErrorCode::Ok);
    }

    case Op::PlayTone: {
      if (!needsMedia()) return;
      // A zone's tone is used in place (no copy: this is the clock thread);
      // a custom spec was parsed by submit(), and is parsed here again only
      // to say what is wrong with it.
      const dsp::ToneSpec* spec = zone_->find(cmd.text);
      if (!spec && cmd.tone) spec = &*cmd.tone;  // parsed by submit()
      std::optional<dsp::ToneSpec> custom;
      if (!spec) {
        std::string error;
        custom = dsp::parseToneSpec("custom", cmd.text, &error);
        if (!custom) {
          return done(cmd, ErrorCode::UnknownTone, 0,
                      "\"" + cmd.text + "\" is neither a tone of zone " + zone_->name + " nor a tone spec: " + error);
        }
        spec = &*custom;
      }
      const double level = std::isnan(cmd.d[0]) ? spec->levelDbm0 : cmd.d[0];
      if (!ch->startTone(*spec, level, cmd.requestId, tick_)) {
        return done(cmd, ErrorCode::InvalidArgument, 0, "tone has too many segments");
      }
      return done(cmd, ErrorCode::Ok);
    }

    case Op::StopTone:
      if (!needsMedia()) return;
      return done(cmd, ErrorCode::Ok, ch->stopTone(tick_) ? 1 : 0);

    case Op::Record: {
      if (!needsMedia()) return;
      // submit() made the recording with the command.
      RecordingRef rec = cmd.recording ? std::move(cmd.recording) : makeRecording(cmd);
      if (!ch->addRecording(rec)) {
        cmd.recording = std::move(rec);  // freed with the command, off this thread
        return done(cmd, ErrorCode::TooManyRecordings, 0, "a channel records at most 4 streams at once");
      }
      openRecordings_.push_back(rec);
      io_->openRecording(rec);
      return;  // answered when the file is open
    }

    case Op::PauseRecording:
    case Op::ResumeRecording: {
      if (!needsChannel()) return;
      RecordingRef rec = ch->findRecording(static_cast<uint32_t>(cmd.i[0]));
      if (!rec) return done(cmd, ErrorCode::UnknownRecording);
      rec->paused = cmd.op == Op::PauseRecording;
      return done(cmd, ErrorCode::Ok);
    }

    case Op::StopRecording: {
      if (!needsChannel()) return;
      RecordingRef rec = ch->detachRecording(static_cast<uint32_t>(cmd.i[0]));
      if (!rec) return done(cmd, ErrorCode::UnknownRecording);
      closeRecording(rec, RecordingEnd::Stopped);
      return done(cmd, ErrorCode::Ok);
    }

    case Op::SetChannelOptions: {
      if (!needsChannel()) return;
      const int32_t mask = cmd.i[0], values = cmd.i[1];
      if (mask & kOptEchoCanceller) ch->setEchoCanceller(values & kOptEchoCanceller);
      if (mask & kOptDtmfDetect) ch->setDtmfDetection(values & kOptDtmfDetect);
      if (mask & kOptProgressDetect) ch->setProgressDetection(values & kOptProgressDetect);
      if (mask & kOptGains) ch->setGains(cmd.d[0], cmd.d[1]);
      return done(cmd, ErrorCode::Ok);
    }

    case Op::QueryChannel: {
      if (!needsChannel()) return;
      std::string json = std::string("{\"state\":\"") + channelStateName(ch->state()) +
                         "\",\"callId\":" + std::to_string(ch->callId()) +
                         ",\"conference\":" + (ch->conference() ? std::to_string(ch->conference()->id()) : "null") +
                         ",\"history\":" + ch->historyJson() + "}";
      return done(cmd, ErrorCode::Ok, static_cast<int32_t>(ch->state()), json);
    }

    case Op::QuerySpan: {
      if (cmd.span < 0) return done(cmd, ErrorCode::UnknownSpan);
      card::SpanIo& io = card_->span(static_cast<size_t>(cmd.span));
      const auto counters = io.counters();
      auto& sig = signaling_[static_cast<size_t>(cmd.span)];
      std::string json = "{\"name\":\"" + io.description().name + "\",\"alarms\":" + std::to_string(io.alarms()) +
                         ",\"framesRx\":" + std::to_string(counters.framesRx) +
                         ",\"framesTx\":" + std::to_string(counters.framesTx) +
                         ",\"framesDropped\":" + std::to_string(counters.framesDropped) +
                         ",\"slips\":" + std::to_string(counters.slips) +
                         ",\"signaling\":" + (sig ? sig->statsJson() : std::string("null")) + "}";
      return done(cmd, ErrorCode::Ok, static_cast<int32_t>(io.alarms()), json);
    }

    case Op::AttachSocket: {
      if (!needsMedia()) return;
      for (auto& a : sockets_) {
        if (a.channel == ch) return done(cmd, ErrorCode::ChannelBusy, 0, "this channel already has an audio socket");
      }
      auto sock = std::make_unique<AudioSocket>(&stopping_);
      std::string error;
      if (!sock->listen(cmd.text, &error)) return done(cmd, ErrorCode::Io, 0, error);
      sockets_.push_back({ch, std::move(sock), std::vector<uint8_t>(tickSamples_, ch->idleByte()), false});
      return done(cmd, ErrorCode::Ok);
    }

    case Op::DetachSocket:
      if (!needsChannel()) return;
      for (auto& a : sockets_) {
        if (a.channel == ch) a.socket->close("detached");
      }
      return done(cmd, ErrorCode::Ok);

    case Op::DetectAnswer: {
      if (cmd.flags == 0) {
        if (!needsChannel()) return;
        return done(cmd, ErrorCode::Ok, ch->stopAnswerDetection(tick_) ? 1 : 0);
      }
      if (!needsMedia()) return;
      if (ch->faxActive()) return done(cmd, ErrorCode::ChannelBusy, 0, "a fax is in progress on this channel");
      dsp::AnswerDetectorConfig config;
      if (cmd.i[0] > 0) config.initialSilenceMs = static_cast<uint32_t>(cmd.i[0]);
      if (cmd.i[1] > 0) config.greetingMs = static_cast<uint32_t>(cmd.i[1]);
      if (cmd.i[2] > 0) config.afterGreetingSilenceMs = static_cast<uint32_t>(cmd.i[2]);
      if (cmd.i[3] > 0) config.maxAnalysisMs = static_cast<uint32_t>(cmd.i[3]);
      ch->startAnswerDetection(config);  // replaces one under way: its waiters get this verdict
      return done(cmd, ErrorCode::Ok);
    }

    case Op::CreateConference:
    case Op::DestroyConference:
    case Op::AddMember:
    case Op::SetMemberMode:
    case Op::RemoveMember:
      return applyConference(cmd, ch);

    case Op::PullCable:
    case Op::RestoreCable:
    case Op::ImpairCable:
    case Op::SlipCable:
    case Op::InjectFrame:
      return applyCable(cmd);

    case Op::Answer:
    case Op::Proceeding:
    case Op::Alerting:
    case Op::Progress:
    case Op::Reject:
    case Op::Hangup:
    case Op::Dial:
    case Op::SendDigits: {
      if (cmd.span < 0) return done(cmd, ErrorCode::UnknownSpan);
      auto& sig = signaling_[static_cast<size_t>(cmd.span)];
      if (!sig) return done(cmd, ErrorCode::NoSignaling, 0, "this span has no signalling");
      int32_t result = 0;
      signalMessage_.clear();
      const ErrorCode code = sig->apply(cmd, &result, &signalMessage_);
      return done(cmd, code, result, signalMessage_);
    }

    case Op::FaxStart:
      if (!needsMedia()) return;
      if (ch->faxActive()) return done(cmd, ErrorCode::ChannelBusy, 0, "a fax is already in progress on this channel");
      io_->prepareFax(std::move(command));
      return;  // answered when the document is read and the session started

    case Op::FaxStop:
      if (!needsChannel()) return;
      ch->abortFax();
      return done(cmd, ErrorCode::Ok);
  }
  done(cmd, ErrorCode::InvalidArgument, 0, "unknown command");
}

void Engine::applyPlay(CommandPtr& command, Channel* ch) {
  Command& cmd = *command;
  const bool append = cmd.flags & kPlayAppend;
  uint64_t& seq = playSeq_[indexOf(ch)];
  if (!append) ++seq;
  cmd.i[3] = static_cast<int32_t>(static_cast<uint32_t>(seq));
  const bool needsLoad = std::any_of(cmd.items.begin(), cmd.items.end(),
                                     [](const PlayItemSource& item) { return !item.samples; });
  if (needsLoad) {
    io_->loadPrompts(std::move(command));
    return;  // answered when the files are loaded
  }
  // The addon fills cmd.prompts when every item came as samples (so that the
  // vector is allocated on the JS thread, not here).
  if (cmd.prompts.empty()) {
    for (auto& item : cmd.items) cmd.prompts.push_back(item.samples);
  }
  ch->startPlayback(cmd.requestId, &cmd.prompts, cmd.flags & kPlayStopOnDtmf, append, tick_);
  done(cmd, ErrorCode::Ok);
}

void Engine::applyConference(const Command& cmd, Channel* ch) {
  const int32_t id = cmd.i[0];
  Conference* found = findConference(id);
  switch (cmd.op) {
    case Op::CreateConference:
      if (found) return done(cmd, ErrorCode::ConferenceExists);
      if (spareConferences_.empty()) {
        // More conferences than channels: rare enough to make one here.
        conferences_.push_back(std::make_unique<Conference>(id, tickSamples_, channels_.size()));
      } else {
        conferences_.push_back(std::move(spareConferences_.back()));
        spareConferences_.pop_back();
        conferences_.back()->reuse(id);
      }
      return done(cmd, ErrorCode::Ok);
    case Op::DestroyConference: {
      if (!found) return done(cmd, ErrorCode::UnknownConference);
      for (auto& m : found->members()) m.channel->setConference(nullptr);
      found->reuse(0);
      auto it = std::find_if(conferences_.begin(), conferences_.end(),
                             [found](const std::unique_ptr<Conference>& c) { return c.get() == found; });
      spareConferences_.push_back(std::move(*it));
      conferences_.erase(it);
      return done(cmd, ErrorCode::Ok);
    }
    default:
      break;
  }
  if (!found) return done(cmd, ErrorCode::UnknownConference);
  if (!ch) return done(cmd, ErrorCode::UnknownChannel, 0, "this command needs a channel");
  Conference& conf = *found;
  const auto mode = static_cast<MemberMode>(cmd.i[1]);
  Channel* target = nullptr;
  if ((cmd.op == Op::AddMember || cmd.op == Op::SetMemberMode) && mode == MemberMode::Whisper) {
    target = channel(cmd.i[2], cmd.i[3]);
    if (!target || !conf.find(target) || target == ch) {
      return done(cmd, ErrorCode::NotInConference, 0, "a whisper target must be another member of the conference");
    }
  }
  switch (cmd.op) {
    case Op::AddMember:
      if (!isMediaState(ch->state())) return done(cmd, ErrorCode::ChannelIdle);
      if (ch->conference()) return done(cmd, ErrorCode::AlreadyInConference);
      conf.add(ch, mode, target);
      ch->setConference(&conf);
      return done(cmd, ErrorCode::Ok);
    case Op::SetMemberMode:
      if (ch->conference() != &conf) return done(cmd, ErrorCode::NotInConference);
      conf.setMode(ch, mode, target);
      return done(cmd, ErrorCode::Ok);
    case Op::RemoveMember:
      if (ch->conference() != &conf) return done(cmd, ErrorCode::NotInConference);
      conf.remove(ch);
      ch->setConference(nullptr);
      return done(cmd, ErrorCode::Ok);
    default:
      return done(cmd, ErrorCode::InvalidArgument);
  }
}

Conference* Engine::findConference(int32_t id) const {
  for (const auto& c : conferences_) {
    if (c->id() == id) return c.get();
  }
  return nullptr;
}

void Engine::applyCable(const Command& cmd) {
  auto* vc = dynamic_cast<card::VirtualCard*>(card_.get());
  if (!vc) return done(cmd, ErrorCode::NotVirtual, 0, "only the virtual card has cables to pull");
  if (cmd.op == Op::InjectFrame) {
    if (cmd.span < 0) return done(cmd, ErrorCode::UnknownSpan);
    auto& span = static_cast<card::VirtualSpan&>(vc->span(static_cast<size_t>(cmd.span)));
    span.deliverFrame(cmd.bytes.data(), cmd.bytes.size());
    return done(cmd, ErrorCode::Ok);
  }
  if (cmd.i[0] < 0 || static_cast<size_t>(cmd.i[0]) >= vc->cableCount()) {
    return done(cmd, ErrorCode::UnknownCable);
  }
  card::Cable& cable = vc->cable(static_cast<size_t>(cmd.i[0]));
  switch (cmd.op) {
    case Op::PullCable:
      cable.pull();
      break;
    case Op::RestoreCable:
      cable.restore();
      break;
    case Op::ImpairCable:
      cable.setNoise(cmd.d[0]);
      cable.setEcho(static_cast<uint32_t>(cmd.i[1]), cmd.d[1]);
      break;
    case Op::SlipCable:
      cable.slip(cmd.i[1], cmd.i[2]);
      break;
    default:
      return done(cmd, ErrorCode::InvalidArgument);
  }
  done(cmd, ErrorCode::Ok);
}

}  // namespace tl::engine
