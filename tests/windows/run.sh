#!/bin/sh
# tests/windows/run.sh BUILD - `make check-windows`: run the Windows tests
# (tests/windows/wNNNN-*.sh, TAP) under wine with tests/run.sh, which
# prints one line per script and ends with the totals line
# `N passed, N failed[, N skipped]`.  BUILD holds ucjob.exe and tests/.
#
# Wine gets a prefix of its own under BUILD (made on the first run, which
# takes seconds) and no debug output; its server for that prefix is
# stopped at the end, with anything the tests left running in it.

cd "$(dirname "$0")/../.." || exit 1
build=$(cd "${1:?usage: run.sh BUILD}" && pwd) || exit 1

if [ -x /usr/lib/wine/wine64 ]; then
	WINE=/usr/lib/wine/wine64
elif command -v wine64 >/dev/null 2>&1; then
	WINE=wine64
elif command -v wine >/dev/null 2>&1; then
	WINE=wine
else
	echo "run.sh: wine not found (sh tests/windows/deps.sh installs it)" >&2
	exit 1
fi
if [ -x /usr/lib/wine/wineserver ]; then
	WINESERVER=/usr/lib/wine/wineserver
else
	WINESERVER=wineserver
fi
WINEPREFIX=$build/wineprefix
WINEDEBUG=-all
# No Mono or Gecko installer when the prefix is made: nothing here needs
# them, and without a display they could only fail.
WINEDLLOVERRIDES=mscoree,mshtml=
WIN_BUILD=$build
export WINE WINEPREFIX WINEDEBUG WINEDLLOVERRIDES WIN_BUILD

# Stop the server (and what runs in the prefix) and wait until it is gone,
# at the end and before starting, should an earlier run have been cut off.
stop_wine() {
	"$WINESERVER" -k >/dev/null 2>&1
	"$WINESERVER" -w >/dev/null 2>&1
}
stop_wine
trap stop_wine EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Make the prefix now, so that no test's time includes it.
"$WINE" "$build/tests/helper.exe" exit 0 >/dev/null 2>&1

sh tests/run.sh tests/windows/w[0-9]*.sh
