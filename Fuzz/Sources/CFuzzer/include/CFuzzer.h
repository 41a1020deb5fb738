#include <stddef.h>
#include <stdint.h>
/* libFuzzer's driver (compiler-rt, LLVM >= 13): we call it from our own entry point, because SwiftPM links every
   executable with `main` aliased to `<module>_main`. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
