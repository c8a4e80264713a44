// Prompt playback for one channel: a queue of prompts played back to back,
// optionally cut short by a DTMF digit (barge-in).
//
// start()/stop() run on the clock thread between ticks; mixInto() runs on a
// DSP thread during the tick. The player reports what happened through the
// PlayerReport it returns, which the channel turns into events.
//
// The player never frees prompt audio itself (it was allocated on the JS or
// I/O thread, and freeing it here would take that thread's malloc lock on a
// real-time thread): prompts it is done with wait in a list that the clock
// thread hands to the engine's ReleaseQueue after the tick.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/event_record.h"
#include "engine/prompt.h"

namespace tl::engine {

struct PlayerReport {
  bool finished = false;
  uint32_t playbackId = 0;
  PlaybackEnd reason = PlaybackEnd::Done;
  uint32_t itemsDone = 0;
};

class Player {
 public:
  Player() {
    items_.reserve(16);
    retired_.reserve(16);
  }

  // Replaces (or, with append, extends) the current playback with the
  // prompts, which it moves out of *prompts (the vector keeps its storage).
  // When it replaces one that is still playing, *replaced receives that
  // playback's end report.
  void start(uint32_t playbackId, std::vector<PromptRef>* prompts, bool stopOnDtmf, bool append,
             PlayerReport* replaced);

  // Stops the current playback; returns its report (finished=false if idle).
  PlayerReport stop(PlaybackEnd reason);

  // Adds up to n samples of the current playback into acc. Returns a report
  // with finished=true on the block in which the last prompt ends.
  PlayerReport mixInto(int32_t* acc, size_t n);

  // A hint, from the DSP thread shortly before mixInto() runs on this
  // player: starts loading the next block's samples into the cache. Prompts
  // are large and each channel reads 2 x tickMs bytes of its own per tick,
  // so without it mixing waits on main memory.
  void prefetch() const {
    if (!next_) return;
    for (size_t byte = 0; byte < kPrefetchBytes; byte += 64) {
      __builtin_prefetch(reinterpret_cast<const char*>(next_) + byte, 0, 0);
    }
  }

  bool active() const { return active_; }
  // Clock thread, between ticks: the prompts of finished playbacks, to be
  // moved out (ReleaseQueue::retire).
  std::vector<PromptRef>* retired() { return &retired_; }

  bool stopsOnDtmf() const { return active_ && stopOnDtmf_; }
  uint32_t playbackId() const { return playbackId_; }

 private:
  static constexpr size_t kPrefetchBytes = 320;  // a 20 ms block

  // The sample mixInto() reads next (nullptr when idle): cached here so
  // that prefetch() touches neither items_ nor the prompt object.
  void updateNext() {
    next_ = active_ && index_ < items_.size() ? items_[index_]->samples.data() + offset_ : nullptr;
  }

  std::vector<PromptRef> items_;
  std::vector<PromptRef> retired_;  // finished, not yet handed over
  const int16_t* next_ = nullptr;
  size_t index_ = 0;
  size_t offset_ = 0;
  uint32_t playbackId_ = 0;
  bool stopOnDtmf_ = false;
  bool active_ = false;
};

}  // namespace tl::engine
