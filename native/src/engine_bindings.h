// The bindings of the engines behind Find and the value scan (search.h,
// scan.h). addon.cc calls registerEngines once; each engine adds its object
// to the exports. Helpers shared by the engine bindings live here too.
#pragma once

#include <napi.h>

#include <string>

namespace shm::engines {

// exports.search (search_binding.cc) and exports.ScanSession (scan_binding.cc).
void registerSearch(Napi::Env env, Napi::Object exports);
void registerScan(Napi::Env env, Napi::Object exports);

inline void registerEngines(Napi::Env env, Napi::Object exports) {
  registerSearch(env, exports);
  registerScan(env, exports);
}

// An Error with a stable `code`, as the rest of the addon throws.
inline Napi::Error codedError(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

[[noreturn]] inline void throwArg(Napi::Env env, const std::string& message) {
  throw codedError(env, "ERR_SHM_ARG", message);
}

inline Napi::Uint8Array bytesArg(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throwArg(value.Env(), std::string(what) + " must be a Uint8Array or Buffer");
  }
  return value.As<Napi::Uint8Array>();
}

// A whole number from 0 to 2^53 - 1.
inline std::uint64_t indexArg(const Napi::Value& value, const char* what) {
  if (!value.IsNumber()) throwArg(value.Env(), std::string(what) + " must be a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 0 && number <= 9007199254740991.0) || number != static_cast<double>(static_cast<std::uint64_t>(number))) {
    throwArg(value.Env(), std::string(what) + " must be a whole number from 0 up");
  }
  return static_cast<std::uint64_t>(number);
}

}  // namespace shm::engines
