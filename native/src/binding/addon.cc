// The Node-API binding. It only converts values between JavaScript and the
// library (shared_block.h) and turns shm::Error into a JavaScript Error with a
// stable `code`. It never hands JavaScript memory that points into a mapping:
// reads fill a fresh Buffer (Electron's V8 sandbox forbids external buffers).
#include <napi.h>

#include <cmath>
#include <limits>
#include <memory>

#include "binding.h"
#include "parent_death.h"
#include "windows/section_list_windows.h"
#include "backend_proc.h"
#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "validate.h"

namespace {

using namespace shm::binding;  // the shared conversions (binding.h)

// The UTF-16 units of a string argument. Short strings (the usual case) are
// copied into a buffer on the stack with one napi call and no allocation.
class Utf16Arg {
 public:
  Utf16Arg(const Napi::Value& value, const char* what) {
    const napi_env env = value.Env();
    std::size_t copied = 0;
    if (napi_get_value_string_utf16(env, value, inline_, kInlineUnits + 1, &copied) != napi_ok) {
      throwArg(value.Env(), std::string(what) + " must be a string, got " + describe(value));
    }
    data_ = inline_;
    length_ = copied;
    if (copied < kInlineUnits) return;  // the whole string fitted
    std::size_t length = 0;
    napi_get_value_string_utf16(env, value, nullptr, 0, &length);
    heap_.resize(length);
    napi_get_value_string_utf16(env, value, &heap_[0], length + 1, &copied);
    data_ = heap_.data();
    length_ = copied;
  }
  Utf16Arg(const Utf16Arg&) = delete;
  Utf16Arg& operator=(const Utf16Arg&) = delete;

  const char16_t* data() const { return data_; }
  std::size_t length() const { return length_; }

