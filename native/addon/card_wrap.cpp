#include "addon/card_wrap.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "addon/addon_data.h"
#include "addon/args.h"
#include "addon/errors.h"
#include "card/virtual/virtual_card.h"
#include "dsp/wav.h"
#ifdef TL_HAVE_DAHDI
#include "card/dahdi/dahdi_card_config.h"
#endif

namespace tl::addon {

using engine::CommandPtr;
using engine::ErrorCode;
using engine::Op;

namespace {

card::ClockMode parseClockMode(Napi::Env env, const std::string& mode) {
  if (mode == "realtime") return card::ClockMode::RealTime;
  if (mode == "speed") return card::ClockMode::Speed;
  if (mode == "freerun") return card::ClockMode::FreeRun;
  throwError(env, ErrorCode::InvalidArgument,
             "Expected \"realtime\", \"speed\" or \"freerun\" for clock but received \"" + mode + "\"");
}

engine::SpanSettings parseSpanSettings(Napi::Env env, const Napi::Value& value) {
  engine::SpanSettings settings;
  if (value.IsUndefined() || value.IsNull()) return settings;
  if (!value.IsObject()) invalidArgument(env, "an object", "signaling[]", value);
  Napi::Object o = value.As<Napi::Object>();
  const std::string type = propString(o, "type", "none");
  if (type == "none") {
    settings.signaling = engine::SignalingType::None;
  } else if (type == "pri-cpe") {
    settings.signaling = engine::SignalingType::PriCpe;
  } else if (type == "pri-net") {
    settings.signaling = engine::SignalingType::PriNet;
  } else {
    throwError(env, ErrorCode::InvalidArgument,
               "Expected \"none\", \"pri-cpe\" or \"pri-net\" for signaling type but received \"" + type + "\"");
  }
  const std::string hunt = propString(o, "huntOrder", "");
  if (hunt == "ascending") settings.huntOrder = 0;
  else if (hunt == "descending") settings.huntOrder = 1;
  else if (hunt == "round-robin") settings.huntOrder = 2;
  else if (!hunt.empty()) {
    throwError(env, ErrorCode::InvalidArgument,
               "Expected \"ascending\", \"descending\" or \"round-robin\" for huntOrder but received \"" + hunt + "\"");
  }
  settings.overlapDial = propBool(o, "overlapDial", false);
  return settings;
}

std::unique_ptr<card::Card> makeVirtualCard(Napi::Env env, const Napi::Object& cfg) {
  card::VirtualCardConfig vc;
  vc.spans = propInt(cfg, "spans", 2, 1, 2048);
  vc.tickMs = static_cast<uint32_t>(propInt(cfg, "tickMs", 20, 10, 20));
  if (vc.tickMs != 10 && vc.tickMs != 20) {
    invalidArgument(env, "10 or 20", "tickMs", cfg.Get("tickMs"));
  }
  vc.clockMode = parseClockMode(env, propString(cfg, "clock", "realtime"));
  vc.speed = propNumber(cfg, "speed", 1.0);
  if (!(vc.speed > 0 && vc.speed <= 10000)) invalidArgument(env, "a speed between 0 and 10000", "speed", cfg.Get("speed"));
  vc.seed = static_cast<uint64_t>(propInt(cfg, "seed", 1, 0, 0x7FFFFFFF));
  Napi::Value cables = cfg.Get("cables");
  if (!cables.IsUndefined()) {
    if (!cables.IsArray()) invalidArgument(env, "an array of [a, b] span pairs", "cables", cables);
    vc.cables.clear();
    Napi::Array list = cables.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Value pair = list.Get(i);
      if (!pair.IsArray() || pair.As<Napi::Array>().Length() != 2) {
        invalidArgument(env, "a [a, b] span pair", "cables[]", pair);
      }
      Napi::Array p = pair.As<Napi::Array>();
      if (!p.Get(0u).IsNumber() || !p.Get(1u).IsNumber()) invalidArgument(env, "a [a, b] span pair", "cables[]", pair);
      vc.cables.emplace_back(p.Get(0u).As<Napi::Number>().Int32Value(), p.Get(1u).As<Napi::Number>().Int32Value());
    }
  }
  return std::make_unique<card::VirtualCard>(vc);
}

}  // namespace

