#include "engine/io_worker.h"

#include <pthread.h>
#include <sys/stat.h>

#include <chrono>
#include <utility>

#include "dsp/wav.h"

namespace tl::engine {

IoWorker::IoWorker(size_t promptCacheBytes) : cacheLimit_(promptCacheBytes) {
  scratch_.resize(8000);
  for (auto* list : {&loads_, &faxes_, &loadsTaken_, &faxesTaken_}) list->reserve(64);
  for (auto* list : {&toOpen_, &toClose_, &toOpenTaken_, &toCloseTaken_}) list->reserve(64);
  completions_.reserve(256);
}

IoWorker::~IoWorker() { stop(); }

void IoWorker::start() {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "tl-io");
    run();
  });
}

void IoWorker::stop() {
  {
    std::lock_guard<PiMutex> lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify();
  thread_.join();
}

void IoWorker::loadPrompts(CommandPtr command) {
  outstanding_.fetch_add(1, std::memory_order_acq_rel);
  {
    std::lock_guard<PiMutex> lock(mutex_);
    loads_.push_back(std::move(command));
  }
  wake_.notify();
}

void IoWorker::prepareFax(CommandPtr command) {
  outstanding_.fetch_add(1, std::memory_order_acq_rel);
  {
    std::lock_guard<PiMutex> lock(mutex_);
    faxes_.push_back(std::move(command));
  }
  wake_.notify();
}

void IoWorker::openRecording(RecordingRef recording) {
  outstanding_.fetch_add(1, std::memory_order_acq_rel);
  {
    std::lock_guard<PiMutex> lock(mutex_);
    toOpen_.push_back(std::move(recording));
  }
  wake_.notify();
}

void IoWorker::closeRecording(RecordingRef recording) {
  outstanding_.fetch_add(1, std::memory_order_acq_rel);
  {
    std::lock_guard<PiMutex> lock(mutex_);
    toClose_.push_back(std::move(recording));
  }
  wake_.notify();
}

void IoWorker::wake() {
  {
    std::lock_guard<PiMutex> lock(mutex_);
    kick_ = true;
  }
  wake_.notify();
}

void IoWorker::takeCompletions(std::vector<IoCompletion>* out) {
  std::lock_guard<PiMutex> lock(mutex_);
  if (completions_.empty()) return;
  for (auto& c : completions_) out->push_back(std::move(c));
  outstanding_.fetch_sub(completions_.size(), std::memory_order_acq_rel);
  completions_.clear();
}

void IoWorker::waitForProgress(uint32_t timeoutMs) {
  std::unique_lock<PiMutex> lock(mutex_);
  if (!completions_.empty()) return;
  progress_.wait_for(lock, std::chrono::milliseconds(timeoutMs));
}

void IoWorker::post(IoCompletion completion) {
  {
    std::lock_guard<PiMutex> lock(mutex_);
    completions_.push_back(std::move(completion));
  }
  progress_.notify_all();
}

void IoWorker::run() {
  for (;;) {
    auto& loads = loadsTaken_;
    auto& faxes = faxesTaken_;
    auto& toOpen = toOpenTaken_;
    auto& toClose = toCloseTaken_;
    bool stopping;
    {
      const uint32_t seen = wake_.current();
      bool idle;
      {
        std::lock_guard<PiMutex> lock(mutex_);
        idle = !(stopping_ || kick_ || !loads_.empty() || !faxes_.empty() || !toOpen_.empty() || !toClose_.empty());
      }
      // Recordings are drained every 20 ms even without a wake-up.
      if (idle) wake_.waitFor(seen, 20);
      std::lock_guard<PiMutex> lock(mutex_);
      kick_ = false;
      loads.swap(loads_);
      faxes.swap(faxes_);
      toOpen.swap(toOpen_);
      toClose.swap(toClose_);
      stopping = stopping_;
    }

    for (auto& command : loads) {
      doLoad(command.get());
      post({IoCompletion::Kind::PromptsLoaded, std::move(command), nullptr});
    }

    for (auto& command : faxes) {
      Command& cmd = *command;
      dsp::FaxOptions options;
      options.send = cmd.i[0] != 0;
      options.calling = cmd.i[1] != 0;
      options.ecm = cmd.i[2] != 0;
      options.maxBitRate = cmd.i[3];
      options.file = cmd.text;
      options.localIdent = cmd.text2;
      options.headerInfo.assign(cmd.bytes.begin(), cmd.bytes.end());
      cmd.fax = std::make_unique<dsp::FaxSession>();
      std::string error;
      if (!cmd.fax->start(options, &error)) {
        cmd.fax.reset();
        cmd.loadError = ErrorCode::FaxFailed;
        cmd.loadMessage = error;
      }
      post({IoCompletion::Kind::FaxPrepared, std::move(command), nullptr});
    }

    for (auto& recording : toOpen) {
      auto file = std::make_unique<OpenFile>();
      file->recording = recording;
      recording->error = file->writer.open(recording->path, recording->encoding);
      if (!recording->error) files_.push_back(std::move(file));
      post({IoCompletion::Kind::RecordingOpened, nullptr, recording});
    }

    drainRecordings(false);
    progress_.notify_all();

    for (auto& recording : toClose) {
      for (auto it = files_.begin(); it != files_.end(); ++it) {
        if ((*it)->recording != recording) continue;
        size_t n;
        while ((n = recording->ring.read(scratch_.data(), scratch_.size())) > 0) {
          if (auto err = (*it)->writer.write(scratch_.data(), n)) recording->error = err;
        }
        if (auto err = (*it)->writer.close()) recording->error = err;
        recording->written = (*it)->writer.samplesWritten();
        files_.erase(it);
        break;
      }
      post({IoCompletion::Kind::RecordingClosed, nullptr, recording});
    }
    loads.clear();
    faxes.clear();
    toOpen.clear();
    toClose.clear();

    if (stopping) {
      drainRecordings(true);
      files_.clear();
      return;
    }
  }
}

void IoWorker::drainRecordings(bool final) {
  for (auto& file : files_) {
    auto& rec = *file->recording;
    size_t n;
    while ((n = rec.ring.read(scratch_.data(), scratch_.size())) > 0) {
      if (auto err = file->writer.write(scratch_.data(), n)) rec.error = err;
    }
    // Patch the header about once a second so a crash leaves a playable file.
    if (final || file->writer.samplesWritten() - file->lastFlushWritten >= 8000) {
      file->writer.flush();
      file->lastFlushWritten = file->writer.samplesWritten();
    }
    if (final) file->writer.close();
  }
}

void IoWorker::doLoad(Command* command) {
  command->prompts.reserve(command->items.size());
  for (auto& item : command->items) {
    if (item.samples) {
      command->prompts.push_back(item.samples);
      continue;
    }
    ErrorCode code = ErrorCode::Ok;
    std::string message;
    PromptRef prompt = loadPrompt(item.path, &code, &message);
    if (!prompt) {
      command->prompts.clear();
      command->loadError = code;
      command->loadMessage = std::move(message);
      return;
    }
    command->prompts.push_back(std::move(prompt));
  }
}

PromptRef IoWorker::loadPrompt(const std::string& path, ErrorCode* code, std::string* message) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    *code = ErrorCode::FileNotFound;
    *message = path + ": no such file";
    return nullptr;
  }
  const int64_t mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  auto it = cache_.find(path);
  if (it != cache_.end()) {
    if (it->second.mtimeNs == mtimeNs && it->second.size == static_cast<uint64_t>(st.st_size)) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      cacheHits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.prompt;
    }
    cacheBytes_ -= it->second.prompt->samples.size() * sizeof(int16_t);
    lru_.erase(it->second.lru);
    cache_.erase(it);
  }
  cacheMisses_.fetch_add(1, std::memory_order_relaxed);

  dsp::WavAudio audio;
  dsp::WavError err = dsp::readWav(path, &audio);
  if (err) {
    *code = err.kind == dsp::WavErrorKind::NotFound ? ErrorCode::FileNotFound
            : err.kind == dsp::WavErrorKind::Format ? ErrorCode::WavFormat
                                                     : ErrorCode::Io;
    *message = err.message;
    return nullptr;
  }
  auto prompt = std::make_shared<Prompt>();
  prompt->source = path;
  prompt->samples = std::move(audio.samples);
  const size_t bytes = prompt->samples.size() * sizeof(int16_t);

  lru_.push_front(path);
  cache_[path] = CacheEntry{prompt, mtimeNs, static_cast<uint64_t>(st.st_size), lru_.begin()};
  cacheBytes_ += bytes;
  while (cacheBytes_ > cacheLimit_ && lru_.size() > 1) {
    auto victim = cache_.find(lru_.back());
    cacheBytes_ -= victim->second.prompt->samples.size() * sizeof(int16_t);
    cache_.erase(victim);
    lru_.pop_back();
  }
  return prompt;
}

}  // namespace tl::engine
