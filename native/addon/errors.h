// Errors thrown into JavaScript. JavaScript owns the error class
// (TellerlineError in bindings/errors.ts) and hands its constructor to the
// addon once; native code creates errors through it with a stable string
// code, so callers match on err.code, never on message text.
#pragma once

#include <napi.h>

#include <string>

#include "engine/error_codes.h"

namespace tl::addon {

void setErrorClass(Napi::Env env, Napi::Function constructor);
Napi::Error makeError(Napi::Env env, engine::ErrorCode code, const std::string& message);
[[noreturn]] void throwError(Napi::Env env, engine::ErrorCode code, const std::string& message);

}  // namespace tl::addon
