#!/bin/sh
# tests/t0106-broken-block.sh - a broken block gets the right diagnosis
# (issue 13, point 11): a missing END marker is named as such, with the
# line of BEGIN, even when a Match section follows; a Host of the user's
# own inside the block is named with its line; the error points to the
# backup that can restore the file; nothing is written.

. "$(dirname "$0")/lib/lib.sh"

fresh_sandbox broken
ssh-keygen -q -t ed25519 -N '' -C t0106 -f "$HOME/.ssh/id_ed25519" \
    >/dev/null || fail "ssh-keygen makes the test key"
CFG=$W/config
printf 'Host top\n    User me\n' >"$CFG"

u() {
	"$UCJOB" -F "$CFG" "$@"
}

# The file as ucjob writes it, and its backup (.config.ucjob~).
u add 2465 >/dev/null 2>&1 && u add 2466 >/dev/null 2>&1 ||
	fail "the first adds succeed"
cp "$CFG" "$W/good"

# BEGIN, entries, no END, then the user's Match section.
begin=$(grep -n '^# BEGIN ucjob' "$W/good" | cut -d: -f1)
grep -v '^# END ucjob' "$W/good" >"$CFG"
printf 'Match host *.example\n    User other\n' >>"$CFG"
cp "$CFG" "$W/noend"
run u list
is "$STATUS" 1 "a block without END: list fails"
like "$ERR" "the BEGIN ucjob marker at line $begin has no END marker after it" \
    "the missing END marker is named, with BEGIN's line"
unlike "$ERR" 'Match section' "a Match section after it is not blamed"
like "$ERR" "$W/\\.config\\.ucjob~ holds the file as it was before ucjob's last change" \
    "the error names the backup"
run u add 2467
is "$STATUS" 1 "add refuses the block without END"
same_bytes "$CFG" "$W/noend" "the refused add leaves the file byte for byte"
run u doctor
like "$OUT$ERR" 'no END marker' "doctor names the missing END marker too"

# A Match section inside a closed block is still named as such.
awk '/^# END ucjob/ { print "Match all"; print "    User x" } { print }' \
    "$W/good" >"$CFG"
run u list
like "$ERR" 'the managed block holds a Match section at line' \
    "a Match inside a closed block is named as such"

# The user's own Host inside the block.
awk '/^# END ucjob/ { print "Host mybox"; print "    HostName mybox.example" } { print }' \
    "$W/good" >"$CFG"
cp "$CFG" "$W/foreign"
mine=$(grep -n '^Host mybox' "$CFG" | cut -d: -f1)
run u list
is "$STATUS" 1 "a Host of the user's own in the block: list fails"
like "$ERR" "line $mine: a Host ucjob did not write is inside the managed block" \
    "the user's Host is named with its line"
unlike "$OUT" '@mybox' "list shows no @mybox.example: line"
run u doctor
like "$OUT$ERR" "line $mine: a Host ucjob did not write" "doctor names it too"
run u rm 2465
is "$STATUS" 1 "rm refuses it"
same_bytes "$CFG" "$W/foreign" "the refused rm leaves the file byte for byte"
cp "$W/good" "$CFG"
rm -f "$W/.config.ucjob~"
awk '/^# END ucjob/ { print "Host mybox"; print "    HostName mybox.example" } { print }' \
    "$W/good" >"$CFG"
run u list
unlike "$ERR" 'ucjob~' "no backup is named when there is none"

done_testing
