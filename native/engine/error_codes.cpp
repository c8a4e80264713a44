#include "engine/error_codes.h"

namespace tl::engine {

namespace {
const char* const kNames[] = {
#define TL_ERROR_NAME(name, text) text,
    TL_ERROR_CODES(TL_ERROR_NAME)
#undef TL_ERROR_NAME
};
}  // namespace

const char* errorCodeName(ErrorCode code) {
  auto i = static_cast<int>(code);
  if (i < 0 || i >= errorCodeCount()) return "ERR_INTERNAL";
  return kNames[i];
}

int errorCodeCount() { return static_cast<int>(sizeof(kNames) / sizeof(kNames[0])); }

}  // namespace tl::engine
