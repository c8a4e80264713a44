// One recording of a channel, shared between the DSP thread that captures
// samples and the I/O thread that writes them to a WAV file. Capture never
// blocks: if the I/O thread falls behind by more than the ring holds, samples
// are lost and counted (overruns) -- in free-running mode the clock thread
// waits for the writer instead, so tests lose nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "dsp/wav.h"
#include "engine/command.h"
#include "engine/event_record.h"
#include "engine/spsc_ring.h"

namespace tl::engine {

struct Recording {
  Recording(uint32_t recordingId, std::string filePath, dsp::WavEncoding fileEncoding,
            RecordDirection captureDirection, uint64_t maxSampleCount, size_t ringSamples)
      : id(recordingId),
        path(std::move(filePath)),
        encoding(fileEncoding),
        direction(captureDirection),
        maxSamples(maxSampleCount),
        ring(ringSamples) {}

  const uint32_t id;
  const std::string path;
  const dsp::WavEncoding encoding;
  const RecordDirection direction;
  const uint64_t maxSamples;  // 0 = no limit

  SpscRing<int16_t> ring;

  // Set by the clock thread.
  uint32_t requestId = 0;     // the Record command to answer once the file is open
  uint16_t span = 0, channel = 0;
  bool paused = false;        // secure entry: silence is recorded instead of audio
  uint64_t captured = 0;      // samples pushed into the ring (clock/DSP side)
  RecordingEnd endReason = RecordingEnd::Stopped;

  // Handshake with the I/O thread.
  std::atomic<bool> stopRequested{false};
  std::atomic<uint64_t> overruns{0};
  // Written by the I/O thread before it posts its completion.
  dsp::WavError error;
  uint64_t written = 0;
};

using RecordingRef = std::shared_ptr<Recording>;

inline constexpr size_t kRecordingRingSamples = 8 * 8000;  // 8 s of audio

// The recording a Record command asks for (text = path; i0 direction, i1
// encoding, i2 max seconds; the request id becomes the recording id). Call it
// where the command is made, on an ordinary thread: its ring is 128 KB, and
// the clock thread must not allocate.
inline RecordingRef makeRecording(const Command& cmd) {
  auto rec = std::make_shared<Recording>(cmd.requestId, cmd.text, static_cast<dsp::WavEncoding>(cmd.i[1]),
                                         static_cast<RecordDirection>(cmd.i[0]),
                                         static_cast<uint64_t>(cmd.i[2]) * 8000u, kRecordingRingSamples);
  rec->requestId = cmd.requestId;
  rec->span = static_cast<uint16_t>(cmd.span);
  rec->channel = static_cast<uint16_t>(cmd.channel);
  return rec;
}

}  // namespace tl::engine
