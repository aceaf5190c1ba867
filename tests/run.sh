#!/bin/sh
# tests/run.sh - the test runner behind `make check`. Runs the Check unit
# tests (tests/unit), then every tests/tNNNN-*.sh (TAP), JOBS (4) at a
# time, prints one line per program in the order of the names (and the
# details of what failed), and ends with exactly one totals line,
# `N passed, N failed[, N skipped]`, as its last line. Exit 1 when anything
# failed, a script died without its plan, or a named script does not exist.
#
#   sh tests/run.sh                 everything
#   sh tests/run.sh tests/t0100-add-rm.sh ...   only these scripts
#   JOBS=1      one script at a time
#   SANITIZE=1  the binaries were built with ASan/UBSan: first prove with
#               tests/tools/sancanary that a report fails the run, then
#               fail every program whose processes left a sanitizer report
#               (reports go to a directory per program, so one from a
#               process whose stderr a test swallowed still counts)
#   VALGRIND=1  run tests/unit under valgrind (CK_FORK=no), leaks counted as
#               errors
#
# Before the totals line it prints the reliability figures that the test
# scripts reported with lib.sh's `figure` (summed by name), and the last
# `make fuzz` run's executions when there is one.

cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
skipped=0
log=$(mktemp "${TMPDIR:-/tmp}/ucjob-run.XXXXXX") || exit 1
figures=$(mktemp "${TMPDIR:-/tmp}/ucjob-figures.XXXXXX") || exit 1
jobs=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-jobs.XXXXXX") || exit 1
sanlog=
trap 'rm -rf "$log" "$figures" "$jobs"; [ -z "$sanlog" ] || rm -rf "$sanlog"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# sanitizer_options DIR: ASan and UBSan exit with status 86 (no program
# here uses it) and write a report file per process into DIR. These come
# after the caller's own options and win, also over those of a run.sh
# around this one.
sanitizer_options() {
	ASAN_OPTIONS="${ASAN_OPTIONS_CALLER:+$ASAN_OPTIONS_CALLER:}detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$1/asan"
	UBSAN_OPTIONS="${UBSAN_OPTIONS_CALLER:+$UBSAN_OPTIONS_CALLER:}print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$1/ubsan"
	export ASAN_OPTIONS UBSAN_OPTIONS
}

if [ "${SANITIZE:-0}" = 1 ]; then
	sanlog=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-sanitizer.XXXXXX") || exit 1
	# Writable by all: a test may run ucjob as another user (nobody).
	# The scripts' reports go to a directory each under scripts/.
	mkdir "$sanlog/scripts" && chmod 1777 "$sanlog" "$sanlog/scripts" ||
		exit 1
	ASAN_OPTIONS_CALLER=${ASAN_OPTIONS:-}
	UBSAN_OPTIONS_CALLER=${UBSAN_OPTIONS:-}
	sanitizer_options "$sanlog"
fi

# show_log: the captured output, indented, for a program that failed.
show_log() {
	sed 's/^/    /' "$log"
}

