// The Node-API binding. It only converts values between JavaScript and the
// library (shared_block.h) and turns shm::Error into a JavaScript Error with a
// stable `code`. It never hands JavaScript memory that points into a mapping:
// read() fills a fresh Buffer (Electron's V8 sandbox forbids external buffers).
#include <napi.h>

#include <cmath>
#include <limits>

#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "validate.h"

namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // Number.MAX_SAFE_INTEGER

Napi::Error toJsError(Napi::Env env, const shm::Error& error) {
  Napi::Error jsError = Napi::Error::New(env, error.what());
  jsError.Set("code", Napi::String::New(env, shm::errorCodeName(error.code())));
  return jsError;
}

// Runs a call into the library and rethrows its errors as JavaScript Errors.
template <typename Body>
auto guarded(Napi::Env env, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const shm::Error& error) {
    throw toJsError(env, error);
  } catch (const std::bad_alloc&) {
    throw toJsError(env, shm::Error(shm::ErrorCode::System, "out of memory"));
  }
}

[[noreturn]] void throwArg(Napi::Env env, const std::string& message) {
  throw toJsError(env, shm::Error(shm::ErrorCode::Arg, message));
}

std::string describe(const Napi::Value& value) {
  if (value.IsNumber()) {
    return "number " + Napi::Value(value).ToString().Utf8Value();
  }
  if (value.IsString()) return "a string";
  if (value.IsNull()) return "null";
  if (value.IsUndefined()) return "undefined";
  if (value.IsBoolean()) return "a boolean";
  if (value.IsArray()) return "an array";
  if (value.IsTypedArray()) return "a typed array other than Uint8Array";
  if (value.IsObject()) return "an object";
  return "a value of another type";
}