 private:
  static constexpr std::size_t kInlineUnits = 256;
  char16_t inline_[kInlineUnits + 1];  // + the NUL napi writes
  std::u16string heap_;
  const char16_t* data_;
  std::size_t length_;
};

std::string toName(const Napi::Value& value) {
  Napi::Env env = value.Env();
  if (!value.IsString()) throwArg(env, "block name must be a string, got " + describe(value));
  // An unpaired surrogate has no UTF-8 form; it would silently become U+FFFD.
  const std::u16string units = value.As<Napi::String>().Utf16Value();
  for (std::size_t i = 0; i < units.size(); ++i) {
    const char16_t unit = units[i];
    const bool high = unit >= 0xD800 && unit <= 0xDBFF;
    const bool low = unit >= 0xDC00 && unit <= 0xDFFF;
    const bool pairedHigh = high && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF;
    if (pairedHigh) { ++i; continue; }
    if (high || low) {
      throw jsError(env, shm::Error(shm::ErrorCode::Name,
                                      "block name has an unpaired surrogate at index " +
                                          std::to_string(i) + "; it has no UTF-8 form"));
    }
  }
  return value.As<Napi::String>().Utf8Value();
}

// openBlock's lockTimeoutMs: whole milliseconds from 0 to kMaxLockTimeoutMs.
std::uint32_t toLockTimeout(const Napi::Value& value) {
  const bool whole = value.IsNumber() && std::isfinite(value.As<Napi::Number>().DoubleValue()) &&
                     value.As<Napi::Number>().DoubleValue() == std::floor(value.As<Napi::Number>().DoubleValue());
  const double ms = whole ? value.As<Napi::Number>().DoubleValue() : -1;
  if (ms < 0 || ms > shm::kMaxLockTimeoutMs) {
    throwArg(value.Env(), "lockTimeoutMs must be a whole number of milliseconds from 0 to " +
                              std::to_string(shm::kMaxLockTimeoutMs) + ", got " + describe(value));
  }
  return static_cast<std::uint32_t>(ms);
}

shm::OpenRequest toOpenRequest(const Napi::Value& value) {
  Napi::Env env = value.Env();
  shm::OpenRequest request;
  request.name = shm::kDefaultName;
  request.size = shm::kDefaultSize;
  if (value.IsUndefined()) return request;
  if (!value.IsObject() || value.IsArray()) {
    throwArg(env, "openBlock options must be an object such as { name, size }, got " + describe(value));
  }
  Napi::Object options = value.As<Napi::Object>();
  const Napi::Value name = options.Get("name");
  const Napi::Value size = options.Get("size");
  const Napi::Value create = options.Get("create");
  const Napi::Value readOnly = options.Get("readOnly");
  const Napi::Value lockTimeoutMs = options.Get("lockTimeoutMs");
  if (!name.IsUndefined()) request.name = toName(name);
  if (!readOnly.IsUndefined()) {
    if (!readOnly.IsBoolean()) throwArg(env, "readOnly must be true or false, got " + describe(readOnly));
    if (readOnly.As<Napi::Boolean>().Value()) {
      // Read-only opens an existing object as it is: never creates, adopts its size.
      request.access = shm::Access::ReadOnly;
      request.mode = shm::OpenMode::OpenExisting;
      if (size.IsUndefined()) request.size = shm::kAnySize;
    }
  }
  if (!lockTimeoutMs.IsUndefined()) request.lockTimeoutMs = toLockTimeout(lockTimeoutMs);
  if (!create.IsUndefined() && request.access == shm::Access::ReadOnly) {
    if (!create.IsBoolean() || create.As<Napi::Boolean>().Value()) {
      throwArg(env, "readOnly: true opens an existing block only; leave create out or false");
    }
  } else if (!create.IsUndefined()) {
    if (!create.IsBoolean()) throwArg(env, "create must be true or false, got " + describe(create));
    request.mode = create.As<Napi::Boolean>().Value() ? shm::OpenMode::CreateOrOpen
                                                      : shm::OpenMode::OpenExisting;
  }
  if (size.IsString() && size.As<Napi::String>().Utf8Value() == "existing") {
    if (request.mode != shm::OpenMode::OpenExisting) {
      throwArg(env, "size 'existing' needs create: false (a new block needs a size)");
    }
    request.size = shm::kAnySize;
  } else if (!size.IsUndefined()) {
    if (!size.IsNumber()) throwArg(env, "size must be a number of bytes, got " + describe(size));
    request.size = guarded(env, [&] { return shm::validateSize(size.As<Napi::Number>().DoubleValue()); });
  }
  return request;
}

// A block's C++ object is shared by its JavaScript wrapper (BlockWrap) and by
// the functions of its hot calls; the last of them to be collected closes it.
using BlockRef = std::shared_ptr<shm::SharedBlock>;

// ---- The hot calls: read, readInto, write, setString, getString ----------
//
// Node-API finds the C++ object of an ObjectWrap with napi_unwrap, a lookup of
// a private property that costs ~35 ns: more than the rest of a 4 KiB write.
// So each block gets its hot calls as functions created with the block as
// their data, which Node-API hands over for free. openBlock keeps them on the
// Block under the `blockCalls` symbol; the Block's methods in index.js call
// them. Each function holds its own reference, so one that JavaScript kept
// after its Block was collected still finds a live (perhaps closed) block.
//
// They are plain Node-API callbacks: node-addon-api's CallbackInfo fetches six
// arguments and `this` for every call, ~8 ns that a 4 KiB write cannot spare.

// The arguments of one hot call (missing ones read as undefined) and its block.
template <std::size_t Argc>
class HotCall {
 public:
  HotCall(napi_env env, napi_callback_info info) : env_(env) {
    std::size_t argc = Argc;
    void* data = nullptr;
    const napi_status status = napi_get_cb_info(env, info, &argc, argv_, nullptr, &data);
    NAPI_THROW_IF_FAILED_VOID(env, status);
    block_ = static_cast<BlockRef*>(data)->get();
  }
  Napi::Env env() const { return env_; }
  Napi::Value arg(std::size_t index) const { return Napi::Value(env_, argv_[index]); }
  shm::SharedBlock& block() const { return *block_; }

