// The engine's I/O thread ("tl-io"): everything that touches files so that
// the clock and DSP threads never do.
//   - loads the prompts of Play commands (with a cache keyed by path, size
//     and modification time, bounded in bytes);
//   - opens recording files, drains recording rings into them, and closes
//     them when asked.
// Results go back to the clock thread as completions it collects each tick.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/command.h"
#include "engine/pi_mutex.h"
#include "engine/recording.h"
#include "engine/wake_signal.h"

namespace tl::engine {

struct IoCompletion {
  enum class Kind : uint8_t { PromptsLoaded, RecordingOpened, RecordingClosed, FaxPrepared };
  Kind kind;
  CommandPtr command;      // PromptsLoaded, FaxPrepared
  RecordingRef recording;  // RecordingOpened / RecordingClosed
};

class IoWorker {
 public:
  explicit IoWorker(size_t promptCacheBytes);
  ~IoWorker();
  IoWorker(const IoWorker&) = delete;
  IoWorker& operator=(const IoWorker&) = delete;

  void start();
  // Closes every open recording (finalizing the files) and joins the thread.
  void stop();

  void loadPrompts(CommandPtr command);
  // Starts the command's fax session (reads and checks the document); on
  // failure the session is dropped and loadError/loadMessage say why.
  void prepareFax(CommandPtr command);
  void openRecording(RecordingRef recording);
  // The recording's stopRequested flag must be set first.
  void closeRecording(RecordingRef recording);

  // Clock thread: collects finished work.
  void takeCompletions(std::vector<IoCompletion>* out);
  // Requests submitted whose completion has not been taken yet.
  size_t outstanding() const { return outstanding_.load(std::memory_order_acquire); }
  // Blocks until a completion is available, the writer made progress, or
  // timeoutMs passed. Used only when the clock is free-running.
  void waitForProgress(uint32_t timeoutMs);
  // Asks the thread to drain recording rings now (free-running back-pressure).
  void wake();

  uint64_t promptCacheHits() const { return cacheHits_.load(std::memory_order_relaxed); }
  uint64_t promptCacheMisses() const { return cacheMisses_.load(std::memory_order_relaxed); }

 private:
  void run();
  void doLoad(Command* command);
  PromptRef loadPrompt(const std::string& path, ErrorCode* code, std::string* message);
  void drainRecordings(bool final);
  void post(IoCompletion completion);

  struct OpenFile {
    RecordingRef recording;
    dsp::WavWriter writer;
    uint64_t lastFlushWritten = 0;
  };

  struct CacheEntry {
    PromptRef prompt;
    int64_t mtimeNs;
    uint64_t size;
    std::list<std::string>::iterator lru;
  };

  const size_t cacheLimit_;
  std::thread thread_;
  PiMutex mutex_;  // shared with the clock thread: priority-inheriting
  WakeSignal wake_;  // the clock thread wakes this thread without a lock
  std::condition_variable_any progress_;  // waited on only by a free-running clock
  bool stopping_ = false;
  bool kick_ = false;
  std::vector<CommandPtr> loads_;            // guarded by mutex_
  std::vector<CommandPtr> faxes_;            // guarded by mutex_
  std::vector<RecordingRef> toOpen_;         // guarded by mutex_
  std::vector<RecordingRef> toClose_;        // guarded by mutex_
  std::vector<IoCompletion> completions_;    // guarded by mutex_
  std::atomic<size_t> outstanding_{0};

  // I/O thread only. The lists above are swapped with these and these are
  // cleared, not destroyed, so storage goes back and forth and the clock
  // thread's push_back finds room (no allocation there).
  std::vector<CommandPtr> loadsTaken_, faxesTaken_;
  std::vector<RecordingRef> toOpenTaken_, toCloseTaken_;
  std::vector<std::unique_ptr<OpenFile>> files_;
  std::unordered_map<std::string, CacheEntry> cache_;
  std::list<std::string> lru_;
  size_t cacheBytes_ = 0;
  std::vector<int16_t> scratch_;
  std::atomic<uint64_t> cacheHits_{0}, cacheMisses_{0};
};

}  // namespace tl::engine
