"""A process that is not ours: holds shared memory made with Python, for the listing and CLI tests.

  python3 python-shm.py posix-create NAME SIZE   multiprocessing.shared_memory, created here
  python3 python-shm.py posix-open NAME          the same, opening an existing object
  python3 python-shm.py sysv-create KEY SIZE     a System V segment (ctypes shmget/shmat), attached

Prints one JSON line once ready, then obeys stdin, one command a line:
  write OFFSET HEX   copies the bytes into the mapping and prints "ok"
Stdin's end detaches; what was created here is removed.

Python 3.11 unlinks a segment at exit even when it only opened it (its
resource tracker); an opener unregisters it so the object outlives it.
"""
import ctypes
import ctypes.util
import json
import sys


def posix(name, size, create):
    from multiprocessing import resource_tracker, shared_memory

    shm = shared_memory.SharedMemory(name=name, create=create, size=size)
    if not create:
        resource_tracker.unregister(shm._name, "shared_memory")  # see the module docstring
    view = shm.buf

    def done():
        view.release()
        shm.close()
        if create:
            shm.unlink()

    return {"name": name, "size": shm.size}, view, done


def sysv(key, size):
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
    libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    libc.shmat.restype = ctypes.c_void_p
    libc.shmdt.argtypes = [ctypes.c_void_p]
    libc.shmctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
    IPC_CREAT, IPC_EXCL, IPC_RMID = 0o1000, 0o2000, 0
    shmid = libc.shmget(key, size, IPC_CREAT | IPC_EXCL | 0o600)
    if shmid < 0:
        raise OSError(ctypes.get_errno(), "shmget failed")
    address = libc.shmat(shmid, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        libc.shmctl(shmid, IPC_RMID, None)
        raise OSError(ctypes.get_errno(), "shmat failed")
    view = (ctypes.c_ubyte * size).from_address(address)

    def done():
        libc.shmdt(address)
        libc.shmctl(shmid, IPC_RMID, None)

    return {"key": key, "id": shmid, "size": size}, memoryview(view).cast("B"), done


def main():
    command, *args = sys.argv[1:]
    if command == "posix-create":
        ready, view, done = posix(args[0], int(args[1]), True)
    elif command == "posix-open":
        ready, view, done = posix(args[0], 0, False)
    elif command == "sysv-create":
        ready, view, done = sysv(int(args[0], 0), int(args[1]))
    else:
        sys.exit(f"unknown command {command}")
    print(json.dumps(ready), flush=True)
    try:
        for line in sys.stdin:
            parts = line.split()
            if parts and parts[0] == "write":
                data = bytes.fromhex(parts[2]) if len(parts) > 2 else b""
                offset = int(parts[1])
                view[offset : offset + len(data)] = data
                print("ok", flush=True)
    finally:
        done()


main()
