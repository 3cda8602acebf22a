// Only the declaration in include/FuzzDriver.h: libFuzzer provides the symbol.