 private:
  Napi::Env env_;
  napi_value argv_[Argc];
  shm::SharedBlock* block_ = nullptr;
};

// Runs the body of a hot call; its errors become JavaScript exceptions.
template <std::size_t Argc, typename Body>
napi_value runHotCall(napi_env env, napi_callback_info info, Body body) noexcept {
  try {
    const HotCall<Argc> call(env, info);
    return guarded(call.env(), [&]() -> napi_value { return body(call); });
  } catch (const Napi::Error& error) {
    error.ThrowAsJavaScriptException();
    return nullptr;
  }
}

// read(offset, length): a fresh Buffer allocated here. index.js uses it only
// to report bad arguments: a pooled Buffer from JavaScript plus readInto is
// cheaper for every good call.
napi_value readCall(napi_env env, napi_callback_info info) {
  return runHotCall<2>(env, info, [](const HotCall<2>& call) -> napi_value {
    shm::SharedBlock& block = call.block();
    block.requireOpen();  // ERR_SHM_CLOSED comes before argument errors
    const std::uint64_t offset = toIndex(call.arg(0), "offset");
    const std::uint64_t length = toIndex(call.arg(1), "length");
    shm::validateRange(offset, length, block.size());
    // A fresh, V8-owned buffer filled under the lock: a copy, never a view.
    auto buffer = Napi::Buffer<std::uint8_t>::New(call.env(), static_cast<std::size_t>(length));
    block.read(offset, length, buffer.Data());
    return buffer;
  });
}

// readInto(offset, target): copies target.byteLength bytes from offset.
napi_value readIntoCall(napi_env env, napi_callback_info info) {
  return runHotCall<2>(env, info, [](const HotCall<2>& call) -> napi_value {
    call.block().requireOpen();
    const std::uint64_t offset = toIndex(call.arg(0), "offset");
    const ByteView target = toBytes(call.arg(1), "target");
    call.block().read(offset, target.length, target.data);
    return nullptr;  // undefined
  });
}

napi_value writeCall(napi_env env, napi_callback_info info) {
  return runHotCall<2>(env, info, [](const HotCall<2>& call) -> napi_value {
    call.block().requireOpen();
    const std::uint64_t offset = toIndex(call.arg(0), "offset");
    const ByteView bytes = toBytes(call.arg(1), "bytes");
    call.block().write(offset, bytes.data, bytes.length);
    return nullptr;  // undefined
  });
}

// setString(text) returns the units stored, a Number: index.js builds
// { units, truncated } (truncated is exactly units < text.length, see
// StoreResult), which a JavaScript object literal does several times faster
// than Node-API can.
napi_value setStringCall(napi_env env, napi_callback_info info) {
  return runHotCall<1>(env, info, [](const HotCall<1>& call) -> napi_value {
    call.block().requireOpen();
    const Utf16Arg text(call.arg(0), "text");
    const shm::StoreResult stored = call.block().setString(text.data(), text.length());
    return Napi::Number::New(call.env(), static_cast<double>(stored.units));
  });
}

std::size_t toMaxUnits(const Napi::Value& limit, const shm::SharedBlock& block) {
  if (limit.IsUndefined()) return block.unitCapacity();
  if (!limit.IsNumber() || limit.As<Napi::Number>().DoubleValue() < 0) {
    throwArg(limit.Env(), "maxUnits must be a whole number from 0 up, got " + describe(limit));
  }
  return static_cast<std::size_t>(toIndex(limit, "maxUnits"));
}

napi_value getStringCall(napi_env env, napi_callback_info info) {
  return runHotCall<1>(env, info, [](const HotCall<1>& call) -> napi_value {
    shm::SharedBlock& block = call.block();
    block.requireOpen();
    const std::size_t maxUnits = toMaxUnits(call.arg(0), block);
    // Copied under the lock into a stack buffer that holds the whole text of
    // the seed's 4 KiB block, and made a JavaScript string after the lock.
    constexpr std::size_t kStackUnits = 2048;
    char16_t units[kStackUnits];
    const std::size_t length = block.getStringInto(maxUnits, units, kStackUnits);
    if (length != shm::SharedBlock::kDoesNotFit) return Napi::String::New(call.env(), units, length);
    return Napi::String::New(call.env(), block.getString(maxUnits));
  });
}

// Adds a function bound to `block` to `calls`; its finalizer drops its reference.
void bindCall(Napi::Object calls, const char* name, napi_callback call, const BlockRef& block) {
  Napi::Env env = calls.Env();
  auto reference = std::make_unique<BlockRef>(block);
  napi_value raw = nullptr;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, call, reference.get(), &raw));
  Napi::Function function(env, raw);
  function.AddFinalizer([](Napi::Env, BlockRef* dropped) { delete dropped; }, reference.get());
  reference.release();  // owned by the function's finalizer now
  calls.Set(name, function);
}

