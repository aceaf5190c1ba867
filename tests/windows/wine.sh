# tests/windows/wine.sh - sourced by tests/windows/wNNNN-*.sh after
# tests/lib/lib.sh.  Sets TOP right for these scripts, finds the Windows
# build (WIN_BUILD, exported by run.sh) and wine, and gives:
#   winpath PATH   an absolute Unix path as wine's Z: drive names it
#   wrun CMD...    lib.sh's run, under wine
# Wine's profile folder (USERPROFILE, APPDATA) cannot be set from the
# environment: it is PROFILE, inside the throwaway prefix under build/.

TOP=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
WIN_BUILD=${WIN_BUILD:-$TOP/build/win64}
WINE=${WINE:-/usr/lib/wine/wine64}
WINEPREFIX=${WINEPREFIX:-$WIN_BUILD/wineprefix}
WINEDEBUG=-all
# Wine decodes its command line with the Unix locale: UTF-8 arguments
# need a UTF-8 one.
LC_ALL=C.UTF-8
export WINEPREFIX WINEDEBUG LC_ALL
UCJOB_EXE=$WIN_BUILD/ucjob.exe
HELPER_EXE=$WIN_BUILD/tests/helper.exe
TEST_SPAWN_EXE=$WIN_BUILD/tests/test_spawn.exe
PROFILE=$WINEPREFIX/drive_c/users/$(id -un)

[ -f "$UCJOB_EXE" ] || skip_all "no $UCJOB_EXE (make windows)"
command -v "$WINE" >/dev/null 2>&1 || skip_all "wine not found"

winpath() {
	printf 'Z:%s' "$1"
}

wrun() {
	run "$WINE" "$@"
}