// An offset, length or count: an integer Number; negative ones are outside
// every block (ERR_SHM_RANGE), fractions and non-numbers are bad arguments.
std::uint64_t toIndex(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  if (!value.IsNumber()) throwArg(env, std::string(what) + " must be a number, got " + describe(value));
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || number != std::floor(number)) {
    throwArg(env, std::string(what) + " must be a whole number, got " + describe(value));
  }
  if (number < 0 || number > kMaxSafeInteger) {
    throw toJsError(env, shm::Error(shm::ErrorCode::Range,
                                    std::string(what) + " " + value.ToString().Utf8Value() +
                                        " is outside every block (it must be from 0 to the block size)"));
  }
  return static_cast<std::uint64_t>(number);
}

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
      throw toJsError(env, shm::Error(shm::ErrorCode::Name,
                                      "block name has an unpaired surrogate at index " +
                                          std::to_string(i) + "; it has no UTF-8 form"));
    }
  }
  return value.As<Napi::String>().Utf8Value();
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
  if (!name.IsUndefined()) request.name = toName(name);
  if (!create.IsUndefined()) {
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

class BlockWrap : public Napi::ObjectWrap<BlockWrap> {
 public:
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
            // Configurable: index.js puts a pooled-Buffer read() in front of it.
            InstanceMethod<&BlockWrap::read>(
                "read", static_cast<napi_property_attributes>(napi_writable | napi_configurable)),
            InstanceMethod<&BlockWrap::readInto>("readInto"),
            InstanceMethod<&BlockWrap::write>("write"),
            InstanceMethod<&BlockWrap::setString>("setString"),
            InstanceMethod<&BlockWrap::getString>("getString"),
            InstanceMethod<&BlockWrap::writeCount>("writeCount"),
            InstanceMethod<&BlockWrap::linked>("linked"),
            InstanceMethod<&BlockWrap::close>("close"),
            InstanceMethod<&BlockWrap::unlink>("unlink"),
        });
  }

  // Only openBlock constructs blocks: it passes the opened library block.
  explicit BlockWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BlockWrap>(info) {
    if (info.Length() != 1 || !info[0].IsExternal()) {
      throw Napi::TypeError::New(info.Env(), "use openBlock({ name, size }) to get a Block");
    }
    block_.reset(info[0].As<Napi::External<shm::SharedBlock>>().Data());
  }
  // The finalizer of a block JavaScript forgot: the unique_ptr closes it.

  shm::SharedBlock& block() { return *block_; }

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

  Napi::Value read(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();  // ERR_SHM_CLOSED comes before argument errors
      const std::uint64_t offset = toIndex(info[0], "offset");
      const std::uint64_t length = toIndex(info[1], "length");
      shm::validateRange(offset, length, block_->size());
      // A fresh, V8-owned buffer filled under the lock: a copy, never a view.
      auto buffer = Napi::Buffer<std::uint8_t>::New(env, static_cast<std::size_t>(length));
      block_->read(offset, length, buffer.Data());
      return buffer;
    });
  }

  // Copies target.byteLength bytes from offset into a caller's Uint8Array: no
  // allocation here, so index.js can hand out small pooled Buffers.
  Napi::Value readInto(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();
      const std::uint64_t offset = toIndex(info[0], "offset");
      const Napi::Value target = info[1];
      if (!target.IsTypedArray() || target.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throwArg(env, "target must be a Uint8Array or Buffer, got " + describe(target));
      }
      auto array = target.As<Napi::Uint8Array>();
      block_->read(offset, array.ByteLength(), array.Data());
      return env.Undefined();
    });
  }

  Napi::Value write(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();
      const std::uint64_t offset = toIndex(info[0], "offset");
      const Napi::Value bytes = info[1];
      if (!bytes.IsTypedArray() || bytes.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        throwArg(env, "bytes must be a Uint8Array or Buffer, got " + describe(bytes));
      }
      auto array = bytes.As<Napi::Uint8Array>();
      block_->write(offset, array.Data(), array.ByteLength());
      return env.Undefined();
    });
  }

  Napi::Value setString(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();
      if (!info[0].IsString()) throwArg(env, "text must be a string, got " + describe(info[0]));
      const std::u16string text = info[0].As<Napi::String>().Utf16Value();
      const shm::StoreResult stored = block_->setString(text.data(), text.size());
      Napi::Object result = Napi::Object::New(env);
      result.Set("units", Napi::Number::New(env, static_cast<double>(stored.units)));
      result.Set("truncated", Napi::Boolean::New(env, stored.truncated));
      return result;
    });
  }

  Napi::Value getString(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      block_->requireOpen();
      std::size_t maxUnits = block_->unitCapacity();
      if (info.Length() > 0 && !info[0].IsUndefined()) {
        const Napi::Value limit = info[0];
        if (!limit.IsNumber() || limit.As<Napi::Number>().DoubleValue() < 0) {
          throwArg(env, "maxUnits must be a whole number from 0 up, got " + describe(limit));
        }
        maxUnits = static_cast<std::size_t>(toIndex(limit, "maxUnits"));
      }
      const std::u16string text = block_->getString(maxUnits);
      return Napi::String::New(env, text);
    });
  }

  Napi::Value writeCount(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value {
      return Napi::Number::New(info.Env(), static_cast<double>(block_->writeCount()));
    });
  }

  Napi::Value linked(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), block_->linked()); });
  }

  Napi::Value close(const Napi::CallbackInfo& info) {
    block_->close();
    return info.Env().Undefined();
  }

  Napi::Value unlink(const Napi::CallbackInfo& info) {
    return guarded(info.Env(), [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), block_->unlink()); });
  }

  std::unique_ptr<shm::SharedBlock> block_;
};

struct AddonData {
  Napi::FunctionReference blockClass;
};

Napi::Value openBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const shm::OpenRequest request = toOpenRequest(info[0]);
    std::unique_ptr<shm::SharedBlock> block = shm::SharedBlock::open(request);
    auto* data = env.GetInstanceData<AddonData>();
    Napi::Object wrapper = data->blockClass.New({Napi::External<shm::SharedBlock>::New(env, block.get())});
    block.release();  // owned by the wrapper now
    return wrapper;
  });
}

Napi::Value unlinkBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    return Napi::Boolean::New(env, shm::SharedBlock::unlinkByName(toName(info[0])));
  });
}

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
  env.SetInstanceData(data);

  exports.Set("Block", data->blockClass.Value());
  exports.Set("openBlock", Napi::Function::New<openBlock>(env, "openBlock"));
  exports.Set("unlinkBlock", Napi::Function::New<unlinkBlock>(env, "unlinkBlock"));
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
  return exports;
}

}  // namespace

NODE_API_MODULE(shm_native, init)
