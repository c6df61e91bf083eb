// Where there is no /proc to reach unnamed shared memory through (macOS,
// Windows: sources.gypi lists this file for them), opening one says so.
#include "backend_proc.h"
#include "shm_error.h"

namespace shm {

std::string procBlockName(const ProcObjectRef& ref) {
  return "proc:" + std::to_string(ref.pid) + (ref.byFd ? ":fd:" + std::to_string(ref.fd) : ":map:" + ref.start + "-" + ref.end);
}

std::unique_ptr<BlockMapping> openProcObjectMapping(const ProcObjectRef&) {
  throw Error(ErrorCode::Unsupported, "shared memory is opened through /proc on Linux only");
}

}  // namespace shm
