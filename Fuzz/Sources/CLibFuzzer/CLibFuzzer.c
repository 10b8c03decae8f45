#include "CLibFuzzer.h"

// Never called. `-sanitize=fuzzer` links libFuzzer's own main (FuzzerMain.o),
// which names this symbol; SwiftPM's `--defsym main=<Target>_main` then makes
// the target's main.swift the program's entry, and that calls
// LLVMFuzzerRunDriver with the real target.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    (void)data;
    (void)size;
    return 0;
}
