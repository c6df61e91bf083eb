#include "shm_error.h"

namespace shm {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::Arg: return "ERR_SHM_ARG";
    case ErrorCode::Name: return "ERR_SHM_NAME";
    case ErrorCode::Size: return "ERR_SHM_SIZE";
    case ErrorCode::SizeMismatch: return "ERR_SHM_SIZE_MISMATCH";
    case ErrorCode::Range: return "ERR_SHM_RANGE";
    case ErrorCode::NotFound: return "ERR_SHM_NOT_FOUND";
    case ErrorCode::Permission: return "ERR_SHM_PERMISSION";
    case ErrorCode::Closed: return "ERR_SHM_CLOSED";
    case ErrorCode::System: return "ERR_SHM_SYSTEM";
    case ErrorCode::Busy: return "ERR_SHM_BUSY";
    case ErrorCode::NoSpace: return "ERR_SHM_NO_SPACE";
    case ErrorCode::Fault: return "ERR_SHM_FAULT";
    case ErrorCode::Unsafe: return "ERR_SHM_UNSAFE";
    case ErrorCode::ReadOnly: return "ERR_SHM_READ_ONLY";
    case ErrorCode::Unsupported: return "ERR_SHM_UNSUPPORTED";
    case ErrorCode::Truncated: return "ERR_SHM_TRUNCATED";
    case ErrorCode::NotABlock: return "ERR_SHM_NOT_A_BLOCK";
  }
  return "ERR_SHM_SYSTEM";
}

}  // namespace shm
