# tests/lib/lib.sh - sourced by every tests/tNNNN-*.sh script (and the demo).
#
# Owns: TAP output (ok/fail/is/like/unlike/same_bytes/skip, done_testing),
# `run` to capture a command's stdout, stderr and exit status, and the
# per-script sandbox: a temporary directory holding HOME, XDG_CONFIG_HOME and
# UCJOB_CONFIG, removed by a trap on EXIT/INT/TERM after the registered
# cleanups (add_cleanup) have run. Never touches the real HOME.
#
# Usage, from the repository top:  sh tests/t0100-add-rm.sh
#   . "$(dirname "$0")/lib/lib.sh"
# Set KEEP_TMP=1 to keep the temporary directory for a post-mortem.

TOP=$(cd "$(dirname "$0")/.." && pwd) || exit 1
# The binary under test: $UCJOB from the caller (make check-static), else
# the top's; not exported on, so a nested build tests its own.
_lib_ucjob=${UCJOB:-$TOP/ucjob}
unset UCJOB
UCJOB=$_lib_ucjob

# A clean, reproducible environment: nothing of the caller's ucjob settings,
# ssh agent or locale leaks in.
for _lib_var in $(env | sed -n 's/^\(UCJOB_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$_lib_var"
done
unset SSH_AUTH_SOCK SSH_AGENT_PID DISPLAY WAYLAND_DISPLAY WSL_DISTRO_NAME \
    WSL_INTEROP TMUX _lib_var
LC_ALL=C
NO_COLOR=1
SOURCE_DATE_EPOCH=1764000000	# 2025-11-24T16:00:00Z
export LC_ALL NO_COLOR SOURCE_DATE_EPOCH

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-test.XXXXXX") || {
	echo "Bail out! cannot create a temporary directory"
	exit 1
}
# fresh_home NAME: a new, empty HOME $TMPD/NAME (with its XDG_CONFIG_HOME
# and an empty settings file $UCJOB_CONFIG), for a part of a script that
# must not see what the parts before it left.
fresh_home() {
	HOME=$TMPD/$1
	XDG_CONFIG_HOME=$HOME/.config
	UCJOB_CONFIG=$XDG_CONFIG_HOME/ucjob/config
	export HOME XDG_CONFIG_HOME UCJOB_CONFIG
	# An empty settings file: all defaults (whether a missing
	# $UCJOB_CONFIG is an error is not what these tests are about).
	mkdir -p "$XDG_CONFIG_HOME/ucjob" && : >"$UCJOB_CONFIG" || exit 1
}
fresh_home home

# fresh_sandbox NAME: fresh_home NAME with an empty ~/.ssh (0700), KNOWN
# the known-hosts file of ucjob's entries there, and an empty work
# directory W.
fresh_sandbox() {
	fresh_home "$1"
	mkdir -m 700 "$HOME/.ssh" || exit 1
	KNOWN=$HOME/.ssh/ucjob_known_hosts
	W=$TMPD/w-$1
	mkdir "$W" || exit 1
}

_lib_tests=0
_lib_failed=0
_lib_cleanups=

# add_cleanup CMD: run CMD (a shell string) at exit, newest first.
add_cleanup() {
	_lib_cleanups="$1
$_lib_cleanups"
}

_lib_exit() {
	_lib_status=$?
	trap '' INT TERM
	eval "$_lib_cleanups"
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		echo "# kept $TMPD"
	else
		chmod -R u+rwx "$TMPD" 2>/dev/null
		rm -rf "$TMPD"
	fi
	exit "$_lib_status"
}
trap _lib_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# diag TEXT...: TAP diagnostics, each argument on its own line(s), every
# line prefixed with "# ".
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

_lib_desc() {
	printf '%s' "$1" | tr '\n' ' ' | sed 's/#/\\#/g'
}

# ok DESC: record a passing test.
ok() {
	_lib_tests=$((_lib_tests + 1))
	echo "ok $_lib_tests - $(_lib_desc "$1")"
}

# fail DESC [DIAGNOSTIC...]: record a failing test.
fail() {
	_lib_tests=$((_lib_tests + 1))
	_lib_failed=$((_lib_failed + 1))
	echo "not ok $_lib_tests - $(_lib_desc "$1")"
	shift
	if [ $# -gt 0 ]; then
		diag "$@"
	fi
	return 1
}

# skip DESC REASON: record a skipped test.
skip() {
	_lib_tests=$((_lib_tests + 1))
	echo "ok $_lib_tests - $(_lib_desc "$1") # SKIP $(_lib_desc "$2")"
}

# check DESC CMD...: pass when CMD exits 0.
check() {
	_lib_d=$1
	shift
	if "$@"; then
		ok "$_lib_d"
	else
		fail "$_lib_d" "command failed (exit $?): $*"
	fi
}

# is ACTUAL EXPECTED DESC
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		fail "$3" "got:" "$1" "expected:" "$2"
	fi
}

# like TEXT ERE DESC: some line of TEXT matches the extended regex ERE.
like() {
	if printf '%s\n' "$1" | grep -E -q -e "$2"; then
		ok "$3"
	else
		fail "$3" "no line matches /$2/ in:" "$1"
	fi
}

# unlike TEXT ERE DESC: no line of TEXT matches ERE.
unlike() {
	if printf '%s\n' "$1" | grep -E -q -e "$2"; then
		fail "$3" "a line matches /$2/ in:" "$1"
	else
		ok "$3"
	fi
}

# same_bytes FILE1 FILE2 DESC: the two files are byte for byte equal.
same_bytes() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		fail "$3" "$(cmp "$1" "$2" 2>&1)" "$(diff -u "$2" "$1" 2>&1 | head -n 40)"
	fi
}

# run CMD...: run CMD, leaving its stdout in $OUT, stderr in $ERR (trailing
# newlines stripped; raw bytes in $TMPD/run.out and $TMPD/run.err) and its
# exit status in $STATUS. Redirect stdin on the call when it matters.
run() {
	"$@" >"$TMPD/run.out" 2>"$TMPD/run.err"
	STATUS=$?
	OUT=$(cat "$TMPD/run.out")
	ERR=$(cat "$TMPD/run.err")
}

# entry_in_file FILE ALIAS: ALIAS's Host entry as it stands in FILE.
entry_in_file() {
	awk -v h="Host $2" '
		$0 == h { p = 1; print; next }
		p && (/^Host / || /^# END ucjob/) { exit }
		p { print }' "$1"
}

# file_mode FILE: the permission string of FILE as ls shows it (-rw-------).
file_mode() {
	ls -ld "$1" | cut -c1-10
}

# skip_all REASON: skip the rest of the script (run.sh counts exit 77 as a
# skip, not a pass).
skip_all() {
	if [ "$_lib_tests" -eq 0 ]; then
		echo "1..0 # SKIP $(_lib_desc "$1")"
	else
		echo "# SKIP the remaining tests: $(_lib_desc "$1")"
		echo "1..$_lib_tests"
		[ "$_lib_failed" -eq 0 ] || exit 1
	fi
	exit 77
}

# done_testing: print the plan; exit 1 when any test failed.
done_testing() {
	echo "1..$_lib_tests"
	[ "$_lib_failed" -eq 0 ] || exit 1
	exit 0
}

# figure NAME VALUE TEXT: report a reliability figure (kills survived, ...)
# for the summary that tests/run.sh prints before its totals line; figures
# of the same NAME from several scripts are added up.
figure() {
	echo "# figure: $1 $2 $3"
}
