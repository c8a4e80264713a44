// NativeCard: the JavaScript object that owns one engine.
//
// Commands: each method validates its arguments, copies them into a plain
// engine::Command and queues it; the engine answers with a CommandDone event
// carrying the same request id (the bindings turn that into a Promise).
// Events: one ThreadSafeFunction per card. The engine's EventQueue calls it
// at most once at a time; the callback takes everything pending and hands it
// to JavaScript as one Int32Array of records plus an array of strings.
#pragma once

#include <napi.h>

#include <memory>

#include "engine/engine.h"

namespace tl::addon {

class CardWrap : public Napi::ObjectWrap<CardWrap> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit CardWrap(const Napi::CallbackInfo& info);
  ~CardWrap() override;

  // Stops the engine and delivers what is left, without calling into JS when
  // the environment is being torn down.
  void shutdown(bool deliverEvents);

 private:
  static void callJs(Napi::Env env, Napi::Function callback, CardWrap* context, void* data);
  using Tsfn = Napi::TypedThreadSafeFunction<CardWrap, void, &CardWrap::callJs>;
  void deliver(Napi::Env env, Napi::Function callback);

  engine::Engine& engine(const Napi::CallbackInfo& info);
  engine::CommandPtr base(const Napi::CallbackInfo& info, engine::Op op, bool withChannel);

  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Ack(const Napi::CallbackInfo& info);
  Napi::Value Hold(const Napi::CallbackInfo& info);
  Napi::Value Release(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);

  Napi::Value OpenChannel(const Napi::CallbackInfo& info);
  Napi::Value CloseChannel(const Napi::CallbackInfo& info);
  Napi::Value Play(const Napi::CallbackInfo& info);
  Napi::Value StopPlayback(const Napi::CallbackInfo& info);
  Napi::Value SendDtmf(const Napi::CallbackInfo& info);
  Napi::Value PlayTone(const Napi::CallbackInfo& info);
  Napi::Value StopTone(const Napi::CallbackInfo& info);
  Napi::Value Record(const Napi::CallbackInfo& info);
  Napi::Value RecordingControl(const Napi::CallbackInfo& info);
  Napi::Value SetChannelOptions(const Napi::CallbackInfo& info);
  Napi::Value QueryChannel(const Napi::CallbackInfo& info);
  Napi::Value QuerySpan(const Napi::CallbackInfo& info);
  Napi::Value Conference(const Napi::CallbackInfo& info);
  Napi::Value Cable(const Napi::CallbackInfo& info);
  Napi::Value InjectFrame(const Napi::CallbackInfo& info);
  Napi::Value CallControl(const Napi::CallbackInfo& info);
  Napi::Value Dial(const Napi::CallbackInfo& info);
  Napi::Value SendDigits(const Napi::CallbackInfo& info);
  Napi::Value Socket(const Napi::CallbackInfo& info);
  Napi::Value Fax(const Napi::CallbackInfo& info);
  Napi::Value DetectAnswer(const Napi::CallbackInfo& info);

  std::unique_ptr<engine::Engine> engine_;
  Tsfn tsfn_;
  bool open_ = false;
  bool refed_ = true;
  engine::EventBatch batch_;
  Napi::FunctionReference onBatch_;  // for the last, synchronous delivery in close()
};

}  // namespace tl::addon
