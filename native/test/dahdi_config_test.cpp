// parseDahdiConfig: what the JavaScript card options become, and the
// messages an operator gets for every kind of mistake.
#include <map>
#include <stdexcept>
#include <string>

#include "card/dahdi/dahdi_card_config.h"
#include "dahdi_tap.h"

using namespace tl::card;

namespace {

using Props = std::map<std::string, std::string>;

// Stands in for the addon's propString/propInt over a JS object: string
// values as given, integers parsed and range-checked the way propInt does.
DahdiCardConfig parse(const Props& props) {
  StringProperty str = [&](const char* key, const std::string& fallback) {
    auto it = props.find(key);
    return it == props.end() ? fallback : it->second;
  };
  IntProperty num = [&](const char* key, int32_t fallback, int32_t min, int32_t max) {
    auto it = props.find(key);
    if (it == props.end()) return fallback;
    const int32_t v = std::stoi(it->second);
    if (v < min || v > max) throw std::invalid_argument(std::string("Expected an integer in range for ") + key);
    return v;
  };
  return parseDahdiConfig(str, num);
}

// The message parse() throws, or "" if it accepted the input.
std::string rejection(const Props& props) {
  try {
    parse(props);
    return "";
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void rejects(Tap& tap, const std::string& name, const Props& props, std::initializer_list<const char*> mentions) {
  const std::string message = rejection(props);
  bool ok = !message.empty();
  for (const char* m : mentions) ok = ok && contains(message, m);
  tap.check(name, ok, message.empty() ? "accepted" : "message: " + message);
}

}  // namespace

int main() {
  Tap tap;

  {
    const DahdiCardConfig c = parse({{"dahdiSpans", "1"}});
    tap.check("defaults: one span, 20 ms, A-law, /dev/dahdi devices, bases discovered",
              c.spans == std::vector<int>{1} && c.tickMs == 20 && c.tickSamples() == 160 &&
                  c.law == Companding::Alaw && c.channelDevice == "/dev/dahdi/channel" &&
                  c.timerDevice == "/dev/dahdi/timer" && c.channelBases.empty());
  }
  tap.check("a list keeps its order", parse({{"dahdiSpans", "3,1"}}).spans == std::vector<int>{3, 1});
  tap.check("spaces around items are ignored", parse({{"dahdiSpans", " 1 , 2 "}}).spans == std::vector<int>{1, 2});
  tap.check("ranges expand", parse({{"dahdiSpans", "1-4,6"}}).spans == std::vector<int>{1, 2, 3, 4, 6});
  {
    const DahdiCardConfig c = parse({{"dahdiSpans", "1,2"}, {"dahdiChannelBase", "1,32"}});
    tap.check("channel bases, one per span", c.channelBases == std::vector<int>{1, 32});
  }
  {
    const DahdiCardConfig c = parse({{"dahdiSpans", "2"},
                                     {"tickMs", "10"},
                                     {"law", "ulaw"},
                                     {"dahdiDevice", "/tmp/chan"},
                                     {"dahdiTimer", "/tmp/timer"}});
    tap.check("tickMs 10, mu-law and custom devices",
              c.tickMs == 10 && c.tickSamples() == 80 && c.law == Companding::Ulaw && c.channelDevice == "/tmp/chan" &&
                  c.timerDevice == "/tmp/timer");
  }

  rejects(tap, "missing dahdiSpans says what to give and where to look", {}, {"dahdiSpans", "dahdi_scan"});
  rejects(tap, "blank dahdiSpans is missing", {{"dahdiSpans", "  "}}, {"dahdiSpans"});
  rejects(tap, "span 0 is refused", {{"dahdiSpans", "0"}}, {"dahdiSpans", "\"0\"", "from 1 to 128"});
  rejects(tap, "span 129 is refused", {{"dahdiSpans", "129"}}, {"dahdiSpans", "\"129\""});
  rejects(tap, "an empty item is refused", {{"dahdiSpans", "1,,2"}}, {"dahdiSpans", "\"1,,2\""});
  rejects(tap, "a word is refused", {{"dahdiSpans", "one"}}, {"dahdiSpans", "\"one\""});
  rejects(tap, "a negative number is refused", {{"dahdiSpans", "-1"}}, {"dahdiSpans"});
  rejects(tap, "a backwards range is refused", {{"dahdiSpans", "4-2"}}, {"dahdiSpans", "\"4-2\""});
  rejects(tap, "a span listed twice is refused", {{"dahdiSpans", "1,2,1"}}, {"span 1", "listed twice"});
  rejects(tap, "a span inside a range and listed again is refused", {{"dahdiSpans", "1-3,2"}}, {"span 2", "twice"});
  rejects(tap, "channel bases must match the span count", {{"dahdiSpans", "1,2"}, {"dahdiChannelBase", "1"}},
          {"dahdiChannelBase", "one base per span"});
  rejects(tap, "overlapping channel bases are refused", {{"dahdiSpans", "1,2"}, {"dahdiChannelBase", "1,20"}},
          {"dahdiChannelBase", "overlap", "31"});
  rejects(tap, "a channel base past DAHDI's last channel is refused",
          {{"dahdiSpans", "1"}, {"dahdiChannelBase", "1000"}}, {"dahdiChannelBase", "\"1000\""});
  rejects(tap, "channel bases take no ranges", {{"dahdiSpans", "1,2"}, {"dahdiChannelBase", "1-32"}},
          {"dahdiChannelBase"});
  rejects(tap, "tickMs 15 is refused", {{"dahdiSpans", "1"}, {"tickMs", "15"}},
          {"Expected 10 or 20 for tickMs but received 15"});
  rejects(tap, "an unknown law is refused", {{"dahdiSpans", "1"}, {"law", "pcm"}},
          {"\"alaw\" or \"ulaw\" for law", "\"pcm\""});
  rejects(tap, "a relative device path is refused", {{"dahdiSpans", "1"}, {"dahdiDevice", "dev/dahdi/channel"}},
          {"absolute device path", "dahdiDevice"});
  rejects(tap, "an empty timer path is refused", {{"dahdiSpans", "1"}, {"dahdiTimer", ""}}, {"dahdiTimer"});

  {
    auto card = makeDahdiCard(parse({{"dahdiSpans", "1"}, {"tickMs", "10"}}));
    tap.check("makeDahdiCard: kind dahdi, hardware clock, tick from the config",
              std::string(card->kind()) == "dahdi" && card->clock().mode() == ClockMode::Hardware &&
                  card->tickSamples() == 80 && card->spanCount() == 0);
  }
  return tap.done();
}
