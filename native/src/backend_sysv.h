// System V shared memory segments, read-only (backend_sysv.cc).
#pragma once

#include <memory>
#include <string>

#include "backend.h"

namespace shm {

// Attaches segment `id` with shmat(SHM_RDONLY). ErrorCode::NotFound when there
// is no such segment, ErrorCode::Unsupported off Linux.
std::unique_ptr<BlockMapping> openSysvSegmentMapping(int id);

// The name a segment's Block carries: "sysv:<id>".
std::string sysvBlockName(int id);

}  // namespace shm
