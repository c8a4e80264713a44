// The TDM switch: conferences of channels with per-member listening rules.
//
// A bridge between two channels (caller <-> agent) is a conference of two
// Full members. Modes:
//   Full     talks to everyone and hears every other Full member (and any
//            whisperer aimed at it);
//   Listen   hears every Full member, is heard by no one (supervisor monitor);
//   Whisper  hears every Full member, is heard only by its target (coaching).
// A channel belongs to at most one conference at a time.
//
// Each tick the clock thread sums the Full members' received audio once
// (computeSums), then every member's DSP thread takes its own mix from that
// sum (mixFor) -- so a conference of N costs O(N) per tick, not O(N^2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/command.h"

namespace tl::engine {

class Channel;

struct ConferenceMember {
  Channel* channel;
  MemberMode mode;
  Channel* target;  // Whisper only
};

class Conference {
 public:
  // Room for memberCapacity members is made now: add() then never allocates
  // up to that many (it runs on the clock thread).
  Conference(int32_t id, size_t blockSamples, size_t memberCapacity = 8);

  // Clock thread: the engine keeps spare conferences and gives one a new id
  // instead of making one; a conference is reused only once it has no members.
  void reuse(int32_t id) {
    id_ = id;
    members_.clear();
  }

  int32_t id() const { return id_; }
  const std::vector<ConferenceMember>& members() const { return members_; }
  ConferenceMember* find(const Channel* channel);

  void add(Channel* channel, MemberMode mode, Channel* target);
  void setMode(Channel* channel, MemberMode mode, Channel* target);
  void remove(Channel* channel);

  // Clock thread, after every member's receive processing.
  void computeSums(size_t n);
  // DSP thread: adds what `channel` should hear this tick into acc.
  void mixFor(const Channel* channel, int32_t* acc, size_t n) const;

 private:
  int32_t id_;
  std::vector<ConferenceMember> members_;
  std::vector<int32_t> fullSum_;
};

}  // namespace tl::engine
