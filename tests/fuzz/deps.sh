#!/bin/sh
# tests/fuzz/deps.sh - what `make fuzz` needs beyond tests/deps.sh: clang
# with libFuzzer. Tries to build an empty libFuzzer target; when that
# fails on Debian/Ubuntu it installs clang and, where the distribution
# packs libFuzzer apart (Debian 12: libclang-rt-dev), that too (through
# sudo when not root). Silent when nothing is missing.

cd "$(dirname "$0")/../.." || exit 1
sh tests/deps.sh || exit 1

FUZZ_CC=${FUZZ_CC:-clang}

probe() {
	_dir=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-fuzz-probe.XXXXXX") || return 1
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$_dir/probe.c"
	"$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$_dir/probe" "$_dir/probe.c" >/dev/null 2>&1
	_status=$?
	rm -rf "$_dir"
	return "$_status"
}

probe && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "fuzz/deps.sh: $FUZZ_CC cannot build a libFuzzer target; install clang with libFuzzer" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "fuzz/deps.sh: as root, run: apt-get install -y clang libclang-rt-dev" >&2
	exit 1
fi
install() {
	echo "fuzz/deps.sh: installing: $*" >&2
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
	$sudo apt-get update || exit 1
fi
command -v "$FUZZ_CC" >/dev/null 2>&1 || install clang || exit 1
probe && exit 0
# Debian 12 and later pack the sanitizer and libFuzzer runtimes apart.
if apt-cache show libclang-rt-dev >/dev/null 2>&1; then
	install libclang-rt-dev || exit 1
fi
probe && exit 0
echo "fuzz/deps.sh: $FUZZ_CC still cannot build a libFuzzer target" >&2
exit 1
