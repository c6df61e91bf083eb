// Value conversions shared by every binding file (binding.h).
#include <cmath>

#include "binding.h"

namespace shm::binding {

Napi::Error jsError(Napi::Env env, const Error& error) {
  Napi::Error coded = codedError(env, errorCodeName(error.code()), error.what());
  if (error.hasNewSize()) coded.Set("newSize", Napi::Number::New(env, static_cast<double>(error.newSize())));
  return coded;
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

// Everything toIndex's inline check let through: not a number, not whole,
// or a whole number outside 0 .. 2^53 - 1.
void refuseIndex(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  double number = 0;
  if (napi_get_value_double(env, value, &number) != napi_ok) {
    throwArg(env, std::string(what) + " must be a number, got " + describe(value));
  }
  if (!std::isfinite(number) || number != std::floor(number)) {
    throwArg(env, std::string(what) + " must be a whole number, got " + describe(value));
  }
  throw jsError(env, Error(ErrorCode::Range, std::string(what) + " " + value.ToString().Utf8Value() +
                                                 " is outside every block (it must be from 0 to the block size)"));
}

void refuseBytes(const Napi::Value& value, const char* what) {
  throwArg(value.Env(), std::string(what) + " must be a Uint8Array or Buffer, got " + describe(value));
}

Napi::Uint8Array toUint8Array(const Napi::Value& value, const char* what) {
  toBytes(value, what);
  return value.As<Napi::Uint8Array>();
}

}  // namespace shm::binding