Napi::Function CardWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeCard",
                     {
                         InstanceMethod<&CardWrap::Info>("info"),
                         InstanceMethod<&CardWrap::Stats>("stats"),
                         InstanceMethod<&CardWrap::Close>("close"),
                         InstanceMethod<&CardWrap::Ack>("ack"),
                         InstanceMethod<&CardWrap::Hold>("hold"),
                         InstanceMethod<&CardWrap::Release>("release"),
                         InstanceMethod<&CardWrap::Ref>("ref"),
                         InstanceMethod<&CardWrap::Unref>("unref"),
                         InstanceMethod<&CardWrap::OpenChannel>("openChannel"),
                         InstanceMethod<&CardWrap::CloseChannel>("closeChannel"),
                         InstanceMethod<&CardWrap::Play>("play"),
                         InstanceMethod<&CardWrap::StopPlayback>("stopPlayback"),
                         InstanceMethod<&CardWrap::SendDtmf>("sendDtmf"),
                         InstanceMethod<&CardWrap::PlayTone>("playTone"),
                         InstanceMethod<&CardWrap::StopTone>("stopTone"),
                         InstanceMethod<&CardWrap::Record>("record"),
                         InstanceMethod<&CardWrap::RecordingControl>("recordingControl"),
                         InstanceMethod<&CardWrap::SetChannelOptions>("setChannelOptions"),
                         InstanceMethod<&CardWrap::QueryChannel>("queryChannel"),
                         InstanceMethod<&CardWrap::QuerySpan>("querySpan"),
                         InstanceMethod<&CardWrap::Conference>("conference"),
                         InstanceMethod<&CardWrap::Cable>("cable"),
                         InstanceMethod<&CardWrap::InjectFrame>("injectFrame"),
                         InstanceMethod<&CardWrap::CallControl>("callControl"),
                         InstanceMethod<&CardWrap::Dial>("dial"),
                         InstanceMethod<&CardWrap::SendDigits>("sendDigits"),
                         InstanceMethod<&CardWrap::Socket>("socket"),
                         InstanceMethod<&CardWrap::Fax>("fax"),
                         InstanceMethod<&CardWrap::DetectAnswer>("detectAnswer"),
                     });
}

CardWrap::CardWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CardWrap>(info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) invalidArgument(env, "a card configuration object", "config", info[0]);
  if (!info[1].IsFunction()) invalidArgument(env, "a function", "onBatch", info[1]);
  Napi::Object cfg = info[0].As<Napi::Object>();

  engine::EngineConfig ec;
  ec.dspThreads = static_cast<unsigned>(propInt(cfg, "dspThreads", 1, 0, 64));
  ec.toneZone = propString(cfg, "toneZone", "cn");
  ec.dtmfReceiver = propString(cfg, "dtmfReceiver", "tellerline");
  ec.eventSoftLimit = static_cast<size_t>(propInt(cfg, "eventSoftLimit", 1 << 16, 16, 1 << 24));
  ec.eventHardLimit = static_cast<size_t>(propInt(cfg, "eventHardLimit", 1 << 20, 16, 1 << 26));
  ec.promptCacheBytes = static_cast<size_t>(propInt(cfg, "promptCacheMb", 256, 1, 65536)) << 20;
  ec.heartbeatTicks = static_cast<uint32_t>(propInt(cfg, "heartbeatTicks", 50, 1, 100000));
  ec.realtimePriority = propInt(cfg, "realtimePriority", 0, 0, 99);
  ec.overloadMs = propInt(cfg, "overloadMs", -1, 0, 600000);
  ec.recoverMs = static_cast<uint32_t>(propInt(cfg, "recoverMs", 5000, 1, 3600000));
  Napi::Value signaling = cfg.Get("signaling");
  if (!signaling.IsUndefined()) {
    if (!signaling.IsArray()) invalidArgument(env, "an array (one entry per span)", "signaling", signaling);
    Napi::Array list = signaling.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) ec.spans.push_back(parseSpanSettings(env, list.Get(i)));
  }

  const std::string kind = propString(cfg, "kind", "virtual");
  std::unique_ptr<card::Card> card;
  if (kind == "virtual") {
    card = makeVirtualCard(env, cfg);
  } else if (kind == "dahdi") {
#ifdef TL_HAVE_DAHDI
    try {
      card = card::makeDahdiCard(card::parseDahdiConfig(
          [&](const char* key, const std::string& fallback) { return propString(cfg, key, fallback); },
          [&](const char* key, int32_t fallback, int32_t min, int32_t max) { return propInt(cfg, key, fallback, min, max); }));
    } catch (const std::invalid_argument& e) {
      throwError(env, ErrorCode::InvalidArgument, e.what());
    }
#else
    throwError(env, ErrorCode::InvalidArgument, "this build has no DAHDI support (dahdi/user.h was missing at build time)");
#endif
  } else {
    throwError(env, ErrorCode::InvalidArgument, "Expected \"virtual\" or \"dahdi\" for kind but received \"" + kind + "\"");
  }

  engine_ = std::make_unique<engine::Engine>(std::move(card), std::move(ec));
  onBatch_ = Napi::Persistent(info[1].As<Napi::Function>());
  tsfn_ = Tsfn::New(env, info[1].As<Napi::Function>(), "tellerline-events", 0, 1, this);
  engine_->events().setNotify([this] { tsfn_.NonBlockingCall(); });
  std::string error;
  if (!engine_->start(&error)) {
    tsfn_.Release();
    engine_.reset();
    throwError(env, ErrorCode::CardOpen, error);
  }
  open_ = true;
  addonData(env)->openCards.insert(this);
  Napi::ObjectWrap<CardWrap>::Ref();  // stay alive while the engine runs
}

