#!/bin/sh
# tests/deps.sh - `make deps`: make sure what building, testing and
# `make demo` need is there. On Debian/Ubuntu it installs the missing
# packages with apt-get (through sudo when not root); elsewhere it only
# reports what pkg-config and PATH lack. Silent when nothing is missing.
# A C compiler (cc) and make are assumed, only checked.
# Usage: sh tests/deps.sh [test] [static]

packages="pkg-config libconfuse-dev libjansson-dev libbsd-dev check openssh-client openssh-server mandoc"
# `deps.sh test` (make check) also wants the shells whose completions are
# tested, and tmux for the terminal tests of `ucjob key`.
test_packages="bash-completion zsh fish tmux"
# strace: the test that ucjob never runs a program through a shell.
test_packages="$test_packages strace"
# python3, openssl and curl: the local UCloud double (tests/ucloud/) and
# the tests that talk to it.
test_packages="$test_packages python3 openssl curl"
# valgrind only for `make check VALGRIND=1`.
[ "${VALGRIND:-0}" = 1 ] && test_packages="$test_packages valgrind"
# `deps.sh static` (make static, make check-static): musl-gcc, flex and
# xz for building libconfuse and jansson from Debian's source
# (tests/build-lib.sh), and readelf for the test that the binary is static.
static_packages="musl-tools flex xz-utils binutils"
for arg in "$@"; do
	case $arg in
	test) packages="$packages $test_packages" ;;
	static) packages="$packages $static_packages" ;;
	esac
done
status=0

for tool in cc make; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "deps.sh: $tool not found; install a C compiler and make (Debian/Ubuntu: apt-get install build-essential)" >&2
		status=1
	fi
done

if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: report only.
	if ! command -v pkg-config >/dev/null 2>&1; then
		echo "deps.sh: pkg-config not found" >&2
		exit 1
	fi
	modules="libconfuse jansson check"
	[ "$(uname -s)" = Linux ] && modules="$modules libbsd-overlay"
	for module in $modules; do
		if ! pkg-config --exists "$module"; then
			echo "deps.sh: missing pkg-config module: $module" >&2
			status=1
		fi
	done
	programs="ssh ssh-keygen /usr/sbin/sshd mandoc"
	case " $* " in *" static "*) programs="$programs musl-gcc" ;; esac
	for program in $programs; do
		if ! command -v "$program" >/dev/null 2>&1; then
			echo "deps.sh: missing program: $program" >&2
			status=1
		fi
	done
	exit "$status"
fi

missing=
for package in $packages; do
	case $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) in
	*' ok installed') ;;
	*) missing="$missing $package" ;;
	esac
done
[ -n "$missing" ] || exit "$status"

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: as root, run: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing" >&2
# Quietly: apt-get's output is shown only when it fails.
aptlog=$(mktemp "${TMPDIR:-/tmp}/ucjob-deps.XXXXXX") || exit 1
trap 'rm -f "$aptlog"' EXIT
# Refresh the package lists unless that happened in the last hour (CI's
# .ci/run has just done it).
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
	if ! $sudo apt-get -q update >"$aptlog" 2>&1; then
		cat "$aptlog" >&2
		exit 1
	fi
fi
# shellcheck disable=SC2086 # $missing is a word list
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get -q install -y \
    $missing >"$aptlog" 2>&1; then
	cat "$aptlog" >&2
	exit 1
fi
exit "$status"
