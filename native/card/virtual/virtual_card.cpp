#include "card/virtual/virtual_card.h"

#include <string>

namespace tl::card {

VirtualCard::VirtualCard(VirtualCardConfig config)
    : config_(std::move(config)),
      clock_(config_.clockMode, static_cast<uint64_t>(config_.tickMs) * 1000000ull, config_.speed) {}

bool VirtualCard::open(std::string* error) {
  if (config_.tickMs != 10 && config_.tickMs != 20) {
    *error = "virtual card: tickMs must be 10 or 20, got " + std::to_string(config_.tickMs);
    return false;
  }
  if (config_.spans < 1 || config_.spans > 2048) {
    *error = "virtual card: spans must be between 1 and 2048, got " + std::to_string(config_.spans);
    return false;
  }
  std::vector<bool> cabled(static_cast<size_t>(config_.spans), false);
  for (auto [a, b] : config_.cables) {
    if (a < 0 || b < 0 || a >= config_.spans || b >= config_.spans || a == b) {
      *error = "virtual card: cable " + std::to_string(a) + "-" + std::to_string(b) +
               " must join two different spans between 0 and " + std::to_string(config_.spans - 1);
      return false;
    }
    if (cabled[static_cast<size_t>(a)] || cabled[static_cast<size_t>(b)]) {
      *error = "virtual card: span " + std::to_string(cabled[static_cast<size_t>(a)] ? a : b) +
               " is on two cables";
      return false;
    }
    cabled[static_cast<size_t>(a)] = cabled[static_cast<size_t>(b)] = true;
  }
  for (int i = 0; i < config_.spans; ++i) {
    spans_.push_back(std::make_unique<VirtualSpan>(i, tickSamples()));
  }
  uint64_t seed = config_.seed;
  for (auto [a, b] : config_.cables) {
    cables_.push_back(std::make_unique<Cable>(spans_[static_cast<size_t>(a)].get(),
                                              spans_[static_cast<size_t>(b)].get(), tickSamples(), seed++));
  }
  for (int i = 0; i < config_.spans; ++i) {
    if (!cabled[static_cast<size_t>(i)]) spans_[static_cast<size_t>(i)]->setAlarms(kAlarmRed | kAlarmLos);
  }
  return true;
}

void VirtualCard::close() {
  clock_.stop();
  cables_.clear();
  spans_.clear();
}

void VirtualCard::beginTick(uint64_t) {}

void VirtualCard::endTick(uint64_t) {
  for (auto& cable : cables_) cable->transfer();
}

}  // namespace tl::card
