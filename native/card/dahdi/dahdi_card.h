// A DAHDI card: real E1 spans through the Linux DAHDI interface.
//
// open() checks the channel device, then for each configured DAHDI span
// opens its D-channel (timeslot 16) and its 30 B-channels (see
// dahdi_device.h), reads its alarms, and finally arms the DAHDI timer that
// paces the engine (hardware_clock.h). Any failure closes what was opened
// and returns a sentence naming the device, span or timeslot and what to
// check; nothing is left half open.
//
// Per tick the card only fans out to its spans: beginTick() reads one block
// per B-channel, endTick() writes one. D-channel frames and line events go
// through each DahdiSpan directly.
#pragma once

#include <memory>
#include <vector>

#include "card/card_backend.h"
#include "card/dahdi/dahdi_card_config.h"
#include "card/dahdi/dahdi_span.h"
#include "card/dahdi/hardware_clock.h"

namespace tl::card {

class DahdiCard : public Card {
 public:
  explicit DahdiCard(DahdiCardConfig config);
  ~DahdiCard() override;

  const char* kind() const override { return "dahdi"; }
  bool open(std::string* error) override;
  void close() override;
  size_t spanCount() const override { return spans_.size(); }
  SpanIo& span(size_t index) override { return *spans_[index]; }
  uint32_t tickSamples() const override { return config_.tickSamples(); }
  ClockSource& clock() override { return clock_; }
  void beginTick(uint64_t tick) override;
  void endTick(uint64_t tick) override;

  const DahdiCardConfig& config() const { return config_; }
  DahdiSpan& dahdiSpan(size_t index) { return *spans_[index]; }

 private:
  bool openSpan(size_t index, std::string* error);

  DahdiCardConfig config_;
  HardwareClock clock_;
  std::vector<std::unique_ptr<DahdiSpan>> spans_;
};

}  // namespace tl::card