CardWrap::~CardWrap() { shutdown(false); }

void CardWrap::shutdown(bool deliverEvents) {
  if (!open_) return;
  open_ = false;
  engine_->stop();
  if (deliverEvents && !onBatch_.IsEmpty()) {
    Napi::Env env = onBatch_.Env();
    deliver(env, onBatch_.Value());
  }
  tsfn_.Release();
  if (AddonData* data = addonData(Env())) data->openCards.erase(this);
}

void CardWrap::callJs(Napi::Env env, Napi::Function callback, CardWrap* context, void*) {
  if (!env || !context || !context->engine_) return;
  // This runs from a C callback: nothing may escape it. A failure here means
  // the environment is going away (handle scopes can no longer be opened).
  try {
    context->deliver(env, callback);
  } catch (const Napi::Error&) {
  } catch (const std::exception&) {
  }
}

void CardWrap::deliver(Napi::Env env, Napi::Function callback) {
  engine_->releaseRetired();  // here, at normal priority (see engine/release_queue.h)
  if (!engine_->events().take(&batch_)) return;
  Napi::HandleScope scope(env);
  const size_t words = batch_.records.size() * 8;
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, words * sizeof(int32_t));
  if (words) std::memcpy(buffer.Data(), batch_.records.data(), words * sizeof(int32_t));
  Napi::Int32Array records = Napi::Int32Array::New(env, words, buffer, 0);
  Napi::Array strings = Napi::Array::New(env, batch_.stringCount());
  for (uint32_t i = 0; i < batch_.stringCount(); ++i) {
    const std::string_view s = batch_.string(i);
    strings.Set(i, Napi::String::New(env, s.data(), s.size()));
  }
  try {
    callback.Call({records, strings, Napi::Number::New(env, static_cast<double>(batch_.lastTick)),
                   Napi::Number::New(env, static_cast<double>(batch_.droppedTotal))});
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();  // surfaces as an uncaught exception, like any listener error
  }
  batch_.clear();
}

engine::Engine& CardWrap::engine(const Napi::CallbackInfo& info) {
  if (!open_) throwError(info.Env(), ErrorCode::CardClosed, "the card is closed");
  return *engine_;
}

