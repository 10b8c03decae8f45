#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver as a library call (compiler-rt, FuzzerDriver.cpp). SwiftPM
// gives each executable its own `main`, so libFuzzer's `main` never links; the
// targets call this from theirs instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
