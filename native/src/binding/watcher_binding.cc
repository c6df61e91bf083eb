// The watcher's Node-API face: `new Watcher(onPending, { fastestMs, slowestMs, idleMs, idleAfterMs, sustainedMs, sustainedAfterMs })`;
// onPending(urgent): false when the queue became non-empty (take it within a frame), true when it
// has since filled to a quarter of a cap (take it now; watcher.h).
// The watcher thread (watcher.h) signals JavaScript through a thread-safe
// function only when a poll found something; JavaScript then takes the
// queued batches. So nothing runs in JavaScript while nothing changes.
//
// Lifetimes: close() (or the object's finalizer, or the environment's
// teardown) stops and joins the thread before the thread-safe function is
// released, and a signal already queued when close() ran is dropped: no
// callback reaches JavaScript after close().
#include <napi.h>

#include <atomic>
#include <cstring>
#include <limits>
#include <memory>

#include "binding.h"
#include "fault_guard.h"
#include "watcher.h"

namespace shm::binding {

namespace {

// State shared by the wrapper, its thread-safe function's callback and the
// environment's cleanup hook (whichever runs first stops the thread).
struct WatcherCore {
  std::unique_ptr<BlockWatcher> watcher;
  Napi::ThreadSafeFunction signal;
  std::atomic<bool> closed{false};
  bool released = false;
  bool envTornDown = false;
  // The argument of the environment's cleanup hook while it is registered.
  std::weak_ptr<WatcherCore>* cleanupArg = nullptr;

  void close() {
    closed = true;
    if (watcher) watcher->stop();
    if (!released && !envTornDown) signal.Release();
    released = true;
  }
};

// The environment is going away (process exit, worker end): stop the thread
// before Node releases the thread-safe function itself.
void onEnvTeardown(void* arg) {
  auto* weak = static_cast<std::weak_ptr<WatcherCore>*>(arg);
  if (auto core = weak->lock()) {
    core->envTornDown = true;
    core->close();
    core->cleanupArg = nullptr;
  }
  delete weak;
}

std::chrono::microseconds millisecondsOption(Napi::Object options, const char* key, std::chrono::microseconds fallback) {
  const Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return fallback;
  const double ms = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : -1;
  if (!(ms >= 0.1 && ms <= 60000)) {
    throw jsError(options.Env(), Error(ErrorCode::Arg, std::string(key) + " must be from 0.1 to 60000 ms"));
  }
  return std::chrono::microseconds(static_cast<long long>(ms * 1000));
}

// A Uint8Array owned by V8 holding a copy (never a view of a mapping).
Napi::Uint8Array copyToJs(Napi::Env env, const std::vector<std::uint8_t>& bytes) {
  Napi::Uint8Array array = Napi::Uint8Array::New(env, bytes.size());
  if (!bytes.empty()) std::memcpy(array.Data(), bytes.data(), bytes.size());
  return array;
}

// The longest change whose bytes take() puts in the take's shared buffer:
// the History copies a change up to this long into its own slabs
// (SLAB_MAX_CHANGE, src-main/core/history-recorder.ts) and keeps a longer one
// as it is, which must not pin the buffer of every other change of its take.
constexpr std::size_t kSharedMaxBytes = 1024;

// The bytes of one take's small changes, copied into one ArrayBuffer in the
// order copy() is called; larger ones go to buffers of their own.
class SharedBytes {
 public:
  SharedBytes(Napi::Env env, const std::vector<ChangeBatch>& batches) : env_(env) {
    std::size_t total = 0;
    for (const ChangeBatch& batch : batches) {
      for (const auto& change : batch.changes) total += sharedLength(change.bytes) + sharedLength(change.before);
    }
    if (total > 0) buffer_ = Napi::ArrayBuffer::New(env, total);
  }