CommandPtr CardWrap::base(const Napi::CallbackInfo& info, Op op, bool withChannel) {
  engine::Engine& eng = engine(info);
  auto cmd = std::make_unique<engine::Command>();
  cmd->op = op;
  cmd->requestId = argUint(info, 0, "requestId");
  Napi::Value span = info[1];
  if (!span.IsNumber()) invalidArgument(info.Env(), "a span index", "span", span);
  const double s = span.As<Napi::Number>().DoubleValue();
  if (s != std::floor(s) || s < 0 || s >= static_cast<double>(eng.spanCount())) {
    throwError(info.Env(), ErrorCode::UnknownSpan,
               "no span " + describe(span) + " on this card (it has " + std::to_string(eng.spanCount()) + ")");
  }
  cmd->span = static_cast<int32_t>(s);
  if (withChannel) {
    Napi::Value ch = info[2];
    if (!ch.IsNumber()) invalidArgument(info.Env(), "a B-channel number", "channel", ch);
    const double c = ch.As<Napi::Number>().DoubleValue();
    if (c != std::floor(c) || !card::isBChannel(static_cast<int>(c))) {
      throwError(info.Env(), ErrorCode::UnknownChannel,
                 "no B-channel " + describe(ch) + " on an E1 span (B-channels are 1-15 and 17-31)");
    }
    cmd->channel = static_cast<int32_t>(c);
  }
  return cmd;
}

Napi::Value CardWrap::Info(const Napi::CallbackInfo& info) {
  engine::Engine& eng = engine(info);
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("kind", eng.cardKind());
  out.Set("spans", static_cast<double>(eng.spanCount()));
  out.Set("tickMs", static_cast<double>(eng.tickMs()));
  out.Set("cables", static_cast<double>(eng.cableCount()));
  const char* clock = "hardware";
  switch (eng.clockMode()) {
    case card::ClockMode::RealTime: clock = "realtime"; break;
    case card::ClockMode::Speed: clock = "speed"; break;
    case card::ClockMode::FreeRun: clock = "freerun"; break;
    case card::ClockMode::Hardware: clock = "hardware"; break;
  }
  out.Set("clock", clock);
  Napi::Array sig = Napi::Array::New(env, eng.spanCount());
  for (uint32_t i = 0; i < eng.spanCount(); ++i) {
    switch (eng.signalingOf(i)) {
      case engine::SignalingType::None: sig.Set(i, "none"); break;
      case engine::SignalingType::PriCpe: sig.Set(i, "pri-cpe"); break;
      case engine::SignalingType::PriNet: sig.Set(i, "pri-net"); break;
    }
  }
  out.Set("signaling", sig);
  return out;
}

Napi::Value CardWrap::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!engine_) throwError(env, ErrorCode::CardClosed, "the card is closed");
  const engine::EngineStats s = engine_->stats();
  Napi::Object out = Napi::Object::New(env);
  auto set = [&](const char* key, uint64_t v) { out.Set(key, Napi::Number::New(env, static_cast<double>(v))); };
  set("ticks", s.ticks);
  set("missedDeadlines", s.missedDeadlines);
  set("overruns", s.overruns);
  set("maxTickNs", s.maxTickNs);
  set("lastTickNs", s.lastTickNs);
  set("totalTickNs", s.totalTickNs);
  set("eventsDropped", s.eventsDropped);
  set("channelEventsDropped", s.channelEventsDropped);
  set("refusedTransitions", s.refusedTransitions);
  set("recordingOverruns", s.recordingOverruns);
  set("commands", s.commands);
  set("batchesPublished", s.batchesPublished);
  set("promptCacheHits", s.promptCacheHits);
  set("promptCacheMisses", s.promptCacheMisses);
  set("activeChannels", s.activeChannels);
  set("conferences", s.conferences);
  set("stalls", s.stalls);
  set("maxStallNs", s.maxStallNs);
  set("droppedTicks", s.droppedTicks);
  set("backOffs", s.backOffs);
  out.Set("overloaded", Napi::Boolean::New(env, s.overloaded));
  out.Set("open", Napi::Boolean::New(env, open_));
  return out;
}

Napi::Value CardWrap::Close(const Napi::CallbackInfo& info) {
  shutdown(true);
  return info.Env().Undefined();
}

