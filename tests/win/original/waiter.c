// Not the example's: a program for the parent to start and wait for. It
// reads its stdin (the parent's, inherited) until it ends, so a test keeps
// the parent, and with it the block, until it closes the parent's stdin.
#include <windows.h>

int main(void)
{
    char buffer[256];
    DWORD got = 0;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    while (ReadFile(in, buffer, sizeof buffer, &got, NULL) && got > 0) {
    }
    return 0;
}
