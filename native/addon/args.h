// Reading JavaScript arguments into plain C++ values at the boundary. Every
// failure reads the same way: "Expected <what> for <name> but received <x>",
// thrown as ERR_INVALID_ARGUMENT.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace tl::addon {

std::string describe(const Napi::Value& value);
[[noreturn]] void invalidArgument(Napi::Env env, const char* expected, const char* name, const Napi::Value& value);

int32_t argInt(const Napi::CallbackInfo& info, size_t index, const char* name, int32_t min, int32_t max);
uint32_t argUint(const Napi::CallbackInfo& info, size_t index, const char* name);
double argNumber(const Napi::CallbackInfo& info, size_t index, const char* name, bool allowNaN);
std::string argString(const Napi::CallbackInfo& info, size_t index, const char* name, size_t maxLength);

// Properties of a config object; `fallback` when absent or undefined.
int32_t propInt(const Napi::Object& object, const char* key, int32_t fallback, int32_t min, int32_t max);
double propNumber(const Napi::Object& object, const char* key, double fallback);
std::string propString(const Napi::Object& object, const char* key, const std::string& fallback);
bool propBool(const Napi::Object& object, const char* key, bool fallback);

}  // namespace tl::addon