  Napi::Uint8Array copy(const std::vector<std::uint8_t>& bytes) {
    if (sharedLength(bytes) == 0) return copyToJs(env_, bytes);
    Napi::Uint8Array view = Napi::Uint8Array::New(env_, bytes.size(), buffer_, used_);
    std::memcpy(static_cast<std::uint8_t*>(buffer_.Data()) + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
    return view;
  }

 private:
  static std::size_t sharedLength(const std::vector<std::uint8_t>& bytes) {
    return bytes.size() <= kSharedMaxBytes ? bytes.size() : 0;
  }

  Napi::Env env_;
  Napi::ArrayBuffer buffer_;
  std::size_t used_ = 0;
};

// take()'s property names, made once a call rather than once a property.
struct TakeKeys {
  explicit TakeKeys(Napi::Env env)
      : offset(Napi::String::New(env, "offset")),
        bytes(Napi::String::New(env, "bytes")),
        before(Napi::String::New(env, "before")),
        name(Napi::String::New(env, "name")),
        closed(Napi::String::New(env, "closed")),
        shrunkTo(Napi::String::New(env, "shrunkTo")),
        unlinked(Napi::String::New(env, "unlinked")),
        busy(Napi::String::New(env, "busy")),
        detectedAtMs(Napi::String::New(env, "detectedAtMs")),
        coalesced(Napi::String::New(env, "coalesced")),
        changes(Napi::String::New(env, "changes")) {}
  Napi::String offset, bytes, before, name, closed, shrunkTo, unlinked, busy, detectedAtMs, coalesced, changes;
};

class WatcherWrap : public Napi::ObjectWrap<WatcherWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "Watcher",
                       {
                           InstanceMethod<&WatcherWrap::setRanges>("setRanges"),
                           InstanceMethod<&WatcherWrap::take>("take"),
                           InstanceMethod<&WatcherWrap::pollNow>("pollNow"),
                           InstanceMethod<&WatcherWrap::setSlowPoll>("setSlowPoll"),
                           InstanceMethod<&WatcherWrap::setQuiet>("setQuiet"),
                           InstanceMethod<&WatcherWrap::watchedBytes>("watchedBytes"),
                           InstanceMethod<&WatcherWrap::stats>("stats"),
                           InstanceMethod<&WatcherWrap::close>("close"),
                       });
  }

