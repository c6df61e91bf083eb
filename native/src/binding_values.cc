// Value conversions shared by every binding file (binding.h).
#include <cmath>

#include "binding.h"

namespace shm::binding {

namespace {
constexpr double kMaxSafeInteger = 9007199254740991.0;  // Number.MAX_SAFE_INTEGER
}  // namespace

Napi::Error jsError(Napi::Env env, const Error& error) {
  return codedError(env, errorCodeName(error.code()), error.what());
}

Napi::Error codedError(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

[[noreturn]] void throwArg(Napi::Env env, const std::string& message) {
  throw jsError(env, Error(ErrorCode::Arg, message));
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

std::uint64_t toIndex(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  double number = 0;
  // One call both checks the type and reads the value (the hot calls use this).
  if (napi_get_value_double(env, value, &number) != napi_ok) {
    throwArg(env, std::string(what) + " must be a number, got " + describe(value));
  }
  // The usual case first, without a call to floor: a whole number in range.
  if (number >= 0 && number <= kMaxSafeInteger) {
    const auto index = static_cast<std::uint64_t>(number);
    if (static_cast<double>(index) == number) return index;
  }
  if (!std::isfinite(number) || number != std::floor(number)) {
    throwArg(env, std::string(what) + " must be a whole number, got " + describe(value));
  }
  throw jsError(env, Error(ErrorCode::Range, std::string(what) + " " + value.ToString().Utf8Value() +
                                                 " is outside every block (it must be from 0 to the block size)"));
}

ByteView toBytes(const Napi::Value& value, const char* what) {
  // One napi_get_typedarray_info both refuses values that are not typed
  // arrays and finds the bytes (the hot calls use this).
  napi_typedarray_type type = napi_int8_array;
  std::size_t length = 0;
  void* data = nullptr;
  const napi_status status = napi_get_typedarray_info(value.Env(), value, &type, &length, &data, nullptr, nullptr);
  if (status != napi_ok || type != napi_uint8_array) {
    throwArg(value.Env(), std::string(what) + " must be a Uint8Array or Buffer, got " + describe(value));
  }
  return {static_cast<std::uint8_t*>(data), length};
}

Napi::Uint8Array toUint8Array(const Napi::Value& value, const char* what) {
  toBytes(value, what);
  return value.As<Napi::Uint8Array>();
}

}  // namespace shm::binding
