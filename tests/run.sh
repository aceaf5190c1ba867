#!/bin/sh
# tests/run.sh - the test runner behind `make check`. Runs the Check unit
# tests (tests/unit), then every tests/tNNNN-*.sh (TAP) in order, prints one
# line per program (and the details of what failed), and ends with exactly
# one totals line, `N passed, N failed[, N skipped]`, as its last line.
# Exit 1 when anything failed or a script died without its plan.
#
#   sh tests/run.sh                 everything
#   sh tests/run.sh tests/t0100-add-rm.sh ...   only these scripts
#   SANITIZE=1  the binaries were built with ASan/UBSan: first prove with
#               tests/tools/sancanary that a report fails the run, then
#               fail every program after which a sanitizer report appears
#               (reports go to files, so one from a process whose stderr a
#               test swallowed still counts)
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
sanlog=
trap 'rm -f "$log" "$figures"; [ -z "$sanlog" ] || rm -rf "$sanlog"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${SANITIZE:-0}" = 1 ]; then
	sanlog=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-sanitizer.XXXXXX") || exit 1
	# Writable by all: a test may run ucjob as another user (nobody).
	chmod 1777 "$sanlog"
	# Exit status 86 (no program here uses it) and a report file per
	# process in this run's directory. These come after the caller's
	# own options and win, also over those of a run.sh around this one
	# (t0520 runs make check inside a dist tree).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:abort_on_error=0:exitcode=86:log_path=$sanlog/asan"
	UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$sanlog/ubsan"
	export ASAN_OPTIONS UBSAN_OPTIONS
fi

# show_log: the captured output, indented, for a program that failed.
show_log() {
	sed 's/^/    /' "$log"
}

# sanitizer_reports NAME: when SANITIZE=1, fail NAME if any process left a
# sanitizer report since the last call (and show and remove the reports).
sanitizer_reports() {
	[ -n "$sanlog" ] || return 0
	set -- "$1" "$sanlog"/*
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
		set -- "$sanlog"/*
		if [ "$canary_status" -eq 86 ] && [ -e "$1" ] &&
		    grep -q -i -e sanitizer -e 'runtime error' "$@"; then
			caught=$((caught + 1))
		else
			echo "tests/tools/sancanary $mode: FAILED: exit $canary_status, no sanitizer report"
			failed=$((failed + 1))
		fi
		rm -f "$sanlog"/*
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

run_script() {
	sh "$1" >"$log" 2>&1 </dev/null
	script_status=$?
	sanitizer_reports "$1"
	sed -n 's/^# figure: //p' "$log" >>"$figures"
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
	' "$log")
	passed=$((passed + $2))
	failed=$((failed + $3))
	skipped=$((skipped + $4))
	if [ "$5" = - ]; then
		echo "$1: died without a plan (exit $script_status) after $(($2 + $3 + $4)) tests"
		show_log | tail -n 30
		failed=$((failed + 1))
	elif [ "$5" -ne $(($2 + $3 + $4)) ] && [ "$5" -ne 0 ]; then
		echo "$1: planned $5 tests but ran $(($2 + $3 + $4)) (exit $script_status)"
		show_log | tail -n 30
		failed=$((failed + 1))
	elif [ "$3" -gt 0 ]; then
		echo "$1: FAILED $3 of $(($2 + $3 + $4))"
		# Each failing test with its diagnostics.
		awk '/^not ok / { show = 1; print "    " $0; next }
		     /^#/ && show { print "    " $0; next }
		     { show = 0 }' "$log"
	elif [ "$script_status" -eq 77 ]; then
		# Skipped part way: the rest counts as one skip.
		[ "$5" -ne 0 ] && skipped=$((skipped + 1))
		echo "$1: skipped ($(sed -n 's/.*# *SKIP *//p' "$log" | tail -n 1))"
	elif [ "$script_status" -ne 0 ]; then
		echo "$1: all tests passed but it exited $script_status"
		show_log | tail -n 30
		failed=$((failed + 1))
	else
		echo "$1: ok ($2 tests$( [ "$4" -gt 0 ] && echo ", $4 skipped"))"
	fi
}

[ -z "$sanlog" ] || check_sanitized
if [ $# -eq 0 ]; then
	run_unit
	set -- tests/t[0-9]*.sh
fi
for script in "$@"; do
	[ -f "$script" ] || continue
	run_script "$script"
done

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