# sanitizer_reports NAME [DIR]: when SANITIZE=1, fail NAME if any process
# left a sanitizer report in DIR (default: the run's own directory) since
# the last call (and show and remove the reports).
sanitizer_reports() {
	[ -n "$sanlog" ] || return 0
	set -- "$1" "${2:-$sanlog}"/*san.*
	[ -e "$2" ] || return 0
	echo "$1: FAILED: $(($# - 1)) sanitizer report(s)"
	shift
	for report in "$@"; do
		sed 's/^/    /' "$report" | head -n 40
		rm -f "$report"
	done
	failed=$((failed + 1))
}

# check_sanitized: the binaries really carry ASan and UBSan, and a report
# really fails a program (three canaries: a heap overflow, a leak, a signed
# overflow). Otherwise a "sanitized" run would prove nothing.
check_sanitized() {
	for binary in ucjob tests/unit tests/tools/sancanary; do
		if ! grep -q __asan_init "$binary" 2>/dev/null ||
		    ! grep -q __ubsan_handle "$binary" 2>/dev/null; then
			echo "$binary: FAILED: not built with ASan and UBSan (make clean, then make check SANITIZE=1)"
			failed=$((failed + 1))
			return
		fi
	done
	caught=0
	for mode in overflow leak undefined; do
		tests/tools/sancanary "$mode" >/dev/null 2>&1 </dev/null
		canary_status=$?
		set -- "$sanlog"/*san.*
		if [ "$canary_status" -eq 86 ] && [ -e "$1" ] &&
		    grep -q -i -e sanitizer -e 'runtime error' "$@"; then
			caught=$((caught + 1))
		else
			echo "tests/tools/sancanary $mode: FAILED: exit $canary_status, no sanitizer report"
			failed=$((failed + 1))
		fi
		rm -f "$sanlog"/*san.*
	done
	passed=$((passed + caught))
	[ "$caught" -eq 3 ] &&
		echo "sanitizers: ok (ASan, LSan and UBSan each caught their canary)"
}

run_unit() {
	if [ ! -x tests/unit ]; then
		echo "tests/unit: missing (make tests/unit)"
		failed=$((failed + 1))
		return
	fi
	CK_VERBOSITY=normal
	export CK_VERBOSITY
	if [ "${VALGRIND:-0}" = 1 ]; then
		if ! command -v valgrind >/dev/null 2>&1; then
			echo "tests/unit: FAILED: VALGRIND=1 but valgrind is not installed"
			failed=$((failed + 1))
			return
		fi
		CK_FORK=no valgrind -q --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect,possible \
		    --show-leak-kinds=definite,indirect,possible \
		    --child-silent-after-fork=yes --error-exitcode=1 \
		    tests/unit >"$log" 2>&1 </dev/null
	else
		tests/unit >"$log" 2>&1 </dev/null
	fi
	unit_status=$?
	sanitizer_reports tests/unit
	# The summary line: "NN%: Checks: N, Failures: F, Errors: E".
	summary=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
	if [ -z "$summary" ]; then
		echo "tests/unit: died without a summary (exit $unit_status)"
		show_log
		failed=$((failed + 1))
		return
	fi
	set -- $summary
	passed=$((passed + $1 - $2 - $3))
	failed=$((failed + $2 + $3))
	if [ "$2" -eq 0 ] && [ "$3" -eq 0 ] && [ "$unit_status" -ne 0 ]; then
		# All checks passed but the runner failed (valgrind, a leak).
		echo "tests/unit: $1 checks passed, but it exited $unit_status"
		show_log
		failed=$((failed + 1))
	elif [ "$2" -eq 0 ] && [ "$3" -eq 0 ]; then
		echo "tests/unit: ok ($1 checks)"
	else
		echo "tests/unit: FAILED ($2 failures, $3 errors of $1 checks)"
		show_log
	fi
}

# report_script NAME LOG STATUS: count a finished script's TAP output
# and print its line (and the details of what failed).
report_script() {
	script_log=$2
	script_status=$3
	sanitizer_reports "$1" "$4"
	sed -n 's/^# figure: //p' "$script_log" >>"$figures"
	# Counts: passed failed skipped planned ("-" when no plan).
	set -- "$1" $(awk '
		/^ok / {
			if (toupper($0) ~ /# *SKIP/) s++; else p++
		}
		/^not ok / { f++ }
		/^1\.\.[0-9]+/ {
			split(substr($0, 4), a, /[^0-9]/)
			plan = a[1]
			if (plan == 0 && toupper($0) ~ /# *SKIP/) s++
		}
		END { printf "%d %d %d %s\n", p, f, s, plan == "" ? "-" : plan }
	' "$script_log")
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + $4))
	if [ "$5" = - ]; then
		if [ "$script_status" -eq 124 ]; then
			echo "$1: timed out after ${SCRIPT_TIMEOUT:-600} s (killed) after $(($2 + $3 + $4)) tests"
		else
			echo "$1: died without a plan (exit $script_status) after $(($2 + $3 + $4)) tests"
		fi
		sed 's/^/    /' "$script_log" | tail -n 30
		failed=$((failed + 1))
	elif [ "$5" -ne $(($2 + $3 + $4)) ] && [ "$5" -ne 0 ]; then
		echo "$1: planned $5 tests but ran $(($2 + $3 + $4)) (exit $script_status)"
		sed 's/^/    /' "$script_log" | tail -n 30
		failed=$((failed + 1))
	elif [ "$3" -gt 0 ]; then
		echo "$1: FAILED $3 of $(($2 + $3 + $4))"
		# Each failing test with its diagnostics.
		awk '/^not ok / { show = 1; print "    " $0; next }
		     /^#/ && show { print "    " $0; next }
		     { show = 0 }' "$script_log"
	elif [ "$script_status" -eq 77 ]; then
		# Skipped part way: the rest counts as one skip.
		[ "$5" -ne 0 ] && skipped=$((skipped + 1))
		echo "$1: skipped ($(sed -n 's/.*# *SKIP *//p' "$script_log" | tail -n 1))"
	elif [ "$script_status" -ne 0 ]; then
		echo "$1: all tests passed but it exited $script_status"
		sed 's/^/    /' "$script_log" | tail -n 30
		failed=$((failed + 1))
	else
		echo "$1: ok ($2 tests$( [ "$4" -gt 0 ] && echo ", $4 skipped"))"
	fi
}

