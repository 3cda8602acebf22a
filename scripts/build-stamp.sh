#!/usr/bin/env bash
# Writes Sources/CBuildStamp/stamp.h: the revision, branch, build user, date
# and compiler that `--version` and namespace_exporter_build_info report.
# Rewritten only when the revision, branch, user or compiler change (then
# the build date is now), so a rebuild of the same commit keeps its date and
# does not recompile. Outside git the values are "unknown".
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=Sources/CBuildStamp/stamp.h
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
user="$(id -un 2>/dev/null || echo unknown)@$(hostname 2>/dev/null || echo unknown)"
swift_version=$(${SWIFT:-swift} --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -1)
key="revision=$revision branch=$branch user=$user swift=$swift_version"
if [ -f "$stamp" ] && grep -qxF "// $key" "$stamp"; then
    exit 0
fi
c_string() { printf '"%s"' "$(printf '%s' "$1" | tr -cd 'A-Za-z0-9._@/+:-')"; }
{
    echo "// Written by scripts/build-stamp.sh; not in git."
    echo "// $key"
    echo "#define NSE_REVISION $(c_string "$revision")"
    echo "#define NSE_BRANCH $(c_string "$branch")"
    echo "#define NSE_BUILD_USER $(c_string "$user")"
    echo "#define NSE_BUILD_DATE $(c_string "$(date -u +%Y%m%d-%H:%M:%S)")"
    echo "#define NSE_SWIFT_VERSION $(c_string "$swift_version")"
} >"$stamp"
# The file that includes it, so that a build which saw no stamp.h yet sees it now.
touch Sources/CBuildStamp/build_stamp.c
