// System V shared memory segments, read-only: linux/backend_sysv.cc;
// common/sysv_unsupported.cc where there are none.
#pragma once

#include <memory>
#include <string>

#include "backend.h"

namespace shm {

// Attaches segment `id` with shmat(SHM_RDONLY). ErrorCode::NotFound when there
// is no such segment, ErrorCode::Unsupported off Linux.
std::unique_ptr<BlockMapping> openSysvSegmentMapping(int id);

// The name a segment's Block carries: "sysv:<id>".
inline std::string sysvBlockName(int id) { return "sysv:" + std::to_string(id); }

}  // namespace shm