Napi::Object makeHotCalls(Napi::Env env, const BlockRef& block) {
  Napi::Object calls = Napi::Object::New(env);
  // The size never changes: index.js checks a read's length against it
  // without a Node-API call.
  calls.Set("size", Napi::Number::New(env, static_cast<double>(block->size())));
  bindCall(calls, "read", readCall, block);
  bindCall(calls, "readInto", readIntoCall, block);
  bindCall(calls, "write", writeCall, block);
  bindCall(calls, "setString", setStringCall, block);
  bindCall(calls, "getString", getStringCall, block);
  calls.Freeze();
  return calls;
}

// ---- The Block wrapper: properties and the calls that are not hot --------

struct AddonData {
  Napi::FunctionReference blockClass;
  Napi::Reference<Napi::Symbol> blockCallsKey;
  // Set by openBlock only while it constructs a Block, which takes it.
  const BlockRef* blockBeingWrapped = nullptr;
};

class BlockWrap : public Napi::ObjectWrap<BlockWrap> {
 public:
  // read, readInto, write, setString and getString are defined by index.js
  // over the hot calls.
  static Napi::Function define(Napi::Env env) {
    return DefineClass(
        env, "Block",
        {
            InstanceAccessor<&BlockWrap::name>("name"),
            InstanceAccessor<&BlockWrap::size>("size"),
            InstanceAccessor<&BlockWrap::createdHere>("createdHere"),
            InstanceAccessor<&BlockWrap::backend>("backend"),
            InstanceAccessor<&BlockWrap::systemName>("systemName"),
            InstanceAccessor<&BlockWrap::closed>("closed"),
            InstanceAccessor<&BlockWrap::readOnly>("readOnly"),
            InstanceAccessor<&BlockWrap::locked>("locked"),
            InstanceMethod<&BlockWrap::writeCount>("writeCount"),
            InstanceMethod<&BlockWrap::linked>("linked"),
            InstanceMethod<&BlockWrap::currentSize>("currentSize"),
            InstanceMethod<&BlockWrap::close>("close"),
            InstanceMethod<&BlockWrap::unlink>("unlink"),
            InstanceMethod<&BlockWrap::writeIfUnchanged>("writeIfUnchanged"),
        });
  }

  // Only openBlock constructs blocks: `new Block()` from JavaScript has no
  // block being wrapped and is refused.
  explicit BlockWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BlockWrap>(info) {
    const BlockRef* opened = info.Env().GetInstanceData<AddonData>()->blockBeingWrapped;
    if (opened == nullptr) {
      throw Napi::TypeError::New(info.Env(), "use openBlock({ name, size }) to get a Block");
    }
    block_ = *opened;
  }
  // The finalizer of a block JavaScript forgot drops this reference; the
  // last reference closes the block.

