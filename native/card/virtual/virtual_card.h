// The virtual card: any number of software E1 spans, joined in pairs by
// virtual cables, paced by a software clock. It lets the whole system run,
// be demonstrated and be tested on a machine with no voice card: the bank's
// spans on one end of each cable, the simulated telephone network (or
// simulated agent phones) on the other.
//
// A span that is on no cable behaves like an unplugged port: RED alarm.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "card/card_backend.h"
#include "card/soft_clock.h"
#include "card/virtual/cable.h"
#include "card/virtual/virtual_span.h"

namespace tl::card {

struct VirtualCardConfig {
  int spans = 2;
  std::vector<std::pair<int, int>> cables{{0, 1}};
  uint32_t tickMs = 20;  // 10 or 20
  ClockMode clockMode = ClockMode::RealTime;
  double speed = 1.0;
  uint64_t seed = 1;
};

class VirtualCard : public Card {
 public:
  explicit VirtualCard(VirtualCardConfig config);

  const char* kind() const override { return "virtual"; }
  bool open(std::string* error) override;
  void close() override;
  size_t spanCount() const override { return spans_.size(); }
  SpanIo& span(size_t index) override { return *spans_[index]; }
  uint32_t tickSamples() const override { return config_.tickMs * 8; }
  ClockSource& clock() override { return clock_; }
  void beginTick(uint64_t tick) override;
  void endTick(uint64_t tick) override;

  size_t cableCount() const { return cables_.size(); }
  Cable& cable(size_t index) { return *cables_[index]; }

 private:
  VirtualCardConfig config_;
  SoftClock clock_;
  std::vector<std::unique_ptr<VirtualSpan>> spans_;
  std::vector<std::unique_ptr<Cable>> cables_;
};

}  // namespace tl::card
