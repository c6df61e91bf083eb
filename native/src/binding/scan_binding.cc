// exports.ScanSession: the candidates of one value scan (scan.h) in native
// memory, fed chunk by chunk on a worker thread.
//
//   new ScanSession({ kind: 'signed'|'unsigned'|'float', width, bigEndian, step, blockSize })
//   beginFirst(mode, a?, b?) / beginNext(mode, a?, b?)   modes as in scan.h, camelCase
//   feed(chunk, base, startEnd) -> Promise<void>           on a worker thread
//   finish() -> Promise<void>                              commits (and compacts) on a worker
//   abort()                                                drops the running pass
//   stats() -> { count, memoryBytes, dense, passOpen, scanned }
//   list(from, max) -> { offsets: number[], values: Buffer }   previous values, width bytes each
//   dispose()                                              frees the candidates now
//
// While a worker runs, every other call throws ERR_SCAN_BUSY: the candidates
// belong to that worker until it settles (the core wrapper queues calls).
#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>

#include "binding.h"
#include "scan.h"

namespace shm::binding {
namespace {

using CandidatesRef = std::shared_ptr<scan::Candidates>;

scan::Mode toMode(const Napi::Value& value) {
  static const std::pair<const char*, scan::Mode> kModes[] = {
      {"exact", scan::Mode::Exact},         {"range", scan::Mode::Range},
      {"unknown", scan::Mode::Unknown},     {"changed", scan::Mode::Changed},
      {"unchanged", scan::Mode::Unchanged}, {"increased", scan::Mode::Increased},
      {"decreased", scan::Mode::Decreased}, {"increasedBy", scan::Mode::IncreasedBy},
      {"decreasedBy", scan::Mode::DecreasedBy},
  };
  if (value.IsString()) {
    const std::string name = value.As<Napi::String>().Utf8Value();
    for (const auto& [known, mode] : kModes) {
      if (name == known) return mode;
    }
  }
  throwArg(value.Env(), "mode must be exact, range, unknown, changed, unchanged, increased, decreased, increasedBy or decreasedBy");
}

// A number or a BigInt, kept in all three domains; the scan uses the one of its type.
scan::Operand toOperand(const Napi::Value& value) {
  scan::Operand operand;
  if (value.IsUndefined()) return operand;
  if (value.IsBigInt()) {
    bool lossless = true;
    operand.i = value.As<Napi::BigInt>().Int64Value(&lossless);
    operand.u = value.As<Napi::BigInt>().Uint64Value(&lossless);
    operand.f = static_cast<double>(operand.i);
    return operand;
  }
  if (!value.IsNumber()) throwArg(value.Env(), "a scan value must be a number or a BigInt");
  operand.f = value.As<Napi::Number>().DoubleValue();
  operand.i = value.As<Napi::Number>().Int64Value();
  operand.u = static_cast<std::uint64_t>(operand.i);
  return operand;
}

scan::ValueType toValueType(const Napi::Object& options) {
  Napi::Env env = options.Env();
  scan::ValueType type;
  const std::string kind = options.Get("kind").ToString().Utf8Value();
  if (kind == "signed") type.kind = scan::Kind::Signed;
  else if (kind == "unsigned") type.kind = scan::Kind::Unsigned;
  else if (kind == "float") type.kind = scan::Kind::Float;
  else throwArg(env, "kind must be signed, unsigned or float");
  type.width = static_cast<unsigned>(toIndex(options.Get("width"), "width"));
  type.step = static_cast<unsigned>(toIndex(options.Get("step"), "step"));
  type.bigEndian = options.Get("bigEndian").ToBoolean().Value();
  return type;
}

// Runs `work` on a worker thread against the session's candidates and
// clears the busy flag when it settles.
class ScanWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<void(scan::Candidates&)>;
  ScanWorker(Napi::Env env, CandidatesRef candidates, std::shared_ptr<std::atomic<bool>> busy, Work work,
             Napi::Value keepAlive)
      : Napi::AsyncWorker(env, "shm.scan"),
        deferred_(Napi::Promise::Deferred::New(env)),
        candidates_(std::move(candidates)),
        busy_(std::move(busy)),
        work_(std::move(work)) {
    if (keepAlive.IsObject()) keepAlive_ = Napi::Persistent(keepAlive.As<Napi::Object>());
  }
  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      work_(*candidates_);
    } catch (const std::bad_alloc&) {
      SetError("out of memory for the scan's candidates");
    } catch (const std::exception& error) {
      SetError(error.what());
    }
  }
  void OnOK() override {
    busy_->store(false);
    deferred_.Resolve(Env().Undefined());
  }
  void OnError(const Napi::Error& error) override {
    busy_->store(false);
    deferred_.Reject(codedError(Env(), "ERR_SHM_ARG", error.Message()).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  CandidatesRef candidates_;
  std::shared_ptr<std::atomic<bool>> busy_;
  Work work_;
  Napi::ObjectReference keepAlive_;
};

class ScanSession : public Napi::ObjectWrap<ScanSession> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "ScanSession",
                       {
                           InstanceMethod<&ScanSession::beginFirst>("beginFirst"),
                           InstanceMethod<&ScanSession::beginNext>("beginNext"),
                           InstanceMethod<&ScanSession::feed>("feed"),
                           InstanceMethod<&ScanSession::finish>("finish"),
                           InstanceMethod<&ScanSession::abort>("abort"),
                           InstanceMethod<&ScanSession::stats>("stats"),
                           InstanceMethod<&ScanSession::list>("list"),
                           InstanceMethod<&ScanSession::dispose>("dispose"),
                       });
  }

  explicit ScanSession(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ScanSession>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throwArg(env, "ScanSession needs { kind, width, bigEndian, step, blockSize }");
    const Napi::Object options = info[0].As<Napi::Object>();
    const std::uint64_t blockSize = toIndex(options.Get("blockSize"), "blockSize");
    try {
      candidates_ = std::make_shared<scan::Candidates>(toValueType(options), blockSize);
    } catch (const std::invalid_argument& error) {
      throwArg(env, error.what());
    }
  }

 private:
  scan::Candidates& idle(Napi::Env env) {
    if (!candidates_) throw codedError(env, "ERR_SCAN_DISPOSED", "this scan session was disposed");
    if (busy_->load()) throw codedError(env, "ERR_SCAN_BUSY", "a scan step is still running on these candidates");
    return *candidates_;
  }

  template <typename Body>
  Napi::Value guardedScan(Napi::Env env, Body body) {
    try {
      return body();
    } catch (const std::invalid_argument& error) {
      throwArg(env, error.what());
    } catch (const std::bad_alloc&) {
      throw codedError(env, "ERR_SHM_SYSTEM", "out of memory for the scan's candidates");
    }
  }

  Napi::Value begin(const Napi::CallbackInfo& info, bool first) {
    Napi::Env env = info.Env();
    scan::Candidates& candidates = idle(env);
    scan::Criteria criteria;
    criteria.mode = toMode(info[0]);
    criteria.a = toOperand(info[1]);
    criteria.b = toOperand(info[2]);
    return guardedScan(env, [&] {
      if (first) candidates.beginFirst(criteria);
      else candidates.beginNext(criteria);
      return env.Undefined();
    });
  }
  Napi::Value beginFirst(const Napi::CallbackInfo& info) { return begin(info, true); }
  Napi::Value beginNext(const Napi::CallbackInfo& info) { return begin(info, false); }

  Napi::Value runOnWorker(Napi::Env env, ScanWorker::Work work, Napi::Value keepAlive) {
    idle(env);
    busy_->store(true);
    auto* worker = new ScanWorker(env, candidates_, busy_, std::move(work), keepAlive);
    Napi::Promise promise = worker->promise();
    worker->Queue();
    return promise;
  }

  Napi::Value feed(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const Napi::Uint8Array chunk = toUint8Array(info[0], "chunk");
    const std::uint64_t base = toIndex(info[1], "base");
    const std::uint64_t startEnd = toIndex(info[2], "startEnd");
    const std::uint8_t* data = chunk.Data();
    const std::size_t length = chunk.ByteLength();
    return runOnWorker(
        env, [=](scan::Candidates& candidates) { candidates.feed(data, length, base, startEnd); }, chunk);
  }

  Napi::Value finish(const Napi::CallbackInfo& info) {
    return runOnWorker(info.Env(), [](scan::Candidates& candidates) { candidates.finish(); }, info.Env().Undefined());
  }

  Napi::Value abort(const Napi::CallbackInfo& info) {
    idle(info.Env()).abort();
    return info.Env().Undefined();
  }

  Napi::Value stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const scan::Candidates& candidates = idle(env);
    Napi::Object stats = Napi::Object::New(env);
    stats.Set("count", Napi::Number::New(env, static_cast<double>(candidates.count())));
    stats.Set("memoryBytes", Napi::Number::New(env, static_cast<double>(candidates.memoryBytes())));
    stats.Set("dense", Napi::Boolean::New(env, candidates.dense()));
    stats.Set("passOpen", Napi::Boolean::New(env, candidates.passOpen()));
    stats.Set("scanned", Napi::Boolean::New(env, candidates.scanned()));
    return stats;
  }

  Napi::Value list(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const scan::Candidates& candidates = idle(env);
    const std::uint64_t from = toIndex(info[0], "from");
    const std::uint64_t max = std::min<std::uint64_t>(toIndex(info[1], "max"), 1u << 20);
    std::vector<std::uint64_t> offsets;
    std::vector<std::uint8_t> values;
    candidates.list(from, static_cast<std::size_t>(max), offsets, values);
    Napi::Object result = Napi::Object::New(env);
    Napi::Array array = Napi::Array::New(env, offsets.size());
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      array.Set(static_cast<std::uint32_t>(i), Napi::Number::New(env, static_cast<double>(offsets[i])));
    }
    result.Set("offsets", array);
    result.Set("values", Napi::Buffer<std::uint8_t>::Copy(env, values.data(), values.size()));
    return result;
  }

  Napi::Value dispose(const Napi::CallbackInfo& info) {
    idle(info.Env());
    candidates_.reset();
    return info.Env().Undefined();
  }

  CandidatesRef candidates_;
  std::shared_ptr<std::atomic<bool>> busy_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace

void registerScan(Napi::Env env, Napi::Object exports) {
  exports.Set("ScanSession", ScanSession::define(env));
}

}  // namespace shm::binding
