// Module entry: the NativeCard class, the error-class hook, and the tables
// the TypeScript bindings read so that both sides name the same numbers.
#include <napi.h>

#include "addon/addon_data.h"
#include "addon/args.h"
#include "addon/card_wrap.h"
#include "addon/errors.h"
#include "addon/malloc_stats.h"
#include "card/card_backend.h"
#include "dsp/answer_detector.h"
#include "dsp/progress_detector.h"
#include "dsp/tone_zone.h"
#include "engine/channel_state.h"
#include "engine/command.h"
#include "engine/error_codes.h"
#include "engine/event_record.h"

namespace tl::addon {

AddonData* addonData(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

namespace {

// The environment is going away: stop every engine still running so no thread
// outlives it. No JavaScript may run here. This runs as an environment cleanup
// hook, before Node closes the environment's handles: on Node 24 a card's
// finalizer may otherwise run while Node closes the card's ThreadSafeFunction
// with its lock held, and releasing the function from there deadlocks.
// Registered after Node-API's own hook, so it runs before the instance data
// is deleted (hooks run in reverse order of registration).
void stopOpenCards(void* arg) {
  auto* data = static_cast<AddonData*>(arg);
  auto cards = data->openCards;
  for (CardWrap* card : cards) card->shutdown(false);
}

void cleanup(Napi::Env, AddonData* data) {
  stopOpenCards(data);  // nothing left open by now, unless the hook could not run
  delete data;
}

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) invalidArgument(info.Env(), "a constructor", "errorClass", info[0]);
  setErrorClass(info.Env(), info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

Napi::Object Tables(Napi::Env env) {
  Napi::Object tables = Napi::Object::New(env);

  Napi::Array errors = Napi::Array::New(env);
  for (int i = 0; i < engine::errorCodeCount(); ++i) {
    errors.Set(i, engine::errorCodeName(static_cast<engine::ErrorCode>(i)));
  }
  tables.Set("errorCodes", errors);

  Napi::Array states = Napi::Array::New(env);
  for (int i = 0; i < engine::kChannelStateCount; ++i) {
    states.Set(i, engine::channelStateName(static_cast<engine::ChannelState>(i)));
  }
  tables.Set("channelStates", states);

  Napi::Object events = Napi::Object::New(env);
  using E = engine::EventType;
  const std::pair<const char*, E> eventList[] = {
      {"CommandDone", E::CommandDone}, {"Dtmf", E::Dtmf}, {"Tone", E::Tone},
      {"PlaybackStarted", E::PlaybackStarted}, {"PlaybackFinished", E::PlaybackFinished},
      {"GeneratorDone", E::GeneratorDone}, {"RecordingStarted", E::RecordingStarted},
      {"RecordingStopped", E::RecordingStopped}, {"Alarm", E::Alarm}, {"Slip", E::Slip},
      {"ChannelState", E::ChannelState}, {"DChannel", E::DChannel}, {"CallOffered", E::CallOffered},
      {"CallDigits", E::CallDigits}, {"CallProceeding", E::CallProceeding}, {"CallAlerting", E::CallAlerting},
      {"CallProgress", E::CallProgress}, {"CallConnected", E::CallConnected}, {"CallHangup", E::CallHangup},
      {"CallReleased", E::CallReleased}, {"CallMoved", E::CallMoved}, {"FaxPhase", E::FaxPhase}, {"FaxResult", E::FaxResult},
      {"SocketState", E::SocketState}, {"AnswerDetected", E::AnswerDetected}, {"EventsDropped", E::EventsDropped}, {"Notice", E::Notice},
  };
  for (const auto& [name, value] : eventList) events.Set(name, static_cast<double>(value));
  tables.Set("eventTypes", events);

  Napi::Array tones = Napi::Array::New(env);
  for (int i = 1; i <= 9; ++i) tones.Set(i, dsp::progressToneName(static_cast<dsp::ProgressTone>(i)));
  tables.Set("progressTones", tones);

  Napi::Array answers = Napi::Array::New(env);
  for (int i = 0; i <= 4; ++i) answers.Set(i, dsp::answerResultName(static_cast<dsp::AnswerResult>(i)));
  tables.Set("answerResults", answers);

  Napi::Array zones = Napi::Array::New(env);
  uint32_t z = 0;
  for (const auto& name : dsp::toneZoneNames()) zones.Set(z++, name);
  tables.Set("toneZones", zones);

  Napi::Object alarms = Napi::Object::New(env);
  alarms.Set("recover", static_cast<double>(card::kAlarmRecover));
  alarms.Set("loopback", static_cast<double>(card::kAlarmLoopback));
  alarms.Set("yellow", static_cast<double>(card::kAlarmYellow));
  alarms.Set("red", static_cast<double>(card::kAlarmRed));
  alarms.Set("blue", static_cast<double>(card::kAlarmBlue));
  alarms.Set("notOpen", static_cast<double>(card::kAlarmNotOpen));
  alarms.Set("los", static_cast<double>(card::kAlarmLos));
  alarms.Set("lfa", static_cast<double>(card::kAlarmLfa));
  alarms.Set("lmfa", static_cast<double>(card::kAlarmLmfa));
  tables.Set("alarmBits", alarms);

  Napi::Object options = Napi::Object::New(env);
  options.Set("echoCanceller", static_cast<double>(engine::kOptEchoCanceller));
  options.Set("dtmfDetect", static_cast<double>(engine::kOptDtmfDetect));
  options.Set("progressDetect", static_cast<double>(engine::kOptProgressDetect));
  options.Set("gains", static_cast<double>(engine::kOptGains));
  tables.Set("channelOptions", options);

  Napi::Object play = Napi::Object::New(env);
  play.Set("stopOnDtmf", static_cast<double>(engine::kPlayStopOnDtmf));
  play.Set("append", static_cast<double>(engine::kPlayAppend));
  tables.Set("playFlags", play);
#ifdef TL_HAVE_DAHDI
  tables.Set("dahdi", true);
#else
  tables.Set("dahdi", false);
#endif
  return tables;
}

}  // namespace

Napi::Object initModule(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData<AddonData, cleanup>(data);
  NAPI_THROW_IF_FAILED(env, napi_add_env_cleanup_hook(env, stopOpenCards, data), exports);
  Napi::Function card = CardWrap::Define(env);
  data->cardConstructor = Napi::Persistent(card);
  exports.Set("NativeCard", card);
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass));
  exports.Set("tables", Tables(env));
  exports.Set("mallocStats", Napi::Function::New(env, MallocStats));
  exports.Set("mallocTrim", Napi::Function::New(env, MallocTrim));
  return exports;
}

}  // namespace tl::addon

static Napi::Object InitTellerline(Napi::Env env, Napi::Object exports) {
  return tl::addon::initModule(env, exports);
}

NODE_API_MODULE(tellerline, InitTellerline)
