#!/bin/sh
# tests/windows/deps.sh [build] - what `make windows` (with "build") and
# `make check-windows` need besides tests/deps.sh's packages: the
# x86_64-w64-mingw32 cross compiler (its win32-threads variant is
# enough), flex and xz for building libconfuse from Debian's source, and
# for the tests wine64 (console programs only: no display is needed).
# On Debian/Ubuntu it installs what is missing with apt-get (through sudo
# when not root); elsewhere (MSYS2, say) it only checks for the compiler
# and wine.  Silent when nothing is missing.

packages="gcc-mingw-w64-x86-64-win32 flex xz-utils"
[ "${1:-}" = build ] || packages="$packages wine64"

if ! command -v dpkg-query >/dev/null 2>&1; then
	status=0
	if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
		echo "deps.sh: missing program: x86_64-w64-mingw32-gcc" >&2
		status=1
	fi
	if [ "${1:-}" != build ] && ! command -v wine64 >/dev/null 2>&1 &&
	    ! command -v wine >/dev/null 2>&1; then
		echo "deps.sh: missing program: wine64 (or wine)" >&2
		status=1
	fi
	exit "$status"
fi

missing=
for package in $packages; do
	case $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) in
	*' ok installed') ;;
	*) missing="$missing $package" ;;
	esac
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: as root, run: apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing" >&2
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
	$sudo apt-get update || exit 1
fi
# shellcheck disable=SC2086 # $missing is a word list
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y \
    --no-install-recommends $missing || exit 1
