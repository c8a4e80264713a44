#include "engine/overload_guard.h"

namespace tl::engine {

OverloadStep OverloadGuard::step(bool late, int64_t nowNs) {
  if (limitNs_ <= 0) return OverloadStep::None;
  if (late) {
    onTimeSinceNs_ = -1;
    if (lateSinceNs_ < 0) lateSinceNs_ = nowNs;
    if (nowNs - lateSinceNs_ < limitNs_) return OverloadStep::None;
    lateSinceNs_ = -1;  // the next back-off needs another whole run of late ticks
    overloaded_ = true;
    return OverloadStep::BackOff;
  }
  lateSinceNs_ = -1;
  if (!overloaded_) return OverloadStep::None;
  if (onTimeSinceNs_ < 0) onTimeSinceNs_ = nowNs;
  if (nowNs - onTimeSinceNs_ < recoverNs_) return OverloadStep::None;
  onTimeSinceNs_ = -1;
  overloaded_ = false;
  return OverloadStep::Recover;
}

}  // namespace tl::engine
