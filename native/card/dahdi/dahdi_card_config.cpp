#include "card/dahdi/dahdi_card_config.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tl::card {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// A whole decimal number in [min, max], or -1.
int parseNumber(const std::string& s, int min, int max) {
  if (s.empty() || s.size() > 5) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v >= min && v <= max ? v : -1;
}

// "1,2" or "1-4, 6" -> {1, 2} / {1, 2, 3, 4, 6}, each within [min, max],
// ranges only where allowRanges; throws with the key's name on any error.
std::vector<int> parseList(const char* key, const std::string& text, int min, int max, bool allowRanges,
                           const char* example) {
  const std::string expected = std::string("Expected a comma-separated list of numbers from ") +
                               std::to_string(min) + " to " + std::to_string(max) + " (e.g. " + example + ") for " +
                               key + " but received " + quoted(text);
  std::vector<int> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const std::string item = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    const size_t dash = allowRanges ? item.find('-') : std::string::npos;
    if (dash == std::string::npos) {
      const int v = parseNumber(item, min, max);
      if (v < 0) throw std::invalid_argument(expected);
      out.push_back(v);
    } else {
      const int lo = parseNumber(trim(item.substr(0, dash)), min, max);
      const int hi = parseNumber(trim(item.substr(dash + 1)), min, max);
      if (lo < 0 || hi < 0 || hi < lo) throw std::invalid_argument(expected);
      for (int v = lo; v <= hi; ++v) out.push_back(v);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string devicePath(const StringProperty& prop, const char* key, const std::string& fallback) {
  const std::string path = prop(key, fallback);
  if (path.empty() || path[0] != '/') {
    throw std::invalid_argument(std::string("Expected an absolute device path (e.g. ") + quoted(fallback) + ") for " +
                                key + " but received " + quoted(path));
  }
  return path;
}

}  // namespace

DahdiCardConfig parseDahdiConfig(const StringProperty& stringProperty, const IntProperty& intProperty) {
  DahdiCardConfig config;

  const std::string spans = trim(stringProperty("dahdiSpans", ""));
  if (spans.empty()) {
    throw std::invalid_argument(
        "Expected the DAHDI span numbers to use (e.g. \"1\" or \"1,2\") for dahdiSpans but received nothing: "
        "dahdi_scan and /proc/dahdi list the spans the system has");
  }
  config.spans = parseList("dahdiSpans", spans, 1, kDahdiMaxSpans, true, "\"1,2\" or \"1-4\"");
  std::vector<int> sorted = config.spans;
  std::sort(sorted.begin(), sorted.end());
  const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
  if (dup != sorted.end()) {
    throw std::invalid_argument("DAHDI span " + std::to_string(*dup) + " is listed twice in dahdiSpans " +
                                quoted(spans) + ": each span can be opened once");
  }

  const std::string bases = trim(stringProperty("dahdiChannelBase", ""));
  if (!bases.empty()) {
    config.channelBases =
        parseList("dahdiChannelBase", bases, 1, kDahdiMaxChannels - (kE1Timeslots - 2), false, "\"1,32\"");
    if (config.channelBases.size() != config.spans.size()) {
      throw std::invalid_argument("dahdiChannelBase " + quoted(bases) + " gives " +
                                  std::to_string(config.channelBases.size()) + " channel base(s) but dahdiSpans " +
                                  quoted(spans) + " lists " + std::to_string(config.spans.size()) +
                                  " span(s): give one base per span, in the same order");
    }
    // Each E1 span owns 31 consecutive DAHDI channels (timeslots 1-31).
    std::vector<int> b = config.channelBases;
    std::sort(b.begin(), b.end());
    for (size_t i = 1; i < b.size(); ++i) {
      if (b[i] - b[i - 1] < kE1Timeslots - 1) {
        throw std::invalid_argument("dahdiChannelBase " + quoted(bases) + " makes spans overlap: channel bases " +
                                    std::to_string(b[i - 1]) + " and " + std::to_string(b[i]) +
                                    " are less than 31 channels apart (an E1 span has 31 channels)");
      }
    }
  }

  const int32_t tickMs = intProperty("tickMs", 20, 10, 20);
  if (tickMs != 10 && tickMs != 20) {
    throw std::invalid_argument("Expected 10 or 20 for tickMs but received " + std::to_string(tickMs));
  }
  config.tickMs = static_cast<uint32_t>(tickMs);

  const std::string law = stringProperty("law", "alaw");
  if (law == "alaw") {
    config.law = Companding::Alaw;
  } else if (law == "ulaw") {
    config.law = Companding::Ulaw;
  } else {
    throw std::invalid_argument("Expected \"alaw\" or \"ulaw\" for law but received " + quoted(law));
  }

  config.channelDevice = devicePath(stringProperty, "dahdiDevice", config.channelDevice);
  config.timerDevice = devicePath(stringProperty, "dahdiTimer", config.timerDevice);
  return config;
}

}  // namespace tl::card
