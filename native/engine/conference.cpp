#include "engine/conference.h"

#include <algorithm>

#include "engine/channel.h"

namespace tl::engine {

Conference::Conference(int32_t id, size_t blockSamples, size_t memberCapacity)
    : id_(id), fullSum_(blockSamples, 0) {
  members_.reserve(memberCapacity);
}

ConferenceMember* Conference::find(const Channel* channel) {
  for (auto& m : members_) {
    if (m.channel == channel) return &m;
  }
  return nullptr;
}

void Conference::add(Channel* channel, MemberMode mode, Channel* target) {
  members_.push_back({channel, mode, target});
}

void Conference::setMode(Channel* channel, MemberMode mode, Channel* target) {
  if (auto* m = find(channel)) {
    m->mode = mode;
    m->target = target;
  }
}

void Conference::remove(Channel* channel) {
  members_.erase(std::remove_if(members_.begin(), members_.end(),
                                [channel](const ConferenceMember& m) { return m.channel == channel; }),
                 members_.end());
  // A whisperer whose target left keeps listening but is heard by no one.
  for (auto& m : members_) {
    if (m.target == channel) m.target = nullptr;
  }
}

void Conference::computeSums(size_t n) {
  std::fill(fullSum_.begin(), fullSum_.begin() + static_cast<std::ptrdiff_t>(n), 0);
  for (const auto& m : members_) {
    if (m.mode != MemberMode::Full) continue;
    const int16_t* rx = m.channel->received();
    for (size_t i = 0; i < n; ++i) fullSum_[i] += rx[i];
  }
}

void Conference::mixFor(const Channel* channel, int32_t* acc, size_t n) const {
  const ConferenceMember* self = nullptr;
  for (const auto& m : members_) {
    if (m.channel == channel) self = &m;
  }
  if (!self) return;
  for (size_t i = 0; i < n; ++i) acc[i] += fullSum_[i];
  if (self->mode == MemberMode::Full) {
    const int16_t* own = channel->received();
    for (size_t i = 0; i < n; ++i) acc[i] -= own[i];
  }
  for (const auto& m : members_) {
    if (m.mode == MemberMode::Whisper && m.target == channel) {
      const int16_t* rx = m.channel->received();
      for (size_t i = 0; i < n; ++i) acc[i] += rx[i];
    }
  }
}

}  // namespace tl::engine
