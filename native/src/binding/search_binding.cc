// exports.search.findInChunk: the byte search of search.h on a worker thread.
//
//   findInChunk(chunk, startLimit, pattern, mask, caseInsensitive, maxOffsets, keepLast, jobId?)
//     -> Promise<{ count, offsets }>
//   cancel(jobId) -> boolean    the chunks of job `jobId` running or queued now stop within
//                               milliseconds, rejecting with ERR_SEARCH_CANCELLED
//
// `chunk` is a copy of block bytes the caller made under the block's lock (a
// Buffer it will not touch until the promise settles); offsets are relative
// to it. The search itself runs off the main thread (Napi::AsyncWorker), so
// a 256 MiB Find never blocks the event loop or the watcher.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "binding.h"
#include "search.h"

namespace shm::binding {
namespace {

// The cancel flags of the chunks in flight, by the caller's job id (a whole
// number it chose; 0: not cancellable). One process-wide map: the ids of
// different environments (worker threads) are only ever used by their own.
class CancelFlags {
 public:
  std::shared_ptr<std::atomic<bool>> enter(double jobId) {
    auto flag = std::make_shared<std::atomic<bool>>(false);
    if (jobId == 0) return flag;
    std::lock_guard<std::mutex> guard(mutex_);
    flags_.emplace(jobId, flag);
    return flag;
  }
  void leave(double jobId, const std::shared_ptr<std::atomic<bool>>& flag) {
    if (jobId == 0) return;
    std::lock_guard<std::mutex> guard(mutex_);
    for (auto [at, end] = flags_.equal_range(jobId); at != end; ++at) {
      if (at->second == flag) {
        flags_.erase(at);
        return;
      }
    }
  }
  bool cancel(double jobId) {
    std::lock_guard<std::mutex> guard(mutex_);
    bool found = false;
    for (auto [at, end] = flags_.equal_range(jobId); at != end; ++at) {
      at->second->store(true, std::memory_order_relaxed);
      found = true;
    }
    return found;
  }

 private:
  std::mutex mutex_;
  std::multimap<double, std::shared_ptr<std::atomic<bool>>> flags_;
};

CancelFlags& cancelFlags() {
  static CancelFlags* flags = new CancelFlags();  // never destroyed: workers may outlive static destruction
  return *flags;
}

class FindWorker : public Napi::AsyncWorker {
 public:
  FindWorker(Napi::Env env, Napi::Uint8Array chunk, std::size_t startLimit, search::Pattern pattern,
             std::size_t maxOffsets, search::Keep keep, double jobId)
      : Napi::AsyncWorker(env, "shm.search.findInChunk"),
        deferred_(Napi::Promise::Deferred::New(env)),
        chunkRef_(Napi::Persistent(chunk.As<Napi::Object>())),  // keeps the bytes alive while the worker reads them
        data_(chunk.Data()),
        length_(chunk.ByteLength()),
        startLimit_(startLimit),
        pattern_(std::move(pattern)),
        maxOffsets_(maxOffsets),
        keep_(keep),
        jobId_(jobId),
        cancel_(cancelFlags().enter(jobId)) {}

  ~FindWorker() override { cancelFlags().leave(jobId_, cancel_); }

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      if (cancel_->load()) throw search::Cancelled{};  // cancelled while queued for a pool thread
      result_ = search::findInChunk(data_, length_, startLimit_, pattern_, maxOffsets_, keep_, cancel_.get());
    } catch (const search::Cancelled&) {
      cancelled_ = true;
      SetError("the search was cancelled");
    } catch (const std::exception& error) {
      SetError(error.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object result = Napi::Object::New(env);
    result.Set("count", Napi::Number::New(env, static_cast<double>(result_.count)));
    Napi::Array offsets = Napi::Array::New(env, result_.offsets.size());
    for (std::size_t i = 0; i < result_.offsets.size(); ++i) {
      offsets.Set(static_cast<std::uint32_t>(i), Napi::Number::New(env, static_cast<double>(result_.offsets[i])));
    }
    result.Set("offsets", offsets);
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override {
    deferred_.Reject(codedError(Env(), cancelled_ ? "ERR_SEARCH_CANCELLED" : "ERR_SHM_ARG", error.Message()).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference chunkRef_;
  const std::uint8_t* data_;
  std::size_t length_;
  std::size_t startLimit_;
  search::Pattern pattern_;
  std::size_t maxOffsets_;
  search::Keep keep_;
  search::ChunkResult result_;
  double jobId_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  bool cancelled_ = false;
};

double jobIdOf(const Napi::Value& value) {
  if (value.IsUndefined()) return 0;
  const double id = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (!(id >= 0 && id <= 9007199254740991.0) || id != static_cast<double>(static_cast<std::uint64_t>(id))) {
    throwArg(value.Env(), "jobId must be a whole number from 0 up");
  }
  return id;
}

Napi::Value cancel(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), cancelFlags().cancel(jobIdOf(info[0])));
}

Napi::Value findInChunk(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Uint8Array chunk = toUint8Array(info[0], "chunk");
  const std::uint64_t startLimit = toIndex(info[1], "startLimit");
  const Napi::Uint8Array bytes = toUint8Array(info[2], "pattern");
  const Napi::Uint8Array mask = toUint8Array(info[3], "mask");
  if (bytes.ByteLength() == 0) throwArg(env, "the pattern is empty");
  if (mask.ByteLength() != bytes.ByteLength()) throwArg(env, "the mask must have as many bytes as the pattern");
  if (!info[4].IsBoolean() || !info[6].IsBoolean()) throwArg(env, "caseInsensitive and keepLast must be booleans");
  search::Pattern pattern;
  pattern.bytes.assign(bytes.Data(), bytes.Data() + bytes.ByteLength());
  pattern.mask.assign(mask.Data(), mask.Data() + mask.ByteLength());
  pattern.caseInsensitive = info[4].As<Napi::Boolean>().Value();
  const std::uint64_t maxOffsets = toIndex(info[5], "maxOffsets");
  const search::Keep keep = info[6].As<Napi::Boolean>().Value() ? search::Keep::Last : search::Keep::First;
  const double jobId = jobIdOf(info[7]);
  auto* worker = new FindWorker(env, chunk, static_cast<std::size_t>(startLimit), std::move(pattern),
                                static_cast<std::size_t>(maxOffsets), keep, jobId);
  Napi::Promise promise = worker->promise();
  worker->Queue();  // the worker deletes itself when done
  return promise;
}

}  // namespace

void registerSearch(Napi::Env env, Napi::Object exports) {
  Napi::Object search = Napi::Object::New(env);
  search.Set("findInChunk", Napi::Function::New<findInChunk>(env, "findInChunk"));
  search.Set("cancel", Napi::Function::New<cancel>(env, "cancel"));
  exports.Set("search", search);
}

}  // namespace shm::binding