  explicit WatcherWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<WatcherWrap>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsFunction()) throw jsError(env, Error(ErrorCode::Arg, "new Watcher(onPending): onPending must be a function"));
    WatcherTiming timing;
    if (info[1].IsObject()) {
      Napi::Object options = info[1].As<Napi::Object>();
      timing.fastest = millisecondsOption(options, "fastestMs", timing.fastest);
      timing.slowest = millisecondsOption(options, "slowestMs", timing.slowest);
      timing.idle = millisecondsOption(options, "idleMs", timing.idle);
      timing.idleAfter = std::chrono::duration_cast<std::chrono::milliseconds>(
          millisecondsOption(options, "idleAfterMs", timing.idleAfter));
      timing.sustained = millisecondsOption(options, "sustainedMs", timing.sustained);
      timing.sustainedAfter = std::chrono::duration_cast<std::chrono::milliseconds>(
          millisecondsOption(options, "sustainedAfterMs", timing.sustainedAfter));
      timing.monitor = millisecondsOption(options, "monitorMs", timing.monitor);
      timing.monitorHidden = millisecondsOption(options, "monitorHiddenMs", timing.monitorHidden);
    }
    core_ = std::make_shared<WatcherCore>();
    core_->signal = Napi::ThreadSafeFunction::New(env, info[0].As<Napi::Function>(), "shm watcher", 0, 1);
    core_->signal.Unref(env);  // a watcher never keeps the process alive
    Napi::ThreadSafeFunction signal = core_->signal;
    auto closed = std::shared_ptr<std::atomic<bool>>(core_, &core_->closed);
    core_->watcher = std::make_unique<BlockWatcher>(
        [signal, closed](bool urgent) mutable {
          signal.NonBlockingCall([closed, urgent](Napi::Env env, Napi::Function onPending) {
            if (env == nullptr || *closed) return;  // closed after the signal was queued
            onPending.Call({Napi::Boolean::New(env, urgent)});
          });
        },
        timing);
    core_->cleanupArg = new std::weak_ptr<WatcherCore>(core_);
    napi_add_env_cleanup_hook(env, onEnvTeardown, core_->cleanupArg);
  }

  ~WatcherWrap() override {
    if (!core_) return;
    core_->close();
    if (core_->cleanupArg != nullptr) {
      napi_remove_env_cleanup_hook(Env(), onEnvTeardown, core_->cleanupArg);
      delete core_->cleanupArg;
      core_->cleanupArg = nullptr;
    }
  }

 private:
  BlockWatcher& watcher(Napi::Env env) {
    if (core_->closed) throw jsError(env, Error(ErrorCode::Closed, "the watcher is closed"));
    return *core_->watcher;
  }

  // setRanges(name, block, [start0, end0, start1, end1, ...], answerStart, answerEnd) -> Uint8Array
  Napi::Value setRanges(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BlockWatcher& target = watcher(env);
    if (!info[0].IsString()) throw jsError(env, Error(ErrorCode::Arg, "name must be a string"));
    const std::string name = info[0].As<Napi::String>().Utf8Value();
    std::shared_ptr<SharedBlock> block = blockOf(info[1], "block");
    std::vector<ByteInterval> intervals = intervalsOf(env, info[2], block->size());
    const ByteInterval answer{toIndex(info[3], "answerStart"), toIndex(info[4], "answerEnd")};
    return copyToJs(env, target.setRanges(name, std::move(block), std::move(intervals), answer));
  }

  // setQuiet(name, [start0, end0, ...]) -> whether name is watched
  Napi::Value setQuiet(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BlockWatcher& target = watcher(env);
    if (!info[0].IsString()) throw jsError(env, Error(ErrorCode::Arg, "name must be a string"));
    std::vector<ByteInterval> quiet = intervalsOf(env, info[1], std::numeric_limits<std::uint64_t>::max());
    return Napi::Boolean::New(env, target.setQuiet(info[0].As<Napi::String>().Utf8Value(), std::move(quiet)));
  }

  // [start0, end0, start1, end1, ...]: sorted, disjoint, each end at most `size`.
  static std::vector<ByteInterval> intervalsOf(Napi::Env env, Napi::Value value, std::uint64_t size) {
    if (!value.IsArray()) throw jsError(env, Error(ErrorCode::Arg, "intervals must be an array of start, end pairs"));
    Napi::Array flat = value.As<Napi::Array>();
    if (flat.Length() % 2 != 0) throw jsError(env, Error(ErrorCode::Arg, "intervals must hold start, end pairs"));
    std::vector<ByteInterval> intervals;
    for (std::uint32_t i = 0; i < flat.Length(); i += 2) {
      const auto start = toIndex(flat.Get(i), "interval start");
      const auto end = toIndex(flat.Get(i + 1), "interval end");
      if (end <= start || end > size || (!intervals.empty() && start <= intervals.back().end)) {
        throw jsError(env, Error(ErrorCode::Range, "intervals must be sorted, disjoint and inside the block"));
      }
      intervals.push_back({start, end});
    }
    return intervals;
  }

  // take(holdMs?) -> [{ name, closed, shrunkTo, unlinked, busy, detectedAtMs, coalesced, coalescedSinceMs?, coalescedPolls?,
  //             changes: [{ offset, bytes, before }] }]
  //
  // Under a writer changing the rows 1,000 times a second, a take every frame
  // carries dozens of small changes: their bytes are views into one
  // ArrayBuffer per take (the History copies a small change into its own
  // slabs, so none keeps the take's buffer alive), and a change longer than
  // kSharedMaxBytes, which the History keeps as it is, has its own. Each
  // ArrayBuffer costs V8 a backing store and tracking work in every GC.
  Napi::Value take(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (core_->closed) return Napi::Array::New(env);
    std::optional<std::chrono::microseconds> hold;
    if (!info[0].IsUndefined()) {
      const double ms = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
      if (!(ms >= 0 && ms <= 60000)) throw jsError(env, Error(ErrorCode::Arg, "holdMs must be from 0 to 60000 ms"));
      hold = std::chrono::microseconds(static_cast<long long>(ms * 1000));
    }
    const std::vector<ChangeBatch> batches = core_->watcher->take(hold);
    SharedBytes shared(env, batches);
    const TakeKeys keys(env);
    Napi::Array out = Napi::Array::New(env, batches.size());
    for (std::uint32_t i = 0; i < batches.size(); ++i) {
      const ChangeBatch& batch = batches[i];
      Napi::Array changes = Napi::Array::New(env, batch.changes.size());
      for (std::uint32_t j = 0; j < batch.changes.size(); ++j) {
        Napi::Object change = Napi::Object::New(env);
        change.Set(keys.offset, Napi::Number::New(env, static_cast<double>(batch.changes[j].offset)));
        change.Set(keys.bytes, shared.copy(batch.changes[j].bytes));
        change.Set(keys.before, shared.copy(batch.changes[j].before));
        changes.Set(j, change);
      }
      Napi::Object item = Napi::Object::New(env);
      item.Set(keys.name, Napi::String::New(env, batch.name));
      item.Set(keys.closed, Napi::Boolean::New(env, batch.closed));
      // The block's size after another process shrank it; null when it did not.
      item.Set(keys.shrunkTo, batch.shrunk ? Napi::Value(Napi::Number::New(env, static_cast<double>(batch.newSize)))
                                           : env.Null());
      item.Set(keys.unlinked, Napi::Boolean::New(env, batch.unlinked));
      item.Set(keys.busy, Napi::Boolean::New(env, batch.busy));
      item.Set(keys.detectedAtMs, Napi::Number::New(env, batch.detectedAtMs));
      item.Set(keys.coalesced, Napi::Boolean::New(env, batch.coalesced));
      if (batch.coalesced) {
        item.Set("coalescedSinceMs", Napi::Number::New(env, batch.coalescedSinceMs));
        item.Set("coalescedPolls", Napi::Number::New(env, static_cast<double>(batch.coalescedPolls)));
      }
      item.Set(keys.changes, changes);
      out.Set(i, item);
    }
    return out;
  }

  // setSlowPoll(name, intervalMs) -> whether `name` is watched; intervalMs 0: the adaptive poll again.
  Napi::Value setSlowPoll(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BlockWatcher& target = watcher(env);
    if (!info[0].IsString()) throw jsError(env, Error(ErrorCode::Arg, "name must be a string"));
    const double ms = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : -1;
    if (!(ms == 0 || (ms >= 0.1 && ms <= 60000))) {
      throw jsError(env, Error(ErrorCode::Arg, "intervalMs must be 0 or from 0.1 to 60000 ms"));
    }
    const std::chrono::microseconds interval(static_cast<long long>(ms * 1000));
    return Napi::Boolean::New(env, target.setSlowPoll(info[0].As<Napi::String>().Utf8Value(), interval));
  }

  Napi::Value pollNow(const Napi::CallbackInfo& info) {
    watcher(info.Env()).pollNow();
    return info.Env().Undefined();
  }

  Napi::Value watchedBytes(const Napi::CallbackInfo& info) {
    if (core_->closed) return Napi::Number::New(info.Env(), 0);
    return Napi::Number::New(info.Env(), static_cast<double>(core_->watcher->watchedBytes()));
  }

  Napi::Value stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const WatcherStats stats = core_->watcher->stats();
    Napi::Object out = Napi::Object::New(env);
    out.Set("polls", Napi::Number::New(env, static_cast<double>(stats.polls)));
    out.Set("wokenByWriters", Napi::Number::New(env, static_cast<double>(stats.wokenByWriters)));
    out.Set("skippedBusy", Napi::Number::New(env, static_cast<double>(stats.skippedBusy)));
    out.Set("coalescedPolls", Napi::Number::New(env, static_cast<double>(stats.coalescedPolls)));
    out.Set("queuedBytes", Napi::Number::New(env, static_cast<double>(stats.queuedBytes)));
    return out;
  }

  Napi::Value close(const Napi::CallbackInfo& info) {
    core_->close();
    return info.Env().Undefined();
  }

  std::shared_ptr<WatcherCore> core_;
};