# start_script N NAME: run script NAME in the background (at most
# SCRIPT_TIMEOUT seconds, default 600), its output to
# $jobs/N.log, its exit status to $jobs/N.status, sanitizer reports (if
# any) under $sanlog/scripts/N; then give the slot back (a line on fd 4).
start_script() {
	(
		if [ -n "$sanlog" ]; then
			mkdir "$sanlog/scripts/$1" &&
			    chmod 1777 "$sanlog/scripts/$1"
			sanitizer_options "$sanlog/scripts/$1"
		fi
		# A script that hangs fails after SCRIPT_TIMEOUT seconds (its
		# whole process group is killed) instead of hanging the run.
		timeout -k 10 "${SCRIPT_TIMEOUT:-600}" sh "$2" \
		    >"$jobs/$1.log" 2>&1 </dev/null 4>&-
		echo "$?" >"$jobs/$1.status"
		echo >&4
	) &
}

# report_ready: report, in the order of their names, the scripts that have
# finished (all of them once the run has waited for every one).
report_ready() {
	while [ "$next" -lt "$started" ] && [ -f "$jobs/$next.status" ]; do
		eval "name=\$script_$next"
		report_script "$name" "$jobs/$next.log" \
		    "$(cat "$jobs/$next.status")" "$sanlog/scripts/$next"
		rm -rf "$jobs/$next.log"
		[ -z "$sanlog" ] || rm -rf "$sanlog/scripts/$next"
		next=$((next + 1))
	done
}

[ -z "$sanlog" ] || check_sanitized
if [ $# -eq 0 ]; then
	run_unit
	set -- tests/t[0-9]*.sh
fi

# The scripts, up to $JOBS at a time: a FIFO holds one line per free
# slot; each script takes one before it starts and gives it back when it
# ends. Reports come in the order of the names, whatever the order the
# scripts end in.
JOBS=${JOBS:-4}
mkfifo "$jobs/slots" || exit 1
exec 4<>"$jobs/slots"
slot=0
while [ "$slot" -lt "$JOBS" ]; do
	echo >&4
	slot=$((slot + 1))
done
# They start last name first: the long ones (the soak, the dist build)
# have the highest numbers, so they overlap with the rest rather than end
# the run alone.
count=0
for script in "$@"; do
	if [ ! -f "$script" ]; then
		echo "$script: no such test script"
		failed=$((failed + 1))
		continue
	fi
	eval "script_$count=\$script"
	count=$((count + 1))
done
started=$count
next=0
n=$count
while [ "$n" -gt 0 ]; do
	n=$((n - 1))
	read -r _ <&4
	eval "start_script $n \"\$script_$n\""
done
wait
report_ready
exec 4>&-

# The figures: "NAME VALUE TEXT" lines, summed by NAME, printed with
# their text in the order first seen; then the last fuzzing run's.
awk '
	!($1 in sum) { order[n++] = $1; text[$1] = $0; sub(/^[^ ]+ [^ ]+ /, "", text[$1]) }
	{ sum[$1] += $2 }
	END { for (i = 0; i < n; i++) printf "  %s %s\n", sum[order[i]], text[order[i]] }
' "$figures" >"$log"
if [ -f tests/fuzz/last-run ]; then
	sed 's/^/  /' tests/fuzz/last-run >>"$log"
fi
if [ -s "$log" ]; then
	echo "Reliability figures:"
	cat "$log"
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
