// What addon.cc shares with the binding files that register beside it
// (watcher_binding.cc), so each can live in its own file.
#pragma once

#include <napi.h>

#include <memory>

#include "shared_block.h"
#include "shm_error.h"

namespace shm::addon {

// The library block behind a Block from openBlock(); ERR_SHM_ARG for anything else.
std::shared_ptr<SharedBlock> blockOf(const Napi::Value& value, const char* what);
Napi::Error jsError(Napi::Env env, const Error& error);

// watcher_binding.cc: adds Watcher, steadyNowMs and testing.emptyWriteFloor.
void registerWatcherBinding(Napi::Env env, Napi::Object exports);

}  // namespace shm::addon
