#!/bin/sh
# w0100-spawn.sh - spawn_win32.c and clipboard.c's clip.exe method under
# wine (issue 8, items 1, 2 and 4 a, b): test_spawn.exe runs helper.exe through
# spawn_run and reports in TAP, relayed here one test at a time; then
# spawn_exec, which Windows cannot do in place: ucjob must run the
# program on its own console and exit with its exit code.

. "$(dirname "$0")/../lib/lib.sh"
. "$(dirname "$0")/wine.sh"

scratch=$TMPD/scratch
mkdir -p "$scratch"

"$WINE" "$TEST_SPAWN_EXE" "$(winpath "$HELPER_EXE")" "$(winpath "$scratch")" \
    >"$TMPD/tap" 2>"$TMPD/tap.err"
status=$?
relayed=0
plan=
while IFS= read -r line; do
	case $line in
	'ok '*)
		ok "${line#ok * - }"
		relayed=$((relayed + 1))
		;;
	'not ok '*)
		fail "${line#not ok * - }"
		relayed=$((relayed + 1))
		;;
	'# '*)
		diag "${line#\# }"
		;;
	1..*)
		plan=${line#1..}
		;;
	esac
done <"$TMPD/tap"
if [ -n "$plan" ] && [ "$plan" -eq "$relayed" ] && [ "$plan" -ge 70 ]; then
	ok "test_spawn.exe ran all of its $plan tests"
else
	fail "test_spawn.exe ran all of its tests" "plan '$plan', ran $relayed, exit $status" \
	    "$(tail -n 5 "$TMPD/tap.err")"
fi

# spawn_exec: the exit code and the output of the program come through.
helper=$(winpath "$HELPER_EXE")
"$WINE" "$TEST_SPAWN_EXE" exec "$helper" exit 7 >/dev/null 2>&1
is "$?" 7 "spawn_exec exits with the program's exit code (7)"
"$WINE" "$TEST_SPAWN_EXE" exec "$helper" exit 255 >/dev/null 2>&1
is "$?" 255 "spawn_exec exits with the program's exit code (255, as ssh's)"
"$WINE" "$TEST_SPAWN_EXE" exec "$helper" args "a b" 'c"d' >"$TMPD/exec.out" 2>&1
is "$?" 0 "spawn_exec of a program that succeeds exits 0"
printf 'a b\000c"d\000' >"$TMPD/exec.want"
same_bytes "$TMPD/exec.out" "$TMPD/exec.want" \
    "the program writes to ucjob's own stdout, with its arguments intact"
printf 'to the child' | "$WINE" "$TEST_SPAWN_EXE" exec "$helper" echo \
    >"$TMPD/exec.out" 2>/dev/null
is "$(cat "$TMPD/exec.out")" "to the child" "and reads ucjob's own stdin"
"$WINE" "$TEST_SPAWN_EXE" exec no-such-program-ucjob >"$TMPD/exec.out" 2>&1
is "$?" 125 "spawn_exec of a missing program returns to the caller"
like "$(cat "$TMPD/exec.out")" "No such file" "with errno ENOENT"

# SPAWN_STDERR: the program's stdout goes to ucjob's stderr.
"$WINE" "$TEST_SPAWN_EXE" stderr "$helper" args on-stderr \
    >"$TMPD/se.out" 2>"$TMPD/se.err"
is "$?" 0 "SPAWN_STDERR runs the program"
is "$(wc -c <"$TMPD/se.out" | tr -d ' ')" 0 "nothing reaches ucjob's stdout"
printf 'on-stderr\000' >"$TMPD/se.want"
same_bytes "$TMPD/se.err" "$TMPD/se.want" "the program's stdout is on ucjob's stderr"

done_testing
