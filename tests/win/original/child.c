// The child process of the example: prints what GetSharedMem reads.
#include <windows.h>
#include <tchar.h>
#include <stdio.h>
#include "shmem.h"

int _tmain( void )
{
    WCHAR cBuf[MAX_PATH];

    GetSharedMem(cBuf, MAX_PATH);

    printf("Child process read from shared memory: %S\n", cBuf);

    return 0;
}
