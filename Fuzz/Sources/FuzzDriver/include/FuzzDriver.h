#include <stddef.h>
#include <stdint.h>

// libFuzzer's own driver (from -sanitize=fuzzer's runtime): runs the fuzzer
// with argv's options, calling `callback` on each input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