Napi::Value CardWrap::Ack(const Napi::CallbackInfo& info) {
  engine::Engine& eng = engine(info);
  const double tick = argNumber(info, 0, "tick", false);
  const double horizon = argNumber(info, 1, "horizon", false);
  eng.ack(static_cast<uint64_t>(tick < 0 ? 0 : tick), static_cast<uint64_t>(horizon < 0 ? 0 : horizon));
  return info.Env().Undefined();
}

Napi::Value CardWrap::Hold(const Napi::CallbackInfo& info) {
  engine(info).hold();
  return info.Env().Undefined();
}

Napi::Value CardWrap::Release(const Napi::CallbackInfo& info) {
  engine(info).release();
  return info.Env().Undefined();
}

Napi::Value CardWrap::Ref(const Napi::CallbackInfo& info) {
  engine(info);
  if (!refed_) tsfn_.Ref(info.Env());
  refed_ = true;
  return info.Env().Undefined();
}

Napi::Value CardWrap::Unref(const Napi::CallbackInfo& info) {
  engine(info);
  if (refed_) tsfn_.Unref(info.Env());
  refed_ = false;
  return info.Env().Undefined();
}

Napi::Value CardWrap::OpenChannel(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::OpenChannel, true));
  return info.Env().Undefined();
}

Napi::Value CardWrap::CloseChannel(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::CloseChannel, true));
  return info.Env().Undefined();
}

// play(requestId, span, channel, items, flags): items are file paths or
// Int16Array of 8 kHz linear samples (copied here, at the boundary).
Napi::Value CardWrap::Play(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CommandPtr cmd = base(info, Op::Play, true);
  Napi::Value items = info[3];
  if (!items.IsArray()) invalidArgument(env, "an array of file paths or Int16Array samples", "items", items);
  Napi::Array list = items.As<Napi::Array>();
  if (list.Length() == 0 || list.Length() > 1024) {
    invalidArgument(env, "between 1 and 1024 items", "items", items);
  }
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value item = list.Get(i);
    engine::PlayItemSource source;
    if (item.IsString()) {
      source.path = item.As<Napi::String>().Utf8Value();
      if (source.path.empty()) invalidArgument(env, "a file path", "items[]", item);
    } else if (item.IsTypedArray() && item.As<Napi::TypedArray>().TypedArrayType() == napi_int16_array) {
      Napi::Int16Array samples = item.As<Napi::Int16Array>();
      auto prompt = std::make_shared<engine::Prompt>();
      prompt->source = "<buffer>";
      prompt->samples.assign(samples.Data(), samples.Data() + samples.ElementLength());
      source.samples = std::move(prompt);
    } else {
      invalidArgument(env, "a file path or an Int16Array", "items[]", item);
    }
    cmd->items.push_back(std::move(source));
  }
  // Audio passed in memory needs no loading: the prompt list is built here,
  // so that the engine's clock thread does not allocate it.
  if (std::all_of(cmd->items.begin(), cmd->items.end(), [](const engine::PlayItemSource& s) { return s.samples != nullptr; })) {
    cmd->prompts.reserve(cmd->items.size());
    for (auto& item : cmd->items) cmd->prompts.push_back(item.samples);
  }
  cmd->flags = argUint(info, 4, "flags");
  engine(info).submit(std::move(cmd));
  return env.Undefined();
}

Napi::Value CardWrap::StopPlayback(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::StopPlayback, true));
  return info.Env().Undefined();
}

// sendDtmf(requestId, span, channel, digits, onMs, offMs, pauseMs, levelDbm0, twistDb)
Napi::Value CardWrap::SendDtmf(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::SendDtmf, true);
  cmd->text = argString(info, 3, "digits", 256);
  if (!dsp::isValidDtmfString(cmd->text)) {
    throwError(info.Env(), ErrorCode::InvalidArgument,
               "Expected DTMF digits (0-9 * # A-D and ',' for a pause) for digits but received \"" + cmd->text + "\"");
  }
  cmd->i[0] = argInt(info, 4, "onMs", 1, 10000);
  cmd->i[1] = argInt(info, 5, "offMs", 0, 10000);
  cmd->i[2] = argInt(info, 6, "pauseMs", 0, 60000);
  cmd->d[0] = argNumber(info, 7, "levelDbm0", false);
  cmd->d[1] = argNumber(info, 8, "twistDb", false);
  if (cmd->d[0] > 3 || cmd->d[0] < -60) invalidArgument(info.Env(), "a level between -60 and 3 dBm0", "levelDbm0", info[7]);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// playTone(requestId, span, channel, toneNameOrSpec, levelDbm0 | NaN)
