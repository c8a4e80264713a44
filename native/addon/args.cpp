#include "addon/args.h"

#include <cmath>

#include "addon/errors.h"

namespace tl::addon {

std::string describe(const Napi::Value& value) {
  if (value.IsUndefined()) return "undefined";
  if (value.IsNull()) return "null";
  if (value.IsBoolean()) return value.As<Napi::Boolean>().Value() ? "true" : "false";
  if (value.IsNumber()) {
    const double d = value.As<Napi::Number>().DoubleValue();
    if (std::isnan(d)) return "NaN";
    if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    return std::to_string(d);
  }
  if (value.IsString()) {
    std::string s = value.As<Napi::String>().Utf8Value();
    if (s.size() > 40) s = s.substr(0, 40) + "...";
    return "\"" + s + "\"";
  }
  if (value.IsArray()) return "an array";
  if (value.IsTypedArray()) return "a typed array";
  if (value.IsFunction()) return "a function";
  return "an object";
}

void invalidArgument(Napi::Env env, const char* expected, const char* name, const Napi::Value& value) {
  throwError(env, engine::ErrorCode::InvalidArgument,
             std::string("Expected ") + expected + " for " + name + " but received " + describe(value));
}

int32_t argInt(const Napi::CallbackInfo& info, size_t index, const char* name, int32_t min, int32_t max) {
  Napi::Value v = info[index];
  if (!v.IsNumber()) invalidArgument(info.Env(), "an integer", name, v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (d != std::floor(d) || d < min || d > max) {
    const std::string expected = "an integer between " + std::to_string(min) + " and " + std::to_string(max);
    invalidArgument(info.Env(), expected.c_str(), name, v);
  }
  return static_cast<int32_t>(d);
}

uint32_t argUint(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsNumber()) invalidArgument(info.Env(), "an unsigned integer", name, v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (d != std::floor(d) || d < 0 || d > 4294967295.0) invalidArgument(info.Env(), "an unsigned integer", name, v);
  return static_cast<uint32_t>(d);
}

double argNumber(const Napi::CallbackInfo& info, size_t index, const char* name, bool allowNaN) {
  Napi::Value v = info[index];
  if (!v.IsNumber()) invalidArgument(info.Env(), "a number", name, v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if ((std::isnan(d) && !allowNaN) || std::isinf(d)) invalidArgument(info.Env(), "a finite number", name, v);
  return d;
}

std::string argString(const Napi::CallbackInfo& info, size_t index, const char* name, size_t maxLength) {
  Napi::Value v = info[index];
  if (!v.IsString()) invalidArgument(info.Env(), "a string", name, v);
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.size() > maxLength) {
    const std::string expected = "a string of at most " + std::to_string(maxLength) + " bytes";
    invalidArgument(info.Env(), expected.c_str(), name, v);
  }
  return s;
}

int32_t propInt(const Napi::Object& object, const char* key, int32_t fallback, int32_t min, int32_t max) {
  Napi::Value v = object.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsNumber()) invalidArgument(object.Env(), "an integer", key, v);
  const double d = v.As<Napi::Number>().DoubleValue();
  if (d != std::floor(d) || d < min || d > max) {
    const std::string expected = "an integer between " + std::to_string(min) + " and " + std::to_string(max);
    invalidArgument(object.Env(), expected.c_str(), key, v);
  }
  return static_cast<int32_t>(d);
}

double propNumber(const Napi::Object& object, const char* key, double fallback) {
  Napi::Value v = object.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsNumber()) invalidArgument(object.Env(), "a number", key, v);
  return v.As<Napi::Number>().DoubleValue();
}

std::string propString(const Napi::Object& object, const char* key, const std::string& fallback) {
  Napi::Value v = object.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsString()) invalidArgument(object.Env(), "a string", key, v);
  return v.As<Napi::String>().Utf8Value();
}

bool propBool(const Napi::Object& object, const char* key, bool fallback) {
  Napi::Value v = object.Get(key);
  if (v.IsUndefined()) return fallback;
  if (!v.IsBoolean()) invalidArgument(object.Env(), "a boolean", key, v);
  return v.As<Napi::Boolean>().Value();
}

}  // namespace tl::addon
