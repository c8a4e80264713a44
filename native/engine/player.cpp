#include "engine/player.h"

#include <utility>

namespace tl::engine {

void Player::start(uint32_t playbackId, std::vector<PromptRef>* prompts, bool stopOnDtmf,
                   bool append, PlayerReport* replaced) {
  if (append && active_) {
    for (auto& p : *prompts) items_.push_back(std::move(p));
    prompts->clear();
    updateNext();
    return;
  }
  if (active_) {
    const PlayerReport report = stop(PlaybackEnd::Replaced);
    if (replaced) *replaced = report;
  }
  for (auto& p : *prompts) items_.push_back(std::move(p));
  prompts->clear();
  index_ = 0;
  offset_ = 0;
  playbackId_ = playbackId;
  stopOnDtmf_ = stopOnDtmf;
  active_ = true;
  updateNext();
}

PlayerReport Player::stop(PlaybackEnd reason) {
  PlayerReport report;
  if (!active_) return report;
  report.finished = true;
  report.playbackId = playbackId_;
  report.reason = reason;
  report.itemsDone = static_cast<uint32_t>(index_);
  active_ = false;
  // Not freed here (see player.h): the clock thread hands them on.
  for (auto& p : items_) retired_.push_back(std::move(p));
  items_.clear();
  index_ = 0;
  offset_ = 0;
  next_ = nullptr;
  return report;
}

PlayerReport Player::mixInto(int32_t* acc, size_t n) {
  PlayerReport report;
  if (!active_) return report;
  size_t written = 0;
  while (written < n && index_ < items_.size()) {
    const auto& samples = items_[index_]->samples;
    const size_t left = samples.size() - offset_;
    const size_t take = left < (n - written) ? left : (n - written);
    const int16_t* src = samples.data() + offset_;
    for (size_t i = 0; i < take; ++i) acc[written + i] += src[i];
    written += take;
    offset_ += take;
    if (offset_ >= samples.size()) {
      ++index_;
      offset_ = 0;
    }
  }
  if (index_ >= items_.size()) return stop(PlaybackEnd::Done);
  updateNext();
  return report;
}

}  // namespace tl::engine
