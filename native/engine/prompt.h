// A prompt: audio decoded to 8 kHz linear samples, shared read-only between
// the prompt cache (I/O thread) and the players (clock/DSP threads).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tl::engine {

struct Prompt {
  std::string source;            // file path, or "<buffer>" for audio passed from JS
  std::vector<int16_t> samples;  // 8 kHz mono linear
};

using PromptRef = std::shared_ptr<const Prompt>;

// One item of a play request as it arrives from JS: a file to load, or
// samples already in memory.
struct PlayItemSource {
  std::string path;              // empty when `samples` is used
  PromptRef samples;
};

}  // namespace tl::engine
