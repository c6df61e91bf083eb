// See fault_guard.h.
#include "fault_guard.h"

#include <pthread.h>
#include <signal.h>

#include <mutex>

namespace shm {

thread_local FaultScope* tlsFaultScope __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {

struct sigaction previousAction;

// Hands a SIGBUS that is not ours to whoever had it before us. With no handler
// before us the default action runs: the signal is raised again with SIG_DFL
// (it is blocked in here, so it arrives as this handler returns) and the
// process dies of SIGBUS, as it would have without us. An ignored SIGBUS
// stays ignored unless a fault raised it (returning would fault again, for
// ever).
void passOn(int signal, siginfo_t* info, void* context) {
  if ((previousAction.sa_flags & SA_SIGINFO) != 0 && previousAction.sa_sigaction != nullptr) {
    previousAction.sa_sigaction(signal, info, context);
    return;
  }
  const auto handler = previousAction.sa_handler;
  const bool fromFault = info != nullptr && info->si_code > 0;
  if (handler == SIG_IGN && !fromFault) return;
  if (handler == SIG_DFL || handler == SIG_IGN) {
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGBUS, &fallback, nullptr);
    raise(SIGBUS);
    return;
  }
  handler(signal);
}

void onSigbus(int signal, siginfo_t* info, void* context) {
  FaultScope* scope = tlsFaultScope;
  const auto* at = info != nullptr ? static_cast<const std::uint8_t*>(info->si_addr) : nullptr;
  if (scope != nullptr && info->si_code > 0 && at >= scope->start && at < scope->end) {
    tlsFaultScope = nullptr;
    // The jump skips the handler's return, which would unblock SIGBUS: unblock
    // it here, so the next fault of this thread reaches us too.
    sigset_t bus;
    sigemptyset(&bus);
    sigaddset(&bus, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &bus, nullptr);
    siglongjmp(scope->resume, 1);
  }
  passOn(signal, info, context);
}

}  // namespace

void installFaultGuard() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_sigaction = onSigbus;
    sigemptyset(&action.sa_mask);
    // SA_ONSTACK: a thread with an alternate signal stack (V8's) handles it there.
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigaction(SIGBUS, &action, &previousAction);
  });
}

}  // namespace shm
