// Where there are no System V segments to open (macOS, Windows: sources.gypi
// lists this file for them), openSysvSegment says so with a code.
#include "backend_sysv.h"
#include "shm_error.h"

namespace shm {

std::unique_ptr<BlockMapping> openSysvSegmentMapping(int) {
  throw Error(ErrorCode::Unsupported, "System V shared memory segments are opened on Linux only");
}

}  // namespace shm