  shm::SharedBlock& block() { return *block_; }
  const BlockRef& ref() const { return block_; }

 private:
  Napi::Value name(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), block_->name()); }
  Napi::Value size(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(block_->size()));
  }
  Napi::Value createdHere(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), block_->createdHere());
  }
  Napi::Value backend(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), shm::backendName());
  }
  Napi::Value systemName(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), block_->systemName());
  }
  Napi::Value closed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), block_->closed()); }
  Napi::Value readOnly(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), block_->readOnly()); }
  // Whether reads and writes take the cross-process lock (false: reads may tear).
  Napi::Value locked(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), block_->lockEnabled()); }

  Napi::Value writeCount(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      return Napi::Number::New(info.Env(), static_cast<double>(block_->writeCount()));
    });
  }

  Napi::Value linked(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), block_->linked()); });
  }

  // The object's size now: less than `size` once another process shrank it.
  Napi::Value currentSize(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      block_->requireOpen();
      return Napi::Number::New(info.Env(), static_cast<double>(block_->currentSize()));
    });
  }

  Napi::Value close(const Napi::CallbackInfo& info) {
    block_->close();
    return info.Env().Undefined();
  }

  Napi::Value unlink(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), block_->unlink()); });
  }

  // writeIfUnchanged(offset, expect, bytes) -> { written, found }: the compare
  // and the write in one hold of the lock (SharedBlock::writeIfUnchanged).
  Napi::Value writeIfUnchanged(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();
      const std::uint64_t offset = toIndex(info[0], "offset");
      const ByteView expect = toBytes(info[1], "expect");
      const ByteView bytes = toBytes(info[2], "bytes");
      if (expect.length != bytes.length) {
        throwArg(env, "expect holds " + std::to_string(expect.length) + " bytes and bytes " +
                          std::to_string(bytes.length) + ": they must be as long");
      }
      auto found = Napi::Buffer<std::uint8_t>::New(env, static_cast<std::size_t>(bytes.length));
      const bool written = block_->writeIfUnchanged(offset, expect.data, bytes.data, bytes.length, found.Data());
      Napi::Object result = Napi::Object::New(env);
      result.Set("written", Napi::Boolean::New(env, written));
      result.Set("found", found);
      return result;
    });
  }

  BlockRef block_;
};

// Constructs the Block wrapper of an opened block (see BlockWrap's constructor).
Napi::Object wrapBlock(Napi::Env env, const BlockRef& block) {
  auto* data = env.GetInstanceData<AddonData>();
  struct Handover {
    AddonData* data;
    ~Handover() { data->blockBeingWrapped = nullptr; }
  } handover{data};
  data->blockBeingWrapped = &block;
  return data->blockClass.New({});
}

Napi::Value openBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const shm::OpenRequest request = toOpenRequest(info[0]);
    const BlockRef block = shm::SharedBlock::open(request);
    Napi::Object wrapper = wrapBlock(env, block);
    auto* data = env.GetInstanceData<AddonData>();
    wrapper.DefineProperty(
        Napi::PropertyDescriptor::Value(data->blockCallsKey.Value(), makeHotCalls(env, block), napi_default));
    return wrapper;
  });
}

// openSysvSegment({ id }): a System V segment attached read-only (Linux).
Napi::Value openSysvSegment(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsObject() || info[0].IsArray()) {
      throwArg(env, "openSysvSegment options must be an object such as { id }, got " + describe(info[0]));
    }
    const Napi::Value id = info[0].As<Napi::Object>().Get("id");
    const std::uint64_t segment = toIndex(id, "id");
    if (segment > 0x7FFFFFFF) throwArg(env, "id must be a System V segment id (0 to 2147483647), got " + describe(id));
    const BlockRef block = shm::SharedBlock::openSysvSegment(static_cast<int>(segment));
    Napi::Object wrapper = wrapBlock(env, block);
    auto* data = env.GetInstanceData<AddonData>();
    wrapper.DefineProperty(
        Napi::PropertyDescriptor::Value(data->blockCallsKey.Value(), makeHotCalls(env, block), napi_default));
    return wrapper;
  });
}

