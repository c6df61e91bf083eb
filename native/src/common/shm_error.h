// Errors of the shared-block library. Every failure carries a stable code that
// the Node binding turns into `err.code` (see ShmErrorCode in ../index.d.ts) and
// the reader turns into an exit status.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace shm {

enum class ErrorCode {
  Arg,           // ERR_SHM_ARG: an argument of the wrong type
  Name,          // ERR_SHM_NAME: empty, too long, or a refused character
  Size,          // ERR_SHM_SIZE: 0, fractional, or above kMaxSize
  SizeMismatch,  // ERR_SHM_SIZE_MISMATCH: an existing object has another size
  Range,         // ERR_SHM_RANGE: offset/length outside the block
  NotFound,      // ERR_SHM_NOT_FOUND: open-only, and no such block
  Permission,    // ERR_SHM_PERMISSION: the OS refused access
  Closed,        // ERR_SHM_CLOSED: a call on a closed block
  System,        // ERR_SHM_SYSTEM: any other OS failure
  Busy,          // ERR_SHM_BUSY: the lock (or the companion's initialiser) did not answer within its deadline
  NoSpace,       // ERR_SHM_NO_SPACE: the file system cannot back a new block; the message names the free space
  Fault,         // ERR_SHM_FAULT: pages of an existing block have no memory behind them (touching them would raise SIGBUS)
  Unsafe,        // ERR_SHM_UNSAFE: a read-write open refused: another user's object, or one others may write
  ReadOnly,      // ERR_SHM_READ_ONLY: a write, setString or unlink on a block opened read-only
  Unsupported,   // ERR_SHM_UNSUPPORTED: not available on this platform (System V segments off Linux)
  Truncated,     // ERR_SHM_TRUNCATED: another process shrank the object under its mapping; Error::newSize() tells its new size
  NotABlock,     // ERR_SHM_NOT_A_BLOCK: the name is a FIFO, symlink, directory, socket or device, not a block
};

// The JavaScript spelling of a code, e.g. "ERR_SHM_RANGE".
const char* errorCodeName(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  // ErrorCode::Truncated: the object's size after it shrank.
  Error(ErrorCode code, const std::string& message, std::uint64_t newSize)
      : std::runtime_error(message), code_(code), newSize_(newSize), hasNewSize_(true) {}
  ErrorCode code() const { return code_; }
  bool hasNewSize() const { return hasNewSize_; }
  std::uint64_t newSize() const { return newSize_; }

 private:
  ErrorCode code_;
  std::uint64_t newSize_ = 0;
  bool hasNewSize_ = false;
};

}  // namespace shm
