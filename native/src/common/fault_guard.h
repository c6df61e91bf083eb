// Touching a mapping that another process shrank raises SIGBUS for every page
// past the object's new end, reads included, and kills the process (a shared
// object can be truncated by whoever may write it, while we have it mapped).
// Every touch of mapped bytes in this library goes through guardedAccess():
// a fault inside the guarded range returns false instead of killing us, and
// the caller turns it into ErrorCode::Truncated with the object's new size.
//
// How: one process-wide SIGBUS handler, installed once (installFaultGuard),
// acts only when the faulting thread is inside guardedAccess and the address
// is in the range it guards; it then jumps back out (siglongjmp) to the start
// of that guardedAccess call. Any other SIGBUS goes to the handler that was
// there before (or the default action: the process dies as it would have).
// The cost of a guarded access is one sigsetjmp that saves no signal mask
// (a few registers, no system call) and two stores to a thread-local pointer.
//
// The access must be plain copying and comparing: it may be cut short at any
// byte, so it may neither allocate nor own anything with a destructor.
//
// Windows: a no-op. A section's size is fixed at its creation and a view of it
// cannot shrink, so there is nothing to guard.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

// The #ifs stay in this header: guardedAccess is inline on the path of every
// read and write, and on Windows it must compile to the bare access.
#if !defined(_WIN32)
#include <setjmp.h>
#endif

namespace shm {

#if defined(_WIN32)

inline void installFaultGuard() {}

template <typename Access>
bool guardedAccess(const std::uint8_t*, std::uint64_t, Access&& access) {
  access();
  return true;
}

#else

// Installs the SIGBUS handler once per process (later calls do nothing).
void installFaultGuard();

struct FaultScope {
  const std::uint8_t* start;
  const std::uint8_t* end;
  sigjmp_buf resume;
};

// The guarded region of this thread, null outside one. Initial-exec TLS: the
// signal handler reads it, and a dynamic TLS access may allocate.
extern thread_local FaultScope* tlsFaultScope __attribute__((tls_model("initial-exec")));

// Runs access(); returns false when it touched a page of [start, start +
// length) that no longer exists (SIGBUS), with the access cut short there.
// Never inlined (a function that calls sigsetjmp cannot be): its own frame
// is where the handler jumps back to, alive for as long as access() runs.
template <typename Access>
bool guardedAccess(const std::uint8_t* start, std::uint64_t length, Access&& access) {
  FaultScope scope;
  scope.start = start;
  scope.end = start + length;
  if (sigsetjmp(scope.resume, 0) != 0) return false;  // the handler cleared tlsFaultScope
  tlsFaultScope = &scope;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  access();
  std::atomic_signal_fence(std::memory_order_seq_cst);
  tlsFaultScope = nullptr;
  return true;
}

#endif

}  // namespace shm