Napi::Value CardWrap::PlayTone(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::PlayTone, true);
  cmd->text = argString(info, 3, "tone", 512);
  cmd->d[0] = argNumber(info, 4, "levelDbm0", true);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

Napi::Value CardWrap::StopTone(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::StopTone, true));
  return info.Env().Undefined();
}

// record(requestId, span, channel, path, direction 0 rx/1 tx/2 mixed, encoding 0 alaw/1 ulaw/2 pcm16, maxSeconds)
Napi::Value CardWrap::Record(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::Record, true);
  cmd->text = argString(info, 3, "path", 4096);
  if (cmd->text.empty()) invalidArgument(info.Env(), "a file path", "path", info[3]);
  cmd->i[0] = argInt(info, 4, "direction", 0, 2);
  cmd->i[1] = argInt(info, 5, "encoding", 0, 2);
  cmd->i[2] = argInt(info, 6, "maxSeconds", 0, 24 * 3600);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// recordingControl(requestId, span, channel, action 0 pause/1 resume/2 stop, recordingId)
Napi::Value CardWrap::RecordingControl(const Napi::CallbackInfo& info) {
  const int32_t action = argInt(info, 3, "action", 0, 2);
  CommandPtr cmd = base(info, action == 0 ? Op::PauseRecording : action == 1 ? Op::ResumeRecording : Op::StopRecording, true);
  cmd->i[0] = static_cast<int32_t>(argUint(info, 4, "recordingId"));
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// setChannelOptions(requestId, span, channel, mask, values, rxGainDb, txGainDb)
Napi::Value CardWrap::SetChannelOptions(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::SetChannelOptions, true);
  cmd->i[0] = argInt(info, 3, "mask", 0, 0xFF);
  cmd->i[1] = argInt(info, 4, "values", 0, 0xFF);
  cmd->d[0] = argNumber(info, 5, "rxGainDb", false);
  cmd->d[1] = argNumber(info, 6, "txGainDb", false);
  if (std::fabs(cmd->d[0]) > 24 || std::fabs(cmd->d[1]) > 24) {
    throwError(info.Env(), ErrorCode::InvalidArgument, "gains must be between -24 and +24 dB");
  }
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

Napi::Value CardWrap::QueryChannel(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::QueryChannel, true));
  return info.Env().Undefined();
}

Napi::Value CardWrap::QuerySpan(const Napi::CallbackInfo& info) {
  engine(info).submit(base(info, Op::QuerySpan, false));
  return info.Env().Undefined();
}

// conference(requestId, op, conferenceId, span, channel, mode, targetSpan, targetChannel)
// op: 0 create, 1 destroy, 2 add, 3 set mode, 4 remove. span/channel are
// ignored (pass -1) for create and destroy.
Napi::Value CardWrap::Conference(const Napi::CallbackInfo& info) {
  engine::Engine& eng = engine(info);
  Napi::Env env = info.Env();
  auto cmd = std::make_unique<engine::Command>();
  cmd->requestId = argUint(info, 0, "requestId");
  const int32_t op = argInt(info, 1, "op", 0, 4);
  static constexpr Op kOps[] = {Op::CreateConference, Op::DestroyConference, Op::AddMember, Op::SetMemberMode,
                                Op::RemoveMember};
  cmd->op = kOps[op];
  cmd->i[0] = argInt(info, 2, "conferenceId", 0, 0x7FFFFFFF);
  if (op >= 2) {
    const int32_t span = argInt(info, 3, "span", 0, 0xFFFF);
    const int32_t channel = argInt(info, 4, "channel", 0, 31);
    if (static_cast<size_t>(span) >= eng.spanCount()) throwError(env, ErrorCode::UnknownSpan, "no such span");
    if (!card::isBChannel(channel)) throwError(env, ErrorCode::UnknownChannel, "no such B-channel");
    cmd->span = span;
    cmd->channel = channel;
    cmd->i[1] = argInt(info, 5, "mode", 0, 2);
    cmd->i[2] = argInt(info, 6, "targetSpan", -1, 0xFFFF);
    cmd->i[3] = argInt(info, 7, "targetChannel", -1, 31);
  }
  eng.submit(std::move(cmd));
  return env.Undefined();
}

