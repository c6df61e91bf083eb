// shm-stdio-relay.exe PROGRAM [ARGS...]: runs PROGRAM with real Windows pipes
// for whichever of its standard handles is a Unix pipe that wine passed in,
// copies between the two, and exits with PROGRAM's exit code.
//
// Why: under wine, a Unix pipe given as a process's stdin/stdout/stderr
// (`wine node.exe ... | cat`) is a plain Unix file descriptor to wineserver,
// not a named pipe. GetFileType says FILE_TYPE_PIPE, so libuv opens it as a
// pipe, and its SetNamedPipeHandleState fails with ERROR_INVALID_HANDLE: Node
// dies with "open EBADF" on its first console.log. ReadFile and WriteFile on
// such a handle work, so this relay gives the program pipes made by
// CreatePipe (real pipes to wine and to libuv) and moves the bytes itself.
// Handles that are not such pipes (a file, a terminal, NUL) are passed
// through untouched, so a terminal stays a terminal (isTTY).
#include <windows.h>

#include <cwchar>

namespace {

// How long the output may keep coming after the program exited (from what it left running).
constexpr DWORD kDrainAfterExitMs = 3000;

struct Copy {
  HANDLE from;
  HANDLE to;
};

// A pipe that wine made from a Unix pipe: GetFileType says pipe, but the
// named-pipe calls that libuv relies on refuse it.
bool isUnixPipe(HANDLE handle) {
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return false;
  if (GetFileType(handle) != FILE_TYPE_PIPE) return false;
  DWORD state = 0;
  return GetNamedPipeHandleState(handle, &state, nullptr, nullptr, nullptr, nullptr, 0) == 0;
}

DWORD WINAPI copyUntilEnd(void* argument) {
  Copy* copy = static_cast<Copy*>(argument);
  char buffer[65536];
  for (;;) {
    DWORD got = 0;
    if (!ReadFile(copy->from, buffer, sizeof buffer, &got, nullptr) || got == 0) break;
    DWORD offset = 0;
    while (offset < got) {
      DWORD put = 0;
      if (!WriteFile(copy->to, buffer + offset, got - offset, &put, nullptr) || put == 0) {
        // The reader went away (`| head`): drain nothing more, let the program see a broken pipe.
        CloseHandle(copy->from);
        return 0;
      }
      offset += put;
    }
  }
  CloseHandle(copy->from);
  CloseHandle(copy->to);  // our end towards the program (stdin) or towards the outside: EOF for the reader
  return 0;
}

// The command line after our own name, as wine quoted it from the Unix arguments.
wchar_t* commandAfterOwnName() {
  wchar_t* line = GetCommandLineW();
  bool quoted = false;
  while (*line != L'\0' && (quoted || (*line != L' ' && *line != L'\t'))) {
    if (*line == L'"') quoted = !quoted;
    ++line;
  }
  while (*line == L' ' || *line == L'\t') ++line;
  return line;
}

void fail(const char* what) {
  char message[256];
  int length = wsprintfA(message, "shm-stdio-relay: %s failed (error %lu)\r\n", what, GetLastError());
  DWORD written = 0;
  WriteFile(GetStdHandle(STD_ERROR_HANDLE), message, static_cast<DWORD>(length), &written, nullptr);
  ExitProcess(127);
}

}  // namespace

int main() {
  wchar_t* command = commandAfterOwnName();
  if (*command == L'\0') {
    SetLastError(ERROR_BAD_ARGUMENTS);
    fail("usage: shm-stdio-relay.exe PROGRAM [ARGS...]; reading the command line");
  }
  const DWORD ids[3] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
  HANDLE given[3];
  HANDLE forChild[3];
  Copy copies[3] = {};
  bool relayed[3] = {false, false, false};
  SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, nullptr, TRUE};
  for (int i = 0; i < 3; ++i) {
    given[i] = GetStdHandle(ids[i]);
    forChild[i] = given[i];
    if (!isUnixPipe(given[i])) {
      // Passed through: make it inheritable (wine's std handles may not be).
      if (given[i] != nullptr && given[i] != INVALID_HANDLE_VALUE) SetHandleInformation(given[i], HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
      continue;
    }
    HANDLE readEnd = nullptr;
    HANDLE writeEnd = nullptr;
    if (!CreatePipe(&readEnd, &writeEnd, &inheritable, 0)) fail("CreatePipe");
    relayed[i] = true;
    if (i == 0) {  // the program reads what we read from our stdin
      SetHandleInformation(writeEnd, HANDLE_FLAG_INHERIT, 0);
      forChild[i] = readEnd;
      copies[i] = {given[i], writeEnd};
    } else {  // we read what the program writes
      SetHandleInformation(readEnd, HANDLE_FLAG_INHERIT, 0);
      forChild[i] = writeEnd;
      copies[i] = {readEnd, given[i]};
    }
  }

  STARTUPINFOW startup = {};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = forChild[0];
  startup.hStdOutput = forChild[1];
  startup.hStdError = forChild[2];
  PROCESS_INFORMATION process = {};
  if (!CreateProcessW(nullptr, command, nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &process)) fail("CreateProcessW");
  CloseHandle(process.hThread);

  HANDLE threads[3] = {};
  for (int i = 0; i < 3; ++i) {
    if (!relayed[i]) continue;
    CloseHandle(forChild[i]);  // the program holds its own copy: its exit means EOF here
    threads[i] = CreateThread(nullptr, 0, copyUntilEnd, &copies[i], 0, nullptr);
    if (threads[i] == nullptr) fail("CreateThread");
  }

  WaitForSingleObject(process.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(process.hProcess, &code);
  // Everything the program wrote reaches our stdout and stderr before we exit.
  // (Not stdin's copy: it may wait for input that never comes.) Bounded: a
  // process the program left behind may hold the pipe open for ever.
  for (int i = 1; i < 3; ++i) {
    if (threads[i] != nullptr) WaitForSingleObject(threads[i], kDrainAfterExitMs);
  }
  ExitProcess(code);
}
