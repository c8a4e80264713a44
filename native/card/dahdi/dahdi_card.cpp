#include "card/dahdi/dahdi_card.h"

#include <sys/poll.h>

#include <utility>

#include "card/dahdi/dahdi_device.h"

namespace tl::card {

DahdiCard::DahdiCard(DahdiCardConfig config) : config_(std::move(config)) {}

DahdiCard::~DahdiCard() { close(); }

bool DahdiCard::open(std::string* error) {
  close();
  if (config_.spans.empty()) {
    *error = "no DAHDI spans configured (dahdiSpans)";
    return false;
  }
  if (!config_.channelBases.empty() && config_.channelBases.size() != config_.spans.size()) {
    *error = "dahdiChannelBase must give one channel base per span in dahdiSpans";
    return false;
  }
  if (!checkDahdiDevice(config_.channelDevice, error)) return false;
  for (size_t i = 0; i < config_.spans.size(); ++i) {
    if (!openSpan(i, error)) {
      close();
      return false;
    }
  }
  UniqueFd timer = openDahdiTimer(config_.timerDevice, config_.tickSamples(), error);
  if (!timer.valid() || !clock_.attach(std::move(timer), POLLPRI, &acknowledgeDahdiTimer, error)) {
    close();
    return false;
  }
  return true;
}

bool DahdiCard::openSpan(size_t index, std::string* error) {
  const int spanNo = config_.spans[index];
  const int base =
      config_.channelBases.empty() ? dahdiBaseChannel(config_.spansSysfs, spanNo) : config_.channelBases[index];

  DahdiChannelRequest request;
  request.device = config_.channelDevice;
  request.span = spanNo;
  request.blockBytes = config_.tickSamples();
  request.law = config_.law;

  DahdiSpanFds fds;
  request.role = DahdiChannelRole::DChannel;
  request.timeslot = kE1DChannelTimeslot;
  request.channo = base + kE1DChannelTimeslot - 1;
  fds.dchannel = openDahdiChannel(request, error);
  if (!fds.dchannel.valid()) return false;

  request.role = DahdiChannelRole::Bearer;
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    if (!isBChannel(ts)) continue;
    request.timeslot = ts;
    request.channo = base + ts - 1;
    UniqueFd fd = openDahdiChannel(request, error);
    if (!fd.valid()) return false;
    fds.bchannels[static_cast<size_t>(ts)] = std::move(fd);
  }

  // Span status is read through the D-channel's descriptor, which the span
  // keeps open for as long as it lives.
  const int statusFd = fds.dchannel.get();
  int dahdiAlarms = 0;
  if (!readDahdiSpanAlarms(statusFd, spanNo, &dahdiAlarms)) {
    *error = "DAHDI span " + std::to_string(spanNo) + " does not answer DAHDI_SPANSTAT: is it still present (dahdi_scan)?";
    return false;
  }

  SpanDescription description;
  description.index = static_cast<int>(index);
  description.name = "dahdi/" + std::to_string(spanNo);
  description.law = config_.law;
  DahdiSpanHooks hooks;
  hooks.readAlarms = [statusFd, spanNo](int* alarms) { return readDahdiSpanAlarms(statusFd, spanNo, alarms); };
  hooks.nextEvent = &nextDahdiEvent;
  const uint32_t ticksPerSecond = 1000 / config_.tickMs;
  spans_.push_back(
      std::make_unique<DahdiSpan>(std::move(description), config_.tickSamples(), ticksPerSecond, std::move(fds), hooks));
  spans_.back()->start();
  return true;
}

void DahdiCard::close() {
  clock_.detach();
  spans_.clear();
}

void DahdiCard::beginTick(uint64_t tick) {
  for (auto& span : spans_) span->beginTick(tick);
}

void DahdiCard::endTick(uint64_t tick) {
  for (auto& span : spans_) span->endTick(tick);
}

std::unique_ptr<Card> makeDahdiCard(const DahdiCardConfig& config) { return std::make_unique<DahdiCard>(config); }

}  // namespace tl::card
