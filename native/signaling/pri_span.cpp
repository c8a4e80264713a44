#include "signaling/pri_span.h"

#include <sys/time.h>

#include <cstdio>
#include <cstring>

extern "C" {
#include <libpri.h>
}

#include "engine/channel.h"
#include "engine/channel_state.h"

namespace tl::signaling {

using engine::ChannelState;
using engine::ErrorCode;
using engine::EventType;

namespace {

// libpri's hooks are process-wide; route them to the span being driven on
// this thread (each engine drives its spans from its own clock thread).
thread_local PriSpan* tCurrent = nullptr;

void onLibpriMessage(struct pri*, char* text) {
  if (tCurrent) tCurrent->libpriMessage(text, false);
}
void onLibpriError(struct pri*, char* text) {
  if (tCurrent) tCurrent->libpriMessage(text, true);
}

int readTrampoline(struct pri* p, void* buf, int buflen) {
  return static_cast<PriSpan*>(pri_get_userdata(p))->readFrame(buf, buflen);
}
int writeTrampoline(struct pri* p, void* buf, int buflen) {
  return static_cast<PriSpan*>(pri_get_userdata(p))->writeFrame(buf, buflen);
}

struct CurrentSpan {
  explicit CurrentSpan(PriSpan* span) : previous(tCurrent) { tCurrent = span; }
  ~CurrentSpan() { tCurrent = previous; }
  PriSpan* previous;
};

// Appends text as a JSON string to out (in out's storage: on the clock
// thread a reserved string does not allocate).
void appendJsonString(std::string& out, const char* text) {
  out += '"';
  for (const char* p = text; *p; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string jsonString(const char* text) {
  std::string out;
  appendJsonString(out, text);
  return out;
}

bool isBChannel(int ts) { return card::isBChannel(ts); }

// Q.931 causes for which libpri (hangup fix on) clears a SETUP not yet
// answered with RELEASE COMPLETE and frees the call at once (no HANGUP_ACK
// follows).
bool releasesImmediately(int cause) {
  return cause == PRI_CAUSE_UNALLOCATED || cause == PRI_CAUSE_NORMAL_CIRCUIT_CONGESTION ||
         cause == PRI_CAUSE_REQUESTED_CHAN_UNAVAIL || cause == PRI_CAUSE_IDENTIFIED_CHANNEL_NOTEXIST ||
         cause == PRI_CAUSE_INCOMPATIBLE_DESTINATION;
}

}  // namespace

PriSpan::PriSpan(int span, card::SpanIo& io, SignalingHost& host, PriSpanOptions options)
    : span_(span), io_(io), host_(host), options_(options) {
  if (options_.huntOrder < 0) options_.huntOrder = options_.network ? 1 : 0;
  offeredJson_.reserve(1024);
  calls_.reserve(64);
  spareCalls_.reserve(64);
}

void PriSpan::addCall(Call&& call) {
  if (spareCalls_.empty()) {
    calls_.emplace(call.id, std::move(call));
    return;
  }
  auto node = std::move(spareCalls_.back());
  spareCalls_.pop_back();
  node.key() = call.id;
  node.mapped() = std::move(call);
  calls_.insert(std::move(node));
}

void PriSpan::removeCall(uint32_t id) {
  auto node = calls_.extract(id);
  if (node && spareCalls_.size() < spareCalls_.capacity()) spareCalls_.push_back(std::move(node));
}

PriSpan::~PriSpan() {
  // libpri has no public call to free a D-channel controller; calls are
  // freed, the controller itself (a few kilobytes) is not.
  if (pri_) {
    CurrentSpan current(this);
    for (auto& [id, call] : calls_) {
      if (call.pri) pri_destroycall(pri_, call.pri);
    }
  }
}

bool PriSpan::start(std::string* error) {
  static const bool hooksInstalled = [] {
    pri_set_message(onLibpriMessage);
    pri_set_error(onLibpriError);
    return true;
  }();
  (void)hooksInstalled;
  CurrentSpan current(this);
  pri_ = pri_new_cb(-1, options_.network ? PRI_NETWORK : PRI_CPE, PRI_SWITCH_EUROISDN_E1, readTrampoline,
                    writeTrampoline, this);
  if (!pri_) {
    *error = "span " + std::to_string(span_) + ": libpri could not create a D-channel controller";
    return false;
  }
  pri_set_debug(pri_, 0);
  pri_set_overlapdial(pri_, options_.overlapDial ? 1 : 0);
  // Q.931 5.3.2 a): RELEASE COMPLETE only before any answer to the SETUP,
  // DISCONNECT afterwards, whatever the cause.
  pri_hangup_fix_enable(pri_, 1);
  return true;
}

int PriSpan::readFrame(void* buf, int buflen) {
  if (!havePending_) return 0;
  const auto len = static_cast<int>(pendingFrame_.size());
  if (len + 2 > buflen) return 0;
  std::memcpy(buf, pendingFrame_.data(), pendingFrame_.size());
  // libpri expects the two CRC bytes a DAHDI D-channel delivers, and drops them.
  static_cast<uint8_t*>(buf)[len] = 0;
  static_cast<uint8_t*>(buf)[len + 1] = 0;
  havePending_ = false;
  return len + 2;
}

int PriSpan::writeFrame(const void* buf, int buflen) {
  // libpri passes two spare CRC bytes at the end; the frame is the rest.
  if (buflen > 2) io_.writeFrame(static_cast<const uint8_t*>(buf), static_cast<size_t>(buflen - 2));
  return buflen;
}

void PriSpan::libpriMessage(const char* text, bool error) {
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.empty()) return;
  if (error) {
    ++protocolErrors_;
    lastError_ = line;
  }
  notice(line);
}

void PriSpan::notice(const std::string& text) {
  host_.emit(EventType::Notice, span_, 0, 0, 0, 0, "pri span " + std::to_string(span_) + ": " + text);
}

void PriSpan::setUp(bool up) {
  if (up == up_) return;
  up_ = up;
  host_.emit(EventType::DChannel, span_, 0, up ? 1 : 0, 0, 0, {});
}

void PriSpan::service(uint64_t tick) {
  if (!pri_) return;
  CurrentSpan current(this);
  uint8_t buf[1100];
  size_t len = 0;
  while (io_.readFrame(buf, sizeof buf, &len)) {
    if (len == 0) continue;  // oversized frame, dropped and counted by the span
    pendingFrame_.assign(buf, buf + len);
    havePending_ = true;
    pri_event* e = pri_check_event(pri_);
    havePending_ = false;
    if (e) handle(e);
  }
  // Protocol timers (wall clock, see header).
  struct timeval* next = pri_schedule_next(pri_);
  if (next) {
    struct timeval now {};
    gettimeofday(&now, nullptr);
    if (!timercmp(next, &now, >)) {
      for (int guard = 0; guard < 256; ++guard) {
        pri_event* e = pri_schedule_run(pri_);
        if (!e) break;
        handle(e);
      }
    }
  }
  // Our own guard, in engine time, for peers that never finish a release.
  const uint64_t guardTicks = kReleaseGuardMs / host_.tickMs();
  std::vector<uint32_t> stuck;
  for (auto& [id, call] : calls_) {
    if (call.hangupSent && tick - call.terminatingSince > guardTicks) stuck.push_back(id);
  }
  for (uint32_t id : stuck) {
    Call& call = calls_[id];
    if (call.pri) pri_destroycall(pri_, call.pri);
    call.pri = nullptr;
    ++forcedReleases_;
    finish(call, PRI_CAUSE_RECOVERY_ON_TIMER_EXPIRE);
  }
}

PriSpan::Call* PriSpan::findByPri(q931_call* c) {
  if (!c) return nullptr;
  for (auto& [id, call] : calls_) {
    if (call.pri == c) return &call;
  }
  return nullptr;
}

PriSpan::Call* PriSpan::findById(uint32_t id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

bool PriSpan::channelFree(int timeslot) const {
  engine::Channel* ch = host_.channel(span_, timeslot);
  if (!ch || ch->state() != ChannelState::Idle) return false;
  for (const auto& [id, call] : calls_) {
    if (call.timeslot == timeslot) return false;
  }
  return true;
}

int PriSpan::pickChannel(int requested) const {
  if (requested > 0) return channelFree(requested) ? requested : 0;
  static constexpr int kCount = card::kE1BChannels;
  int order[kCount];
  int n = 0;
  for (int ts = 1; ts < card::kE1Timeslots; ++ts) {
    if (isBChannel(ts)) order[n++] = ts;
  }
  for (int i = 0; i < kCount; ++i) {
    int index = i;
    if (options_.huntOrder == 1) index = kCount - 1 - i;
    if (options_.huntOrder == 2) index = (roundRobin_ + i) % kCount;
    if (channelFree(order[index])) return order[index];
  }
  return 0;
}

void PriSpan::reportHangup(Call& call, int cause, bool remote) {
  if (call.hangupReported) return;
  call.hangupReported = true;
  call.terminatingSince = host_.currentTick();
  if (call.timeslot) {
    engine::Channel* ch = host_.channel(span_, call.timeslot);
    if (ch && ch->state() != ChannelState::Idle && ch->state() != ChannelState::Terminating) {
      ch->transition(ChannelState::Terminating, cause, remote ? "remote hangup" : "local hangup", host_.currentTick());
    }
  }
  host_.emit(EventType::CallHangup, span_, call.timeslot, static_cast<int32_t>(call.id), cause, remote ? 1 : 0, {});
}

void PriSpan::finish(Call& call, int cause) {
  const uint32_t id = call.id;
  const int ts = call.timeslot;
  if (!call.hangupReported) reportHangup(call, cause, true);
  if (ts) {
    if (engine::Channel* ch = host_.channel(span_, ts)) {
      host_.releaseMedia(ch);
      if (ch->state() != ChannelState::Idle) ch->transition(ChannelState::Idle, cause, "released", host_.currentTick());
    }
  }
  host_.emit(EventType::CallReleased, span_, ts, static_cast<int32_t>(id), cause, 0, {});
  removeCall(id);
}

void PriSpan::clearAll(int cause) {
  std::vector<uint32_t> ids;
  for (auto& [id, call] : calls_) ids.push_back(id);
  for (uint32_t id : ids) {
    Call& call = calls_[id];
    if (call.pri) pri_destroycall(pri_, call.pri);
    call.pri = nullptr;
    reportHangup(call, cause, true);
    finish(call, cause);
  }
}

void PriSpan::alarmsChanged(uint32_t alarms) {
  CurrentSpan current(this);
  const bool wasInAlarm = inAlarm_;
  inAlarm_ = alarms & (card::kAlarmRed | card::kAlarmLos | card::kAlarmBlue | card::kAlarmLfa);
  if (inAlarm_ && !wasInAlarm) {
    setUp(false);
    clearAll(PRI_CAUSE_NETWORK_OUT_OF_ORDER);
  } else if (!inAlarm_ && wasInAlarm) {
    setUp(linkUp_);
  }
}

bool PriSpan::startSetup(Call& call, int timeslot, bool complete, std::string* message) {
  q931_call* c = pri_new_call(pri_);
  if (!c) {
    *message = "libpri could not allocate a call reference";
    return false;
  }
  struct pri_sr* sr = pri_sr_new();
  pri_sr_set_channel(sr, timeslot, 1, 0);
  pri_sr_set_bearer(sr, PRI_TRANS_CAP_SPEECH, PRI_LAYER_1_ALAW);
  // libpri copies the numbers; the call's own strings serve (no copy here,
  // on the clock thread).
  pri_sr_set_called(sr, call.called.data(), PRI_UNKNOWN, complete ? 1 : 0);
  pri_sr_set_caller(sr, call.calling.empty() ? nullptr : call.calling.data(), nullptr, PRI_UNKNOWN,
                    call.presentation ? PRES_PROHIB_USER_NUMBER_NOT_SCREENED : PRES_ALLOWED_USER_NUMBER_NOT_SCREENED);
  const int res = pri_setup(pri_, c, sr);
  pri_sr_free(sr);
  if (res) {
    pri_destroycall(pri_, c);
    *message = "libpri refused to send SETUP";
    return false;
  }
  call.pri = c;
  call.timeslot = timeslot;
  engine::Channel* ch = host_.channel(span_, timeslot);
  ch->transition(ChannelState::Dialing, 0, "setup", host_.currentTick());
  ch->setCallId(call.id);
  if (options_.huntOrder == 2) roundRobin_ = (roundRobin_ + 1) % card::kE1BChannels;
  return true;
}

void PriSpan::onRing(void* event) {
  auto& r = static_cast<pri_event*>(event)->ring;
  int requested = r.channel == -1 ? -1 : (r.channel & 0xFF);
  if (requested == 0xFF || requested == 0) requested = -1;
  int ts = 0;
  if (requested > 0) {
    if (!isBChannel(requested)) {
      ++refusedSetups_;
      pri_hangup(pri_, r.call, PRI_CAUSE_IDENTIFIED_CHANNEL_NOTEXIST);
      return;
    }
    if (channelFree(requested)) {
      ts = requested;
    } else {
      Call* mine = nullptr;
      for (auto& [id, call] : calls_) {
        if (call.timeslot == requested) mine = &call;
      }
      engine::Channel* ch = host_.channel(span_, requested);
      const bool glare = mine && mine->outbound && !mine->answered && ch->state() == ChannelState::Dialing;
      if (glare) ++glares_;
      if (glare && !options_.network) {
        // Q.931 5.7: the user side gives way; our call is retried when the
        // network refuses it.
        mine->glareLost = true;
        mine->timeslot = 0;
        ch->transition(ChannelState::Idle, PRI_CAUSE_REQUESTED_CHAN_UNAVAIL, "glare: gave way", host_.currentTick());
        ch->setCallId(0);
        ts = requested;
      } else if (r.flexible) {
        ts = pickChannel(-1);
      }
      if (!ts) {
        ++refusedSetups_;
        // Say who holds the channel: the network thinks it is free, so this is
        // the first thing an operator (or a failing test) needs to know.
        std::string holder = "channel state " + std::string(engine::channelStateName(ch->state()));
        if (mine) {
          holder += ", our call " + std::to_string(mine->id) + (mine->outbound ? " (outbound" : " (inbound") +
                    (mine->hangupSent ? ", clearing since tick " + std::to_string(mine->terminatingSince) : "") + ")";
        }
        notice("SETUP for exclusive B-channel " + std::to_string(requested) + " refused (cause 44): " + holder +
               ", tick " + std::to_string(host_.currentTick()));
        pri_hangup(pri_, r.call, PRI_CAUSE_REQUESTED_CHAN_UNAVAIL);
        return;
      }
    }
  } else {
    ts = pickChannel(-1);
    if (!ts) {
      ++refusedSetups_;
      pri_hangup(pri_, r.call, PRI_CAUSE_NORMAL_CIRCUIT_CONGESTION);
      return;
    }
  }
  Call call;
  call.id = nextCallId_++;
  call.pri = r.call;
  call.timeslot = ts;
  call.called = r.callednum;
  call.calling = r.callingnum;
  call.presentation = (r.callingpres & 0x60) == PRI_PRES_ALLOWED ? 0 : 1;
  const uint32_t id = call.id;
  addCall(std::move(call));
  ++callsIn_;
  engine::Channel* ch = host_.channel(span_, ts);
  ch->transition(ChannelState::Offered, 0, "setup", host_.currentTick());
  ch->setCallId(id);
  const bool complete = r.complete || !options_.overlapDial;
  if (!complete) pri_need_more_info(pri_, r.call, ts, 0);
  std::string& json = offeredJson_;
  json.assign("{\"calling\":");
  appendJsonString(json, r.callingnum);
  json += ",\"called\":";
  appendJsonString(json, r.callednum);
  json += ",\"callingName\":";
  appendJsonString(json, r.callingname);
  json += ",\"redirecting\":";
  appendJsonString(json, r.redirectingnum);
  char tail[160];
  std::snprintf(tail, sizeof tail,
                ",\"presentation\":\"%s\",\"callingPlan\":%d,\"calledPlan\":%d,\"complete\":%s}",
                calls_[id].presentation ? "restricted" : "allowed", r.callingplan, r.calledplan,
                complete ? "true" : "false");
  json += tail;
  host_.emit(EventType::CallOffered, span_, ts, static_cast<int32_t>(id), 0, 0, json);
  if (complete) {
    // Acknowledge at once, here on the clock thread, rather than when the
    // application gets to it: the network clears an unanswered SETUP after
    // T303 twice (8 s), and libpri clears a call the upper layer has not
    // acknowledged without telling it -- a caller who hung up in that window
    // would leave the B-channel held for good.
    pri_proceeding(pri_, r.call, ts, 0);
    ch->transition(ChannelState::Proceeding, 0, "proceeding on setup", host_.currentTick());
    host_.emit(EventType::CallProceeding, span_, ts, static_cast<int32_t>(id), 0, 0, {});
  }
}

void PriSpan::onHangup(Call& call, int cause, bool acknowledged) {
  if (!acknowledged && call.pri) pri_hangup(pri_, call.pri, cause);  // frees libpri's call
  call.pri = nullptr;
  if (call.glareLost && !call.answered && call.retries < 2) {
    // Refused because we lost glare: try again on another channel.
    call.glareLost = false;
    ++call.retries;
    const int ts = pickChannel(-1);
    std::string message;
    if (ts && up_ && startSetup(call, ts, true, &message)) {
      host_.emit(EventType::CallMoved, span_, ts, static_cast<int32_t>(call.id), 0, 0, {});
      return;
    }
    cause = PRI_CAUSE_NORMAL_CIRCUIT_CONGESTION;
  }
  finish(call, cause);
}

void PriSpan::handle(void* event) {
  auto* e = static_cast<pri_event*>(event);
  switch (e->e) {
    case PRI_EVENT_DCHAN_UP:
      linkUp_ = true;
      if (!inAlarm_) setUp(true);
      break;
    case PRI_EVENT_DCHAN_DOWN:
      linkUp_ = false;
      setUp(false);
      clearAll(PRI_CAUSE_NETWORK_OUT_OF_ORDER);
      break;
    case PRI_EVENT_RESTART: {
      const int ts = e->restart.channel & 0xFF;
      std::vector<uint32_t> ids;
      for (auto& [id, call] : calls_) {
        if (ts == 0xFF || call.timeslot == ts) ids.push_back(id);
      }
      for (uint32_t id : ids) {
        Call& call = calls_[id];
        if (call.pri) pri_destroycall(pri_, call.pri);
        call.pri = nullptr;
        finish(call, PRI_CAUSE_NORMAL_TEMPORARY_FAILURE);
      }
      break;
    }
    case PRI_EVENT_CONFIG_ERR:
      ++protocolErrors_;
      notice(e->err.err);
      break;
    case PRI_EVENT_RING:
      onRing(e);
      break;
    case PRI_EVENT_INFO_RECEIVED:
      if (Call* call = findByPri(e->ring.call)) {
        host_.emit(EventType::CallDigits, span_, call->timeslot, static_cast<int32_t>(call->id), 0, 0,
                   "{\"digits\":" + jsonString(e->ring.callednum) +
                       ",\"complete\":" + (e->ring.complete ? "true" : "false") + "}");
      }
      break;
    case PRI_EVENT_KEYPAD_DIGIT:
      if (Call* call = findByPri(e->digit.call)) {
        host_.emit(EventType::CallDigits, span_, call->timeslot, static_cast<int32_t>(call->id), 0, 0,
                   "{\"digits\":" + jsonString(e->digit.digits) + ",\"keypad\":true}");
      }
      break;
    case PRI_EVENT_PROCEEDING:
    case PRI_EVENT_SETUP_ACK:
      if (Call* call = findByPri(e->proceeding.call); call && call->timeslot) {
        engine::Channel* ch = host_.channel(span_, call->timeslot);
        if (ch->state() == ChannelState::Dialing) {
          ch->transition(ChannelState::OutProceeding, 0, e->e == PRI_EVENT_SETUP_ACK ? "setup ack" : "proceeding", host_.currentTick());
        }
        host_.emit(EventType::CallProceeding, span_, call->timeslot, static_cast<int32_t>(call->id),
                   e->proceeding.progressmask, e->e == PRI_EVENT_SETUP_ACK ? 1 : 0, {});
      }
      break;
    case PRI_EVENT_RINGING:
      if (Call* call = findByPri(e->ringing.call); call && call->timeslot) {
        engine::Channel* ch = host_.channel(span_, call->timeslot);
        if (ch->state() != ChannelState::Alerting) ch->transition(ChannelState::Alerting, 0, "alerting", host_.currentTick());
        const bool inband = e->ringing.progressmask & PRI_PROG_INBAND_AVAILABLE;
        host_.emit(EventType::CallAlerting, span_, call->timeslot, static_cast<int32_t>(call->id), inband ? 1 : 0, 0, {});
      }
      break;
    case PRI_EVENT_PROGRESS:
      if (Call* call = findByPri(e->proceeding.call); call && call->timeslot) {
        host_.emit(EventType::CallProgress, span_, call->timeslot, static_cast<int32_t>(call->id),
                   e->proceeding.progressmask, 0, {});
      }
      break;
    case PRI_EVENT_ANSWER:
      if (Call* call = findByPri(e->answer.call); call && call->timeslot) {
        call->answered = true;
        host_.channel(span_, call->timeslot)->transition(ChannelState::Up, 0, "connect", host_.currentTick());
        host_.emit(EventType::CallConnected, span_, call->timeslot, static_cast<int32_t>(call->id), 0, 1, {});
      }
      break;
    case PRI_EVENT_HANGUP_REQ:
      if (Call* call = findByPri(e->hangup.call)) {
        const int cause = e->hangup.cause > 0 ? e->hangup.cause : PRI_CAUSE_NORMAL_CLEARING;
        if (call->glareLost && !call->timeslot) {
          pri_hangup(pri_, call->pri, cause);
          call->hangupSent = true;
          break;  // the retry happens when the release completes
        }
        reportHangup(*call, cause, true);
        if (!call->hangupSent) {
          call->hangupSent = true;
          pri_hangup(pri_, call->pri, cause);
        }
      }
      break;
    case PRI_EVENT_HANGUP:
      if (Call* call = findByPri(e->hangup.call)) {
        const int cause = e->hangup.cause > 0 ? e->hangup.cause : PRI_CAUSE_NORMAL_CLEARING;
        if (!call->glareLost) reportHangup(*call, cause, !call->hangupSent);
        onHangup(*call, cause, false);
      } else if (e->hangup.call) {
        pri_hangup(pri_, e->hangup.call, e->hangup.cause);  // a call we never took: free it
      }
      break;
    case PRI_EVENT_HANGUP_ACK:
      if (Call* call = findByPri(e->hangup.call)) {
        const int cause = e->hangup.cause > 0 ? e->hangup.cause : PRI_CAUSE_NORMAL_CLEARING;
        if (!call->glareLost) reportHangup(*call, cause, !call->hangupSent);
        onHangup(*call, cause, true);
      }
      break;
    default:
      break;
  }
}

engine::ErrorCode PriSpan::apply(const engine::Command& cmd, int32_t* result, std::string* message) {
  CurrentSpan current(this);
  if (cmd.op == engine::Op::Dial) {
    if (!up_) {
      *message = "span " + std::to_string(span_) + ": the D-channel is down";
      return ErrorCode::SpanDown;
    }
    const int requested = cmd.i[0];
    if (requested > 0 && !isBChannel(requested)) return ErrorCode::UnknownChannel;
    const int ts = pickChannel(requested > 0 ? requested : -1);
    if (!ts) {
      *message = requested > 0 ? "B-channel " + std::to_string(requested) + " is busy" : "no free B-channel";
      return requested > 0 ? ErrorCode::ChannelBusy : ErrorCode::NoCircuit;
    }
    Call call;
    call.id = nextCallId_++;
    call.outbound = true;
    call.called = cmd.text;
    call.calling = cmd.text2;
    call.presentation = cmd.i[1];
    if (!startSetup(call, ts, cmd.i[2] == 0, message)) return ErrorCode::Signaling;
    ++callsOut_;
    const uint32_t id = call.id;
    addCall(std::move(call));
    *result = static_cast<int32_t>(id);
    char json[64];
    std::snprintf(json, sizeof json, "{\"call\":%u,\"channel\":%d}", id, ts);
    message->assign(json);  // into the caller's storage (see Engine::signalMessage_)
    return ErrorCode::Ok;
  }

  Call* call = findById(static_cast<uint32_t>(cmd.i[3]));
  if (!call) return ErrorCode::UnknownCall;
  engine::Channel* ch = call->timeslot ? host_.channel(span_, call->timeslot) : nullptr;
  const int ts = call->timeslot;
  auto illegal = [&](const char* what) {
    *message = std::string("cannot ") + what + " a call in state " +
               (ch ? engine::channelStateName(ch->state()) : "without channel");
    return ErrorCode::IllegalState;
  };

  switch (cmd.op) {
    case engine::Op::Answer:
      if (call->outbound || !ch || call->hangupSent) return illegal("answer");
      if (ch->state() != ChannelState::Offered && ch->state() != ChannelState::Proceeding &&
          ch->state() != ChannelState::Ringing) {
        return illegal("answer");
      }
      pri_answer(pri_, call->pri, ts, 0);
      call->answered = true;
      ch->transition(ChannelState::Up, 0, "answer", host_.currentTick());
      host_.emit(EventType::CallConnected, span_, ts, static_cast<int32_t>(call->id), 0, 0, {});
      return ErrorCode::Ok;
    case engine::Op::Proceeding:
      if (!call->outbound && ch && ch->state() == ChannelState::Proceeding) return ErrorCode::Ok;  // sent on SETUP
      if (call->outbound || !ch || ch->state() != ChannelState::Offered) return illegal("send proceeding for");
      pri_proceeding(pri_, call->pri, ts, 0);
      ch->transition(ChannelState::Proceeding, 0, "proceeding", host_.currentTick());
      return ErrorCode::Ok;
    case engine::Op::Alerting:
      if (call->outbound || !ch ||
          (ch->state() != ChannelState::Offered && ch->state() != ChannelState::Proceeding)) {
        return illegal("send alerting for");
      }
      pri_acknowledge(pri_, call->pri, ts, cmd.i[0] ? 1 : 0);
      ch->transition(ChannelState::Ringing, 0, "alerting", host_.currentTick());
      return ErrorCode::Ok;
    case engine::Op::Progress:
      if (!ch || call->hangupSent) return illegal("send progress for");
      pri_progress(pri_, call->pri, ts, 1);
      return ErrorCode::Ok;
    case engine::Op::Reject:
    case engine::Op::Hangup: {
      if (call->hangupSent) return ErrorCode::Ok;
      const int cause = cmd.i[0] > 0 ? cmd.i[0] : PRI_CAUSE_NORMAL_CLEARING;
      // Every SETUP we receive is acknowledged at once (onRing), so only our
      // own SETUP can still be unanswered (state U1) here.
      const bool unanswered = call->outbound && ch && ch->state() == ChannelState::Dialing;
      call->hangupSent = true;
      pri_hangup(pri_, call->pri, cause);
      reportHangup(*call, cause, false);
      if ((unanswered && releasesImmediately(cause)) || cause == PRI_CAUSE_INVALID_CALL_REFERENCE) {
        call->pri = nullptr;  // libpri sent RELEASE COMPLETE and freed it
        finish(*call, cause);
      }
      return ErrorCode::Ok;
    }
    case engine::Op::SendDigits:
      if (!call->outbound || call->hangupSent) return illegal("send digits for");
      for (char digit : cmd.text) pri_information(pri_, call->pri, digit);
      return ErrorCode::Ok;
    default:
      return ErrorCode::InvalidArgument;
  }
}

std::string PriSpan::statsJson() const {
  return "{\"up\":" + std::string(up_ ? "true" : "false") + ",\"side\":\"" +
         (options_.network ? "net" : "cpe") + "\",\"calls\":" + std::to_string(calls_.size()) +
         ",\"callsIn\":" + std::to_string(callsIn_) + ",\"callsOut\":" + std::to_string(callsOut_) +
         ",\"glares\":" + std::to_string(glares_) + ",\"refusedSetups\":" + std::to_string(refusedSetups_) +
         ",\"forcedReleases\":" + std::to_string(forcedReleases_) +
         ",\"protocolErrors\":" + std::to_string(protocolErrors_) + "}";
}

}  // namespace tl::signaling