Napi::Value steadyNow(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), steadyNowMs()); }

// The Electron-safe floor of a 4 KiB write (bench only): a plain Node-API
// call taking an offset and a Uint8Array, as the hot write does, and a memcpy
// of its bytes (at most 4 KiB) into memory of our own. No lock, no mapping.
std::uint8_t floorSink[4096];

// What every write through the library does after its copy, for the floor
// that adds it (bench only): bump a write counter, then wakeCounterSleepers (a
// full fence and a load of the sleeper flag). Nothing ever sleeps on this
// counter, so it never makes the system call.
std::atomic<std::uint64_t> floorWriteCount{0};
std::atomic<std::uint32_t> floorWakeWord{0};
std::atomic<std::uint32_t> floorWatcherAsleep{0};

// Guarded: the copy goes through the fault guard every touch of a mapping
// goes through (fault_guard.h), so the bench can tell what the guard costs.
template <bool CountTheWrite, bool Guarded = false>
napi_value writeFloor(napi_env env, napi_callback_info info) {
  std::size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  double offset = 0;
  napi_get_value_double(env, argv[0], &offset);
  napi_typedarray_type type = napi_int8_array;
  std::size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, argv[1], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    napi_throw_type_error(env, "ERR_SHM_ARG", "bytes must be a Uint8Array");
    return nullptr;
  }
  const std::size_t count = length < sizeof floorSink ? length : sizeof floorSink;
  if (Guarded) {
    if (!guardedAccess(floorSink, sizeof floorSink, [=] { std::memcpy(floorSink, data, count); })) return nullptr;
  } else {
    std::memcpy(floorSink, data, count);
  }
  asm volatile("" : : "r"(floorSink) : "memory");  // the copy must happen
  if (CountTheWrite) {
    floorWriteCount.store(floorWriteCount.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    wakeCounterSleepers(CounterWake{&floorWakeWord, &floorWatcherAsleep});
  }
  return nullptr;
}

void setTestingFunction(Napi::Env env, Napi::Object exports, const char* name, napi_callback callback) {
  napi_value function = nullptr;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &function);
  exports.Get("testing").As<Napi::Object>().Set(name, Napi::Value(env, function));
}

}  // namespace

void registerWatcher(Napi::Env env, Napi::Object exports) {
  exports.Set("Watcher", WatcherWrap::define(env));
  exports.Set("steadyNowMs", Napi::Function::New<steadyNow>(env, "steadyNowMs"));
  setTestingFunction(env, exports, "emptyWriteFloor", writeFloor<false>);
  setTestingFunction(env, exports, "countedWriteFloor", writeFloor<true>);
  setTestingFunction(env, exports, "guardedWriteFloor", writeFloor<false, true>);
}

}  // namespace shm::binding
