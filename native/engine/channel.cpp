#include "engine/channel.h"

#include <cmath>
#include <cstdio>

#include "dsp/fax_report.h"
#include "dsp/mix.h"
#include "engine/conference.h"

namespace tl::engine {

namespace {
float dbToLinear(double db) { return static_cast<float>(std::pow(10.0, db / 20.0)); }
}  // namespace

Channel::Channel(uint16_t span, uint16_t timeslot, const ChannelEnvironment& env)
    : span_(span),
      timeslot_(timeslot),
      n_(env.blockSamples),
      law_(env.law),
      zone_(env.zone),
      echoSpares_(env.echoSpares),
      answerSpares_(env.answerSpares),
      rx_(env.blockSamples, 0),
      tx_(env.blockSamples, 0),
      prevTx_(env.blockSamples, 0),
      mixed_(env.blockSamples, 0),
      acc_(env.blockSamples, 0) {
  dtmfRx_ = dsp::makeDtmfReceiver(env.dtmfReceiver);
  if (!dtmfRx_) dtmfRx_ = dsp::makeDtmfReceiver("tellerline");
  // Every call turns call-progress detection on, so each channel gets its
  // detector here rather than on the clock thread: allocating it there took
  // 50-85 ms now and then on a loaded machine (the allocator waiting on locks
  // it shares with ordinary threads) and the clock missed ticks.
  if (zone_) progress_ = std::make_unique<dsp::ProgressDetector>(*zone_);
  dtmfRequests_.reserve(8);
}

void Channel::emit(EventType type, uint64_t tick, int32_t a, int32_t b, int32_t c) {
  if (eventCount_ >= kMaxEventsPerTick) {
    ++droppedEvents_;
    return;
  }
  events_[eventCount_++] = makeEvent(type, span_, timeslot_, tick, a, b, c);
}

void Channel::pushEvent(const EventRecord& record) {
  if (eventCount_ >= kMaxEventsPerTick) {
    ++droppedEvents_;
    return;
  }
  events_[eventCount_++] = record;
}

bool Channel::transition(ChannelState to, int32_t cause, const char* where, uint64_t tick) {
  const ChannelState from = state_;
  const bool allowed = isTransitionAllowed(from, to);
  TransitionRecord& rec = history_[historyNext_];
  rec = {tick, from, to, cause, where, !allowed};
  historyNext_ = (historyNext_ + 1) % kHistory;
  ++historyCount_;
  if (!allowed) {
    ++refused_;
    if (eventCount_ < kMaxEventsPerTick) {
      events_[eventCount_++] = makeEvent(EventType::ChannelState, span_, timeslot_, tick,
                                         static_cast<int32_t>(from), static_cast<int32_t>(to),
                                         cause, -1, /*flags=*/1);
    } else {
      ++droppedEvents_;
    }
    return false;
  }
  state_ = to;
  emit(EventType::ChannelState, tick, static_cast<int32_t>(from), static_cast<int32_t>(to), cause);
  return true;
}

std::string Channel::historyJson() const {
  std::string out = "[";
  const size_t count = historyCount_ < kHistory ? historyCount_ : kHistory;
  size_t index = (historyNext_ + kHistory - count) % kHistory;
  for (size_t i = 0; i < count; ++i) {
    const auto& r = history_[index];
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s{\"tick\":%llu,\"from\":\"%s\",\"to\":\"%s\",\"cause\":%d,\"where\":\"%s\",\"refused\":%s}",
                  i ? "," : "", static_cast<unsigned long long>(r.tick), channelStateName(r.from),
                  channelStateName(r.to), r.cause, r.where, r.refused ? "true" : "false");
    out += buf;
    index = (index + 1) % kHistory;
  }
  out += "]";
  return out;
}

void Channel::emitPlayerReport(const PlayerReport& report, uint64_t tick) {
  if (!report.finished) return;
  emit(EventType::PlaybackFinished, tick, static_cast<int32_t>(report.playbackId),
       static_cast<int32_t>(report.reason), static_cast<int32_t>(report.itemsDone));
}

void Channel::startPlayback(uint32_t playbackId, std::vector<PromptRef>* prompts, bool stopOnDtmf,
                            bool append, uint64_t tick) {
  PlayerReport replaced;
  const bool extending = append && player_.active();
  const auto count = static_cast<int32_t>(prompts->size());
  player_.start(playbackId, prompts, stopOnDtmf, append, &replaced);
  emitPlayerReport(replaced, tick);
  if (!extending) emit(EventType::PlaybackStarted, tick, static_cast<int32_t>(playbackId), count);
}

bool Channel::stopPlayback(PlaybackEnd reason, uint64_t tick) {
  PlayerReport report = player_.stop(reason);
  emitPlayerReport(report, tick);
  return report.finished;
}

bool Channel::startTone(const dsp::ToneSpec& spec, double levelDbm0, uint32_t requestId, uint64_t tick) {
  if (tone_.active() && toneRequest_) emit(EventType::GeneratorDone, tick, static_cast<int32_t>(toneRequest_));
  if (!tone_.start(spec, levelDbm0)) return false;
  toneRequest_ = requestId;
  return true;
}

bool Channel::stopTone(uint64_t tick) {
  const bool was = tone_.active();
  tone_.stop();
  if (was && toneRequest_) emit(EventType::GeneratorDone, tick, static_cast<int32_t>(toneRequest_));
  toneRequest_ = 0;
  return was;
}

bool Channel::queueDtmf(const std::string& digits, const dsp::DtmfToneParams& params,
                        uint32_t requestId) {
  if (!dtmfGen_.queue(digits, params)) return false;
  dtmfRequests_.push_back(requestId);
  return true;
}

bool Channel::addRecording(RecordingRef recording) {
  for (auto& slot : recordings_) {
    if (!slot) {
      slot = std::move(recording);
      return true;
    }
  }
  return false;
}

RecordingRef Channel::findRecording(uint32_t id) const {
  for (const auto& slot : recordings_) {
    if (slot && slot->id == id) return slot;
  }
  return nullptr;
}

RecordingRef Channel::detachRecording(uint32_t id) {
  for (auto& slot : recordings_) {
    if (slot && slot->id == id) {
      RecordingRef out = std::move(slot);
      slot.reset();
      return out;
    }
  }
  return nullptr;
}

void Channel::takeFinishedRecordings(std::vector<RecordingRef>* out) {
  if (!recordingFinished_) return;
  recordingFinished_ = false;
  for (auto& slot : recordings_) {
    if (slot && slot->maxSamples && slot->captured >= slot->maxSamples) {
      slot->endReason = RecordingEnd::MaxDuration;
      out->push_back(std::move(slot));
      slot.reset();
    }
  }
}

RecordingRef Channel::detachAnyRecording() {
  for (auto& slot : recordings_) {
    if (slot) {
      RecordingRef out = std::move(slot);
      slot.reset();
      return out;
    }
  }
  return nullptr;
}

void Channel::setEchoCanceller(bool on) {
  echoOn_ = on;
  // The clock thread must not allocate (speexdsp's state alone is some
  // thirty allocations): a spare made on the JS thread is taken instead.
  if (on && !echo_) echo_ = echoSpares_ ? echoSpares_->take() : std::make_unique<dsp::EchoCanceller>(n_);
  if (echo_) {
    echo_->reset();
    echo_->enable(on);
  }
}

void Channel::setDtmfDetection(bool on) {
  dtmfOn_ = on;
  if (dtmfRx_) dtmfRx_->reset();
}

void Channel::setProgressDetection(bool on) {
  progressOn_ = on;
  if (on && !progress_ && zone_) progress_ = std::make_unique<dsp::ProgressDetector>(*zone_);
  if (progress_) progress_->reset();
}

void Channel::startAnswerDetection(const dsp::AnswerDetectorConfig& config) {
  if (!answer_) answer_ = answerSpares_ ? answerSpares_->take() : std::make_unique<dsp::AnswerDetector>(config);
  answer_->reset(config);
  answerOn_ = true;
}

bool Channel::stopAnswerDetection(uint64_t tick) {
  if (!answerOn_) return false;
  answerOn_ = false;
  emit(EventType::AnswerDetected, tick, static_cast<int32_t>(dsp::AnswerResult::None));
  return true;
}

void Channel::setGains(double rxDb, double txDb) {
  rxGain_ = dbToLinear(rxDb);
  txGain_ = dbToLinear(txDb);
}

void Channel::startFax(std::unique_ptr<dsp::FaxSession> session, uint32_t faxId, uint64_t tick) {
  stopPlayback(PlaybackEnd::Stopped, tick);
  stopTone(tick);
  dtmfGen_.clear();
  for (uint32_t id : dtmfRequests_) emit(EventType::GeneratorDone, tick, static_cast<int32_t>(id));
  dtmfRequests_.clear();
  echoOn_ = false;
  if (echo_) echo_->enable(false);
  dtmfOn_ = false;
  progressOn_ = false;
  stopAnswerDetection(tick);
  fax_ = std::move(session);
  faxId_ = faxId;
}

void Channel::abortFax() {
  if (fax_ && !fax_->finished()) fax_->abort();
}

void Channel::reportFax(uint64_t tick, EventQueue& queue) {
  if (!fax_) return;
  dsp::FaxEvent events[8];
  size_t count;
  while ((count = fax_->takeEvents(events, 8)) > 0) {
    for (size_t i = 0; i < count; ++i) {
      const int32_t str = queue.addString(dsp::faxEventJson(events[i]));
      queue.push(makeEvent(EventType::FaxPhase, span_, timeslot_, tick, static_cast<int32_t>(faxId_),
                           static_cast<int32_t>(events[i].kind), events[i].pages, str));
    }
  }
  if (!fax_->finished()) return;
  const dsp::FaxResult result = fax_->result();
  const int32_t str = queue.addString(dsp::faxResultJson(result));
  queue.push(makeEvent(EventType::FaxResult, span_, timeslot_, tick, static_cast<int32_t>(faxId_), result.t30Code,
                       result.pages, str));
  fax_.reset();
  faxId_ = 0;
  dtmfOn_ = true;
}

void Channel::resetMedia(PlaybackEnd reason, uint64_t tick) {
  abortFax();
  stopPlayback(reason, tick);
  stopTone(tick);
  dtmfGen_.clear();
  for (uint32_t id : dtmfRequests_) emit(EventType::GeneratorDone, tick, static_cast<int32_t>(id));
  dtmfRequests_.clear();
  if (dtmfRx_) dtmfRx_->reset();
  if (progress_) progress_->reset();
  progressOn_ = false;
  stopAnswerDetection(tick);
  dtmfOn_ = true;
  if (echo_) echo_->reset();
  echoOn_ = false;
  if (echo_) echo_->enable(false);
  rxGain_ = txGain_ = 1.0f;
  std::fill(prevTx_.begin(), prevTx_.end(), 0);
  callId_ = 0;
}

void Channel::capture(Recording& rec, const int16_t* samples) {
  size_t n = n_;
  if (rec.maxSamples && rec.captured + n > rec.maxSamples) n = rec.maxSamples - rec.captured;
  const size_t written = rec.paused ? rec.ring.fill(0, n) : rec.ring.write(samples, n);
  if (written < n) rec.overruns.fetch_add(n - written, std::memory_order_relaxed);
  rec.captured += n;
  if (rec.maxSamples && rec.captured >= rec.maxSamples) recordingFinished_ = true;
}

void Channel::receive(const uint8_t* in, uint64_t tick) {
  dsp::g711Decode(law_, in, rx_.data(), n_);
  if (fax_) {
    // The modems get the line as it is: no gain, no canceller, no detectors.
    for (auto& rec : recordings_) {
      if (rec && rec->direction == RecordDirection::Rx) capture(*rec, rx_.data());
    }
    return;
  }
  if (rxGain_ != 1.0f) {
    for (size_t i = 0; i < n_; ++i) rx_[i] = dsp::saturate(static_cast<int32_t>(rx_[i] * rxGain_));
  }
  if (echoOn_ && echo_) echo_->process(rx_.data(), prevTx_.data(), rx_.data());

  if (dtmfOn_ && dtmfRx_) {
    dsp::DtmfHit hits[4];
    const size_t count = dtmfRx_->process(rx_.data(), n_, hits, 4);
    for (size_t i = 0; i < count; ++i) {
      const auto& h = hits[i];
      emit(EventType::Dtmf, tick, h.digit, h.start ? 1 : 0,
           static_cast<int32_t>(h.durationSamples / 8));
      if (h.start && player_.stopsOnDtmf()) emitPlayerReport(player_.stop(PlaybackEnd::Dtmf), tick);
    }
  }
  if (progressOn_ && progress_) {
    dsp::ProgressHit hits[4];
    const size_t count = progress_->process(rx_.data(), n_, hits, 4);
    for (size_t i = 0; i < count; ++i) {
      emit(EventType::Tone, tick, static_cast<int32_t>(hits[i].tone), hits[i].start ? 1 : 0);
    }
  }
  if (answerOn_ && answer_ && answer_->process(rx_.data(), n_)) {
    const dsp::AnswerVerdict& v = answer_->verdict();
    answerOn_ = false;
    emit(EventType::AnswerDetected, tick, static_cast<int32_t>(v.result), static_cast<int32_t>(v.afterMs),
         static_cast<int32_t>(v.speechMs));
  }
  for (auto& rec : recordings_) {
    if (rec && rec->direction == RecordDirection::Rx) capture(*rec, rx_.data());
  }
}

void Channel::transmit(uint8_t* out, uint64_t tick) {
  if (fax_) {
    fax_->process(rx_.data(), tx_.data(), n_);
    dsp::g711Encode(law_, tx_.data(), out, n_);
    finishTransmit();
    return;
  }
  int32_t* acc = acc_.data();
  std::fill(acc, acc + n_, 0);
  if (conference_) conference_->mixFor(this, acc, n_);
  if (injected_) {
    dsp::g711Decode(law_, injected_, tx_.data(), n_);
    dsp::accumulate(acc, tx_.data(), n_);
    injected_ = nullptr;
  }
  if (player_.active()) emitPlayerReport(player_.mixInto(acc, n_), tick);
  if (tone_.active()) {
    tone_.generate(tx_.data(), n_);
    dsp::accumulate(acc, tx_.data(), n_);
    if (!tone_.active() && toneRequest_) {
      emit(EventType::GeneratorDone, tick, static_cast<int32_t>(toneRequest_));
      toneRequest_ = 0;
    }
  }
  if (!dtmfRequests_.empty()) {
    dtmfGen_.generate(tx_.data(), n_);
    dsp::accumulate(acc, tx_.data(), n_);
    if (!dtmfGen_.active()) {
      for (uint32_t id : dtmfRequests_) emit(EventType::GeneratorDone, tick, static_cast<int32_t>(id));
      dtmfRequests_.clear();
    }
  }
  if (txGain_ != 1.0f) {
    for (size_t i = 0; i < n_; ++i) acc[i] = static_cast<int32_t>(acc[i] * txGain_);
  }
  dsp::saturateInto(acc, tx_.data(), n_);
  dsp::g711Encode(law_, tx_.data(), out, n_);
  finishTransmit();
}

void Channel::finishTransmit() {
  for (auto& rec : recordings_) {
    if (!rec) continue;
    if (rec->direction == RecordDirection::Tx) {
      capture(*rec, tx_.data());
    } else if (rec->direction == RecordDirection::Mixed) {
      for (size_t i = 0; i < n_; ++i) mixed_[i] = dsp::saturate(int32_t{rx_[i]} + tx_[i]);
      capture(*rec, mixed_.data());
    }
  }
  prevTx_.swap(tx_);
}

}  // namespace tl::engine