// cable(requestId, op, cableIndex, int1, int2, double1, double2)
// op: 0 pull, 1 restore, 2 impair (int1 = echo delay ms, double1 = noise dBm0 or NaN,
// double2 = echo loss dB or NaN), 3 slip (int1 = side, int2 = +1/-1)
Napi::Value CardWrap::Cable(const Napi::CallbackInfo& info) {
  engine::Engine& eng = engine(info);
  auto cmd = std::make_unique<engine::Command>();
  cmd->requestId = argUint(info, 0, "requestId");
  const int32_t op = argInt(info, 1, "op", 0, 3);
  static constexpr Op kOps[] = {Op::PullCable, Op::RestoreCable, Op::ImpairCable, Op::SlipCable};
  cmd->op = kOps[op];
  cmd->i[0] = argInt(info, 2, "cable", 0, 0xFFFF);
  if (op == 2) {
    cmd->i[1] = argInt(info, 3, "echoDelayMs", 0, 500);
    cmd->d[0] = argNumber(info, 5, "noiseDbm0", true);
    cmd->d[1] = argNumber(info, 6, "echoLossDb", true);
  } else if (op == 3) {
    cmd->i[1] = argInt(info, 3, "side", 0, 1);
    cmd->i[2] = argInt(info, 4, "amount", -1, 1);
    if (cmd->i[2] == 0) invalidArgument(info.Env(), "+1 or -1", "amount", info[4]);
  }
  eng.submit(std::move(cmd));
  return info.Env().Undefined();
}

// injectFrame(requestId, span, Uint8Array): a D-channel frame arrives at span
// as if the far end had sent it (virtual card only; for protocol tests).
Napi::Value CardWrap::InjectFrame(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::InjectFrame, false);
  Napi::Value bytes = info[2];
  if (!bytes.IsTypedArray() || bytes.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    invalidArgument(info.Env(), "a Uint8Array", "frame", bytes);
  }
  Napi::Uint8Array frame = bytes.As<Napi::Uint8Array>();
  if (frame.ElementLength() == 0 || frame.ElementLength() > 1024) {
    invalidArgument(info.Env(), "a frame of 1 to 1024 bytes", "frame", bytes);
  }
  cmd->bytes.assign(frame.Data(), frame.Data() + frame.ElementLength());
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// callControl(requestId, span, op, callId, arg): op 0 answer, 1 proceeding,
// 2 alerting (arg = in-band), 3 progress, 4 reject (arg = cause), 5 hangup (arg = cause)
Napi::Value CardWrap::CallControl(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::Answer, false);
  const int32_t op = argInt(info, 2, "op", 0, 5);
  static constexpr Op kOps[] = {Op::Answer, Op::Proceeding, Op::Alerting, Op::Progress, Op::Reject, Op::Hangup};
  cmd->op = kOps[op];
  cmd->i[3] = static_cast<int32_t>(argUint(info, 3, "callId"));
  cmd->i[0] = argInt(info, 4, "arg", 0, 127);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// dial(requestId, span, called, calling, channel (0 = any), presentationRestricted, overlap)