// openProcObject({ pid, fd } | { pid, start, end }): unnamed shared memory
// through /proc, read-only (Linux). start and end are hex strings as
// /proc/<pid>/map_files names a range; the library checks their form.
Napi::Value openProcObject(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsObject() || info[0].IsArray()) {
      throwArg(env, "openProcObject options must be an object such as { pid, fd } or { pid, start, end }, got " +
                        describe(info[0]));
    }
    const Napi::Object options = info[0].As<Napi::Object>();
    shm::ProcObjectRef ref;
    const std::uint64_t pid = toIndex(options.Get("pid"), "pid");
    if (pid > 0xFFFFFFFFu) throwArg(env, "pid must be a process id, got " + describe(options.Get("pid")));
    ref.pid = static_cast<std::uint32_t>(pid);
    const Napi::Value fd = options.Get("fd");
    if (!fd.IsUndefined()) {
      const std::uint64_t number = toIndex(fd, "fd");
      if (number > 0x7FFFFFFF) throwArg(env, "fd must be a descriptor number (0 to 2147483647), got " + describe(fd));
      ref.fd = static_cast<std::uint32_t>(number);
    } else {
      const Napi::Value start = options.Get("start");
      const Napi::Value end = options.Get("end");
      if (!start.IsString() || !end.IsString()) throwArg(env, "give fd, or start and end as hex strings");
      ref.byFd = false;
      ref.start = start.As<Napi::String>().Utf8Value();
      ref.end = end.As<Napi::String>().Utf8Value();
    }
    const BlockRef block = shm::SharedBlock::openProcObject(ref);
    Napi::Object wrapper = wrapBlock(env, block);
    auto* data = env.GetInstanceData<AddonData>();
    wrapper.DefineProperty(
        Napi::PropertyDescriptor::Value(data->blockCallsKey.Value(), makeHotCalls(env, block), napi_default));
    return wrapper;
  });
}

Napi::Value unlinkBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    return Napi::Boolean::New(env, shm::SharedBlock::unlinkByName(toName(info[0])));
  });
}

// exitWithParent(): the Node reader's twin of shm-reader's first step (see
// parent_death.h). false means the inspector that started us is gone.
Napi::Value exitWithParent(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), shm::exitWithParentNamedInEnvironment());
}

// Windows only, so its binding is too: the addon has no listSections elsewhere
// (index.d.ts types it optional) rather than one that always throws.
#if defined(_WIN32)
// listSections(): [{ name, directory, holders }] for every named section
// (section_list_windows.h); holders: [{ pid, image }], or null when the
// system does not give its handle table.
Napi::Value listSections(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const shm::SectionListing listing = shm::listSections();
    Napi::Array sections = Napi::Array::New(env, listing.sections.size());
    for (std::size_t i = 0; i < listing.sections.size(); ++i) {
      Napi::Object section = Napi::Object::New(env);
      section.Set("name", listing.sections[i].name);
      section.Set("directory", listing.sections[i].directory);
      if (!listing.holdersKnown) {
        section.Set("holders", env.Null());
      } else {
        const auto& holders = listing.sections[i].holders;
        Napi::Array list = Napi::Array::New(env, holders.size());
        for (std::size_t k = 0; k < holders.size(); ++k) {
          Napi::Object holder = Napi::Object::New(env);
          holder.Set("pid", Napi::Number::New(env, holders[k].pid));
          holder.Set("image", holders[k].image);
          list.Set(static_cast<uint32_t>(k), holder);
        }
        section.Set("holders", list);
      }
      sections.Set(static_cast<uint32_t>(i), section);
    }
    return sections;
  });
}
#endif

