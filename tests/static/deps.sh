#!/bin/sh
# tests/static/deps.sh - what `make static` and `make check-static` need
# besides tests/deps.sh's packages: musl-gcc (Debian's musl-tools), flex
# and xz for building libconfuse and jansson from Debian's source, and
# readelf (binutils) for the test that the binary is static. On
# Debian/Ubuntu it installs what is missing with apt-get (through sudo
# when not root); elsewhere it only checks for musl-gcc. Silent when
# nothing is missing.

packages="musl-tools flex xz-utils binutils"

if ! command -v dpkg-query >/dev/null 2>&1; then
	if ! command -v musl-gcc >/dev/null 2>&1; then
		echo "deps.sh: missing program: musl-gcc" >&2
		exit 1
	fi
	exit 0
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
