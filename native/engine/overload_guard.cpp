#include "engine/overload_guard.h"

namespace tl::engine {

OverloadStep OverloadGuard::step(bool late) {
  if (lateRunLimit_ == 0) return OverloadStep::None;
  if (late) {
    onTimeRun_ = 0;
    if (++lateRun_ < lateRunLimit_) return OverloadStep::None;
    lateRun_ = 0;
    overloaded_ = true;
    return OverloadStep::BackOff;
  }
  lateRun_ = 0;
  if (!overloaded_ || ++onTimeRun_ < recoverTicks_) return OverloadStep::None;
  onTimeRun_ = 0;
  overloaded_ = false;
  return OverloadStep::Recover;
}

}  // namespace tl::engine