// TEST ONLY: lock hooks used by the tests that kill a lock holder.
shm::SharedBlock& unwrapBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto* data = env.GetInstanceData<AddonData>();
  if (!info[0].IsObject() || !info[0].As<Napi::Object>().InstanceOf(data->blockClass.Value())) {
    throwArg(env, "expected a Block from openBlock(), got " + describe(info[0]));
  }
  return BlockWrap::Unwrap(info[0].As<Napi::Object>())->block();
}

Napi::Value testHoldLock(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    unwrapBlock(info).testHoldLock();
    return info.Env().Undefined();
  });
}

Napi::Value testReleaseLock(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    unwrapBlock(info).testReleaseLock();
    return info.Env().Undefined();
  });
}

Napi::Value testTryLock(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), unwrapBlock(info).testTryLock());
  });
}

Napi::Value testLockEnabled(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), unwrapBlock(info).lockEnabled());
  });
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->blockClass = Napi::Persistent(BlockWrap::define(env));
  data->blockCallsKey = Napi::Persistent(Napi::Symbol::New(env, "shm block calls"));
  env.SetInstanceData(data);

  exports.Set("Block", data->blockClass.Value());
  exports.Set("blockCalls", data->blockCallsKey.Value());
  exports.Set("openBlock", Napi::Function::New<openBlock>(env, "openBlock"));
  exports.Set("unlinkBlock", Napi::Function::New<unlinkBlock>(env, "unlinkBlock"));
  exports.Set("openSysvSegment", Napi::Function::New<openSysvSegment>(env, "openSysvSegment"));
  exports.Set("openProcObject", Napi::Function::New<openProcObject>(env, "openProcObject"));
  exports.Set("exitWithParent", Napi::Function::New<exitWithParent>(env, "exitWithParent"));
#if defined(_WIN32)
  exports.Set("listSections", Napi::Function::New<listSections>(env, "listSections"));
#endif
  exports.Set("backend", Napi::String::New(env, shm::backendName()));
  exports.Set("DEFAULT_NAME", Napi::String::New(env, shm::kDefaultName));
  exports.Set("DEFAULT_SIZE", Napi::Number::New(env, static_cast<double>(shm::kDefaultSize)));
  exports.Set("MAX_SIZE", Napi::Number::New(env, static_cast<double>(shm::kMaxSize)));
  exports.Set("MAX_NAME_LENGTH", Napi::Number::New(env, static_cast<double>(shm::kMaxNameLength)));
  exports.Set("LOCK_SUFFIX", Napi::String::New(env, shm::kLockSuffix));
  exports.Set("NO_LOCK_ENV", Napi::String::New(env, shm::kNoLockEnvVar));

  Napi::Object testing = Napi::Object::New(env);
  testing.Set("holdLock", Napi::Function::New<testHoldLock>(env, "holdLock"));
  testing.Set("releaseLock", Napi::Function::New<testReleaseLock>(env, "releaseLock"));
  testing.Set("tryLock", Napi::Function::New<testTryLock>(env, "tryLock"));
  testing.Set("lockEnabled", Napi::Function::New<testLockEnabled>(env, "lockEnabled"));
  exports.Set("testing", testing);
  registerWatcher(env, exports);
  registerSearch(env, exports);
  registerScan(env, exports);
  registerStats(env, exports);
  return exports;
}

}  // namespace

namespace shm::binding {

std::shared_ptr<SharedBlock> blockOf(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  auto* data = env.GetInstanceData<AddonData>();
  if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(data->blockClass.Value())) {
    throwArg(env, std::string(what) + " must be a Block from openBlock(), got " + describe(value));
  }
  return BlockWrap::Unwrap(value.As<Napi::Object>())->ref();
}

}  // namespace shm::binding

NODE_API_MODULE(shm_native, init)
