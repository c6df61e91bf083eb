// What the binding files share: addon.cc (blocks and the library's calls),
// watcher_binding.cc, search_binding.cc and scan_binding.cc. They only convert
// values between JavaScript and the library, so the conversions live here
// once, with one set of error codes and messages (binding_values.cc).
#pragma once

#include <napi.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "shared_block.h"
#include "shm_error.h"

namespace shm::binding {

// ---- Errors -------------------------------------------------------------

// A JavaScript Error whose `code` is the library's code name (ERR_SHM_...).
Napi::Error jsError(Napi::Env env, const Error& error);
// A JavaScript Error with a code of the engines' own (ERR_SCAN_BUSY, ...).
Napi::Error codedError(Napi::Env env, const char* code, const std::string& message);
[[noreturn]] void throwArg(Napi::Env env, const std::string& message);

// Runs a call into the library and rethrows its errors as JavaScript Errors.
template <typename Body>
auto guarded(Napi::Env env, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error& error) {
    throw jsError(env, error);
  } catch (const std::bad_alloc&) {
    throw jsError(env, Error(ErrorCode::System, "out of memory"));
  }
}

// ---- Arguments ------------------------------------------------------------

// What a value is, for messages: "number 1.5", "a string", "an object", ...
std::string describe(const Napi::Value& value);

// The hot calls (addon.cc) convert their arguments with the two functions
// below on every call, so the usual case is inline: one Node-API call and a
// compare or two. Anything else goes to the out-of-line refuse* functions,
// which throw the error.

// An offset, length or count: an integer Number from 0 to 2^53 - 1. Negative
// ones are outside every block (ERR_SHM_RANGE); fractions and non-numbers are
// bad arguments (ERR_SHM_ARG).
[[noreturn]] void refuseIndex(const Napi::Value& value, const char* what);
inline std::uint64_t toIndex(const Napi::Value& value, const char* what) {
  constexpr double kMaxSafeInteger = 9007199254740991.0;  // Number.MAX_SAFE_INTEGER
  double number = 0;
  // One call both checks the type and reads the value.
  if (napi_get_value_double(value.Env(), value, &number) == napi_ok && number >= 0 && number <= kMaxSafeInteger) {
    const auto index = static_cast<std::int64_t>(number);  // exact below 2^53; a signed conversion is one instruction
    if (static_cast<double>(index) == number) return static_cast<std::uint64_t>(index);
  }
  refuseIndex(value, what);
}

// The bytes of a Uint8Array (or Buffer) argument, for use during the call.
struct ByteView {
  std::uint8_t* data;
  std::size_t length;
};
[[noreturn]] void refuseBytes(const Napi::Value& value, const char* what);
inline ByteView toBytes(const Napi::Value& value, const char* what) {
  // One call both refuses values that are not typed arrays and finds the bytes.
  napi_typedarray_type type = napi_int8_array;
  std::size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(value.Env(), value, &type, &length, &data, nullptr, nullptr) == napi_ok &&
      type == napi_uint8_array) {
    return {static_cast<std::uint8_t*>(data), length};
  }
  refuseBytes(value, what);
}
// The same check, keeping the array itself (to hold a reference to it while a
// worker thread reads its bytes).
Napi::Uint8Array toUint8Array(const Napi::Value& value, const char* what);

// The library block behind a Block from openBlock(); ERR_SHM_ARG for anything else.
std::shared_ptr<SharedBlock> blockOf(const Napi::Value& value, const char* what);

// ---- The exports each binding file adds (called once by addon.cc's init) ----

void registerWatcher(Napi::Env env, Napi::Object exports);  // Watcher, steadyNowMs, testing.*WriteFloor
void registerSearch(Napi::Env env, Napi::Object exports);   // search.findInChunk
void registerScan(Napi::Env env, Napi::Object exports);     // ScanSession
void registerStats(Napi::Env env, Napi::Object exports);    // stats.summarize

}  // namespace shm::binding
