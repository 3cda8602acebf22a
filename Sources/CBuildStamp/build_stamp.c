// A C file because Swift has no way to take a string from the build
// without a generated source; stamp.h is that source, and optional.
#include "CBuildStamp.h"

#if __has_include("stamp.h")
#include "stamp.h"
#endif

#ifndef NSE_REVISION
#define NSE_REVISION "unknown"
#endif
#ifndef NSE_BRANCH
#define NSE_BRANCH "unknown"
#endif
#ifndef NSE_BUILD_DATE
#define NSE_BUILD_DATE "unknown"
#endif
#ifndef NSE_BUILD_USER
#define NSE_BUILD_USER "unknown"
#endif
#ifndef NSE_SWIFT_VERSION
#define NSE_SWIFT_VERSION ""
#endif

const char *nse_build_revision(void) { return NSE_REVISION; }
const char *nse_build_branch(void) { return NSE_BRANCH; }
const char *nse_build_date(void) { return NSE_BUILD_DATE; }
const char *nse_build_user(void) { return NSE_BUILD_USER; }
const char *nse_build_swift_version(void) { return NSE_SWIFT_VERSION; }
