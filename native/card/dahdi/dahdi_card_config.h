// Configuration of a DAHDI card, read from the JavaScript card options.
//
// Keys (all optional except dahdiSpans):
//   dahdiSpans        "1,2" or "1-4": DAHDI span numbers (as dahdi_scan and
//                     /proc/dahdi number them), one engine span each, in order
//   dahdiChannelBase  "1,32": DAHDI channel number of timeslot 1 of each span;
//                     default: read from /sys/bus/dahdi_spans/devices/span-N/basechan,
//                     else 31 * (N - 1) + 1 (E1 spans registered in order)
//   tickMs            10 or 20 (default 20): one DAHDI block per tick
//   law               "alaw" (default; E1 in China and Europe) or "ulaw"
//   dahdiDevice       channel selector device, default "/dev/dahdi/channel"
//   dahdiTimer        timer device, default "/dev/dahdi/timer"
//
// Parsing is kept apart from the card so that it can be tested on machines
// without DAHDI, and so that every mistake an operator can make in these
// keys produces a message that names the key, what was expected and what
// was given (thrown as std::invalid_argument; the addon turns it into
// ERR_INVALID_ARGUMENT).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "card/card_backend.h"

namespace tl::card {

using StringProperty = std::function<std::string(const char* key, const std::string& fallback)>;
using IntProperty = std::function<int32_t(const char* key, int32_t fallback, int32_t min, int32_t max)>;

struct DahdiCardConfig {
  std::vector<int> spans;         // DAHDI span numbers, 1-based
  std::vector<int> channelBases;  // empty: discover; else one per span
  uint32_t tickMs = 20;
  Companding law = Companding::Alaw;
  std::string channelDevice = "/dev/dahdi/channel";
  std::string timerDevice = "/dev/dahdi/timer";
  // Where DAHDI publishes each span's first channel number (not a JS key;
  // a field so that tests can point it elsewhere).
  std::string spansSysfs = "/sys/bus/dahdi_spans/devices";

  uint32_t tickSamples() const { return tickMs * 8; }
};

// DAHDI allows 128 spans and 1024 channels (DAHDI_MAX_SPANS, DAHDI_MAX_CHANNELS).
inline constexpr int kDahdiMaxSpans = 128;
inline constexpr int kDahdiMaxChannels = 1024;

DahdiCardConfig parseDahdiConfig(const StringProperty& stringProperty, const IntProperty& intProperty);

// Defined in dahdi_card.cpp.
std::unique_ptr<Card> makeDahdiCard(const DahdiCardConfig& config);

}  // namespace tl::card
