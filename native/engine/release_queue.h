// Hands what the real-time threads are done with -- commands, prompts,
// recordings -- to a normal-priority thread to be destroyed there.
//
// Why: commands and prompt audio are allocated on the JS thread. Freeing
// them on tl-clock or tl-dsp-N returns the memory to the JS thread's malloc
// arena, under that arena's lock, which the JS thread takes for nearly every
// allocation; on a loaded machine the clock thread then waits for the JS
// thread to be scheduled again and the tick misses its deadline. So the
// clock thread only moves ownership into a list (no allocation once the
// lists have grown to the busiest tick), publishes the list at the end of
// the tick, and the consumer (the addon, on the JS thread, each time it takes
// events; and Engine::stop) destroys everything in it.
#pragma once

#include <mutex>
#include <utility>
#include <vector>

#include "engine/command.h"
#include "engine/pi_mutex.h"
#include "engine/prompt.h"
#include "engine/recording.h"

namespace tl::engine {

class ReleaseQueue {
 public:
  ReleaseQueue() {
    building_.reserve();
    pending_.reserve();
  }

  // --- clock thread ---
  void retire(CommandPtr command) {
    if (command) building_.commands.push_back(std::move(command));
  }
  void retire(PromptRef prompt) {
    if (prompt) building_.prompts.push_back(std::move(prompt));
  }
  void retire(RecordingRef recording) {
    if (recording) building_.recordings.push_back(std::move(recording));
  }
  // Moves the refs out of *prompts (left empty, its storage kept).
  void retire(std::vector<PromptRef>* prompts) {
    for (auto& p : *prompts) retire(std::move(p));
    prompts->clear();
  }
  // Makes this tick's list available to the consumer. Swaps storage rather
  // than copying when the consumer has taken the previous one.
  void publish() {
    if (building_.empty()) return;
    std::lock_guard<PiMutex> lock(mutex_);
    if (pending_.empty()) {
      std::swap(building_, pending_);
    } else {
      pending_.append(building_);
    }
  }

  // --- a thread at normal priority ---
  // Destroys everything published so far.
  void collect() {
    {
      std::lock_guard<PiMutex> lock(mutex_);
      if (pending_.empty()) return;
      std::swap(pending_, collected_);
    }
    collected_.clear();  // the destructors run here, outside the lock
  }

 private:
  struct Lists {
    std::vector<CommandPtr> commands;
    std::vector<PromptRef> prompts;
    std::vector<RecordingRef> recordings;
    bool empty() const { return commands.empty() && prompts.empty() && recordings.empty(); }
    void clear() {
      commands.clear();
      prompts.clear();
      recordings.clear();
    }
    void reserve() {
      commands.reserve(1024);
      prompts.reserve(1024);
      recordings.reserve(256);
    }
    void append(Lists& other) {
      for (auto& c : other.commands) commands.push_back(std::move(c));
      for (auto& p : other.prompts) prompts.push_back(std::move(p));
      for (auto& r : other.recordings) recordings.push_back(std::move(r));
      other.clear();
    }
  };

  Lists building_;   // clock thread
  PiMutex mutex_;
  Lists pending_;    // guarded by mutex_
  Lists collected_;  // the consumer's; destroyed by collect(), storage kept
};

}  // namespace tl::engine
