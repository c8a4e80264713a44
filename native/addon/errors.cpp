#include "addon/errors.h"

#include "addon/addon_data.h"

namespace tl::addon {

void setErrorClass(Napi::Env env, Napi::Function constructor) {
  addonData(env)->errorClass = Napi::Persistent(constructor);
}

Napi::Error makeError(Napi::Env env, engine::ErrorCode code, const std::string& message) {
  AddonData* data = addonData(env);
  const char* name = engine::errorCodeName(code);
  if (data && !data->errorClass.IsEmpty()) {
    Napi::Object error = data->errorClass.New({Napi::String::New(env, name), Napi::String::New(env, message)});
    return Napi::Error(env, error);
  }
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, name));
  return error;
}

void throwError(Napi::Env env, engine::ErrorCode code, const std::string& message) {
  throw makeError(env, code, message);
}

}  // namespace tl::addon
