// What the build knew about itself: written into stamp.h by the Makefile
// (git and the compiler), "unknown" when built without it.
#ifndef CBUILDSTAMP_H
#define CBUILDSTAMP_H

const char *nse_build_revision(void);
const char *nse_build_branch(void);
const char *nse_build_date(void);
const char *nse_build_user(void);
const char *nse_build_swift_version(void);

#endif
