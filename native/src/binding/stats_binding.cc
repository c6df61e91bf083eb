// exports.stats.summarize: the byte statistics of byte_stats.h on a worker
// thread, which reads the block itself (the main thread copies nothing).
//
//   summarize(block, offset, length, regions, options?)
//     options: { only?: Uint32Array (the region indices to count; default all),
//                histograms?: boolean (each region's histogram too) }
//     -> { promise, cancel() }
//   promise -> { histogram: Float64Array(256), total, entropy, regionBytes,
//                regionClasses: Uint32Array(4 * regions)   zero, printable, 0xFF, other
//                regionEntropy: Float32Array(regions)      bits per byte
//                regionHistograms?: Uint32Array(256 * regions) }  with options.histograms
//   With `only`, the regions not listed read 0 and histogram/entropy cover the listed ones.
//   cancel() stops the job within one chunk: the promise rejects with ERR_STATS_CANCELLED.
//
// Errors are the library's codes (ERR_SHM_RANGE, ERR_SHM_TRUNCATED with
// newSize, ERR_SHM_CLOSED, ERR_SHM_BUSY, ERR_SHM_ARG for a bad region count).
#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "backend.h"
#include "binding.h"
#include "byte_stats.h"
#include "shm_limits.h"

namespace shm::binding {
namespace {

using CancelFlag = std::shared_ptr<std::atomic<bool>>;

class StatsWorker : public Napi::AsyncWorker {
 public:
  StatsWorker(Napi::Env env, std::shared_ptr<SharedBlock> block, std::uint64_t offset, std::uint64_t length,
              std::uint32_t regions, stats::SummaryOptions options, CancelFlag cancel)
      : Napi::AsyncWorker(env, "shm.stats.summarize"),
        deferred_(Napi::Promise::Deferred::New(env)),
        block_(std::move(block)),
        offset_(offset),
        length_(length),
        regions_(regions),
        options_(std::move(options)),
        cancel_(std::move(cancel)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      summary_ = stats::summarizeBlock(*block_, offset_, length_, regions_, cancel_.get(), options_);
    } catch (const stats::Cancelled&) {
      failure_ = Error(ErrorCode::Arg, "the statistics job was cancelled");
      cancelled_ = true;
      SetError("cancelled");
    } catch (const Error& error) {
      failure_ = error;
      SetError(error.what());
    } catch (const std::bad_alloc&) {
      failure_ = Error(ErrorCode::System, "out of memory for the statistics");
      SetError("out of memory");
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object result = Napi::Object::New(env);
    auto histogram = Napi::Float64Array::New(env, 256);
    for (unsigned value = 0; value < 256; ++value) histogram[value] = static_cast<double>(summary_.histogram[value]);
    result.Set("histogram", histogram);
    result.Set("total", Napi::Number::New(env, static_cast<double>(summary_.total)));
    result.Set("entropy", Napi::Number::New(env, summary_.entropy));
    result.Set("regionBytes", Napi::Number::New(env, static_cast<double>(summary_.regionBytes)));
    auto classes = Napi::Uint32Array::New(env, summary_.regionClasses.size());
    std::memcpy(classes.Data(), summary_.regionClasses.data(), summary_.regionClasses.size() * sizeof(std::uint32_t));
    result.Set("regionClasses", classes);
    auto entropy = Napi::Float32Array::New(env, summary_.regionEntropy.size());
    std::memcpy(entropy.Data(), summary_.regionEntropy.data(), summary_.regionEntropy.size() * sizeof(float));
    result.Set("regionEntropy", entropy);
    if (options_.histograms) {
      auto histograms = Napi::Uint32Array::New(env, summary_.regionHistograms.size());
      std::memcpy(histograms.Data(), summary_.regionHistograms.data(),
                  summary_.regionHistograms.size() * sizeof(std::uint32_t));
      result.Set("regionHistograms", histograms);
    }
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error&) override {
    Napi::Env env = Env();
    if (cancelled_) {
      deferred_.Reject(codedError(env, "ERR_STATS_CANCELLED", failure_.what()).Value());
      return;
    }
    deferred_.Reject(jsError(env, failure_).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<SharedBlock> block_;
  std::uint64_t offset_;
  std::uint64_t length_;
  std::uint32_t regions_;
  stats::SummaryOptions options_;
  CancelFlag cancel_;
  stats::Summary summary_;
  Error failure_{ErrorCode::System, "no error"};
  bool cancelled_ = false;
};

// summarize's options (undefined: every region, no per-region histograms).
stats::SummaryOptions optionsOf(Napi::Env env, const Napi::Value& value, std::uint32_t regions) {
  stats::SummaryOptions options;
  if (value.IsUndefined()) return options;
  if (!value.IsObject()) throwArg(env, "options must be an object, got " + describe(value));
  Napi::Object object = value.As<Napi::Object>();
  const Napi::Value histograms = object.Get("histograms");
  if (!histograms.IsUndefined()) {
    if (!histograms.IsBoolean()) throwArg(env, "options.histograms must be a boolean, got " + describe(histograms));
    options.histograms = histograms.As<Napi::Boolean>().Value();
  }
  const Napi::Value only = object.Get("only");
  if (only.IsUndefined()) return options;
  if (!only.IsTypedArray() || only.As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array) {
    throwArg(env, "options.only must be a Uint32Array of region indices, got " + describe(only));
  }
  Napi::Uint32Array indices = only.As<Napi::Uint32Array>();
  if (indices.ElementLength() == 0 || indices.ElementLength() > regions) {
    throwArg(env, "options.only must list 1 to " + std::to_string(regions) + " regions, got " +
                      std::to_string(indices.ElementLength()));
  }
  options.only.assign(indices.Data(), indices.Data() + indices.ElementLength());
  for (const std::uint32_t region : options.only) {
    if (region >= regions) {
      throwArg(env, "options.only: region " + std::to_string(region) + " is not below the region count " +
                        std::to_string(regions));
    }
  }
  return options;
}

Napi::Value summarize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    std::shared_ptr<SharedBlock> block = blockOf(info[0], "block");
    block->requireOpen();
    const std::uint64_t offset = toIndex(info[1], "offset");
    const std::uint64_t length = toIndex(info[2], "length");
    const std::uint64_t regions = toIndex(info[3], "regions");
    if (regions < 1 || regions > kMaxStatsRegions) {
      throwArg(env, "regions must be from 1 to " + std::to_string(kMaxStatsRegions) + ", got " + describe(info[3]));
    }
    stats::SummaryOptions options = optionsOf(env, info[4], static_cast<std::uint32_t>(regions));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    auto* worker = new StatsWorker(env, std::move(block), offset, length, static_cast<std::uint32_t>(regions),
                                   std::move(options), cancel);
    Napi::Object job = Napi::Object::New(env);
    job.Set("promise", worker->promise());
    job.Set("cancel", Napi::Function::New(env, [cancel](const Napi::CallbackInfo& call) {
              cancel->store(true, std::memory_order_relaxed);
              return call.Env().Undefined();
            }));
    worker->Queue();
    return job;
  });
}

// testing.countFloor(bytes, threads) -> bytes counted (BENCH ONLY, byte_stats.h).
Napi::Value countFloor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throwArg(env, "bytes must be a Uint8Array, got " + describe(info[0]));
    }
    Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    const unsigned threads = info[1].IsNumber() && info[1].As<Napi::Number>().Uint32Value() >= 2 ? 2 : 1;
    return Napi::Number::New(env, static_cast<double>(stats::countFloor(bytes.Data(), bytes.ElementLength(), threads)));
  });
}

// testing.threadCpuNs() -> the calling thread's CPU time, ns (BENCH ONLY, backend.h).
Napi::Value threadCpuNs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), threadCpuNanoseconds());
}

}  // namespace

void registerStats(Napi::Env env, Napi::Object exports) {
  Napi::Object stats = Napi::Object::New(env);
  stats.Set("summarize", Napi::Function::New<summarize>(env, "summarize"));
  stats.Set("MAX_REGIONS", Napi::Number::New(env, kMaxStatsRegions));
  exports.Set("stats", stats);
  Napi::Object testing = exports.Get("testing").As<Napi::Object>();
  testing.Set("countFloor", Napi::Function::New<countFloor>(env, "countFloor"));
  testing.Set("threadCpuNs", Napi::Function::New<threadCpuNs>(env, "threadCpuNs"));
}

}  // namespace shm::binding