Napi::Value CardWrap::Dial(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::Dial, false);
  cmd->text = argString(info, 2, "called", 64);
  cmd->text2 = argString(info, 3, "calling", 64);
  auto digitsOnly = [](const std::string& s) {
    for (char c : s) {
      if (!((c >= '0' && c <= '9') || c == '*' || c == '#' || c == '+')) return false;
    }
    return true;
  };
  if (!digitsOnly(cmd->text) || (cmd->text.empty() && info[6].ToBoolean().Value() == false)) {
    invalidArgument(info.Env(), "a number of digits", "called", info[2]);
  }
  if (!digitsOnly(cmd->text2)) invalidArgument(info.Env(), "a number of digits", "calling", info[3]);
  cmd->i[0] = argInt(info, 4, "channel", 0, 31);
  if (cmd->i[0] && !card::isBChannel(cmd->i[0])) {
    throwError(info.Env(), ErrorCode::UnknownChannel, "no B-channel " + std::to_string(cmd->i[0]));
  }
  cmd->i[1] = info[5].ToBoolean().Value() ? 1 : 0;
  cmd->i[2] = info[6].ToBoolean().Value() ? 1 : 0;
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// sendDigits(requestId, span, callId, digits): overlap sending
Napi::Value CardWrap::SendDigits(const Napi::CallbackInfo& info) {
  CommandPtr cmd = base(info, Op::SendDigits, false);
  cmd->i[3] = static_cast<int32_t>(argUint(info, 2, "callId"));
  cmd->text = argString(info, 3, "digits", 64);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

}  // namespace tl::addon

namespace tl::addon {

// socket(requestId, span, channel, path | null): attaches an audio socket at
// path, or detaches it when path is null.
Napi::Value CardWrap::Socket(const Napi::CallbackInfo& info) {
  const bool detach = info[3].IsNull() || info[3].IsUndefined();
  CommandPtr cmd = base(info, detach ? Op::DetachSocket : Op::AttachSocket, true);
  if (!detach) cmd->text = argString(info, 3, "path", 107);
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

}  // namespace tl::addon

namespace tl::addon {

// fax(requestId, span, channel, options | null): starts a fax (T.30 on this
// channel) or, with null, stops the one in progress. Options: { send, calling,
// ecm, maxBitRate, file, ident, header }.
Napi::Value CardWrap::Fax(const Napi::CallbackInfo& info) {
  const bool stop = info[3].IsNull() || info[3].IsUndefined();
  CommandPtr cmd = base(info, stop ? Op::FaxStop : Op::FaxStart, true);
  if (!stop) {
    if (!info[3].IsObject()) invalidArgument(info.Env(), "fax options", "options", info[3]);
    Napi::Object o = info[3].As<Napi::Object>();
    cmd->i[0] = propBool(o, "send", false) ? 1 : 0;
    cmd->i[1] = propBool(o, "calling", false) ? 1 : 0;
    cmd->i[2] = propBool(o, "ecm", true) ? 1 : 0;
    cmd->i[3] = propInt(o, "maxBitRate", 14400, 2400, 14400);
    cmd->text = propString(o, "file", "");
    if (cmd->text.empty()) invalidArgument(info.Env(), "a TIFF file path", "file", o.Get("file"));
    cmd->text2 = propString(o, "ident", "");
    const std::string header = propString(o, "header", "");
    cmd->bytes.assign(header.begin(), header.end());
  }
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

// detectAnswer(requestId, span, channel, options | null): starts answering-
// machine detection or, with null, stops it. Options (ms, 0 or absent = the
// detector's default): { initialSilenceMs, greetingMs, afterGreetingSilenceMs,
// maxAnalysisMs }.
Napi::Value CardWrap::DetectAnswer(const Napi::CallbackInfo& info) {
  const bool stop = info[3].IsNull() || info[3].IsUndefined();
  CommandPtr cmd = base(info, Op::DetectAnswer, true);
  cmd->flags = stop ? 0 : 1;
  if (!stop) {
    if (!info[3].IsObject()) invalidArgument(info.Env(), "answer detection options", "options", info[3]);
    Napi::Object o = info[3].As<Napi::Object>();
    cmd->i[0] = propInt(o, "initialSilenceMs", 0, 0, 60000);
    cmd->i[1] = propInt(o, "greetingMs", 0, 0, 60000);
    cmd->i[2] = propInt(o, "afterGreetingSilenceMs", 0, 0, 60000);
    cmd->i[3] = propInt(o, "maxAnalysisMs", 0, 0, 60000);
  }
  engine(info).submit(std::move(cmd));
  return info.Env().Undefined();
}

}  // namespace tl::addon
