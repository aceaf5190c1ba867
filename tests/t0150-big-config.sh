#!/bin/sh
# tests/t0150-big-config.sh - end to end, no server: the paths a big
# config takes (the file mapped rather than read, the parser jumping
# between '#' marks past the first Host) keep SPEC.md section 3: add then
# rm gives the original bytes back, markers far below the first Host are
# found (or refused, naming the line), OpenSSH still reads the result, and
# a file whose size is a whole number of pages is handled like any other.
# The configs come from the bench's generator (tests/bench/genconfig.awk).

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0150 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"
W=$TMPD/w
mkdir "$W"

# gen FILE HOSTS BLOCK: a generated config of HOSTS sections and a ucjob
# block of BLOCK entries (jobs 20001, 20002, ...), with a copy FILE.orig.
gen() {
	awk -v HOSTS="$2" -v BLOCK="$3" -f "$TOP/tests/bench/genconfig.awk" >"$1" &&
		cp "$1" "$1.orig"
}

# A big config with a block: add a job, list it, remove it: same bytes.
CFG=$W/big
gen "$CFG" 3000 25
run "$UCJOB" -q -F "$CFG" add --job 77 64999
is "$STATUS" 0 "add on a 3,000-host config exits 0"
run "$UCJOB" -F "$CFG" list --names
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 26 "list --names shows the 25 jobs and the new one"
is "$(printf '%s\n' "$OUT" | tail -n 1)" ucloud-job-64999 "the new job is last in the block"
is "$(ssh -G -T -F "$CFG" ucloud-job-64999 </dev/null 2>&1 | sed -n 's/^port //p')" 64999 \
	"ssh -G reads the new entry from the big config"
is "$(ssh -G -T -F "$CFG" srv-2993 </dev/null 2>&1 | sed -n 's/^hostname //p')" 10.0.11.177 \
	"ssh -G still finds the last generated host"
run "$UCJOB" -q -F "$CFG" rm ucloud-job-64999
is "$STATUS" 0 "rm exits 0"
same_bytes "$CFG" "$CFG.orig" "add then rm on a big config gives the original bytes"
run "$UCJOB" -q -F "$CFG" rm ucloud-job-20013
is "$STATUS" 0 "rm of a job in the middle of the block exits 0"
run "$UCJOB" -F "$CFG" list --json
unlike "$OUT" '"ucloud-job-20013"' "the removed job is gone from list --json"
like "$OUT" '"alias": "ucloud-job-20025"' "the last job of the block is still listed"

# A block far below the first Host (an existing block stays where it is).
CFG=$W/below
gen "$CFG.hosts" 2000 0
gen "$CFG.block" 2 12
{ cat "$CFG.hosts"; sed -n '/^# BEGIN ucjob/,/^# END ucjob/p' "$CFG.block"; \
    printf 'Host tail\n    User t\n'; } >"$CFG"
cp "$CFG" "$CFG.orig"
run "$UCJOB" -F "$CFG" list --names
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 12 "a block below 2,000 hosts is found with its 12 jobs"
# The closing Host * above the block sets IdentitiesOnly no, which wins
# over the entry's own: add names it, and --force writes anyway.
run "$UCJOB" -q -F "$CFG" add 64998
like "$ERR" "identitiesonly is 'no', not 'yes': $CFG line [0-9]+ \\(IdentitiesOnly no\\)" \
    "add names the Host * line above the block that wins"
run "$UCJOB" -q -F "$CFG" add --force 64998
is "$STATUS" 0 "add --force to a block below the hosts exits 0"
is "$(grep -n '^Host ucloud-job-64998$' "$CFG" | cut -d: -f1)" \
	"$(($(grep -n '^# END ucjob' "$CFG.orig" | cut -d: -f1)))" \
	"the new job goes at the end of that block, where it stands"
run "$UCJOB" -q -F "$CFG" rm 64998
same_bytes "$CFG" "$CFG.orig" "and rm gives the original bytes back"

# A second BEGIN marker far below: refused, naming its line, nothing written.
CFG=$W/second
gen "$CFG" 2000 3
printf '\t# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\nHost x\n' >>"$CFG"
cp "$CFG" "$CFG.orig"
line=$(grep -c '' "$CFG.orig")
line=$((line - 1))
run "$UCJOB" -q -F "$CFG" add 64997
is "$STATUS" 1 "a second BEGIN marker below 2,000 hosts: add exits 1"
like "$ERR" "second BEGIN ucjob marker at line $line;" "the error names line $line"
same_bytes "$CFG" "$CFG.orig" "the config is unchanged"
run "$UCJOB" -F "$CFG" list --names
is "$STATUS" 1 "list refuses it too"

# A config of exactly 8192 bytes (two pages, no byte after the last one)
# and no final newline: add and rm keep every byte.
CFG=$W/pages
gen "$CFG.src" 200 2
head -c 8192 "$CFG.src" | sed '$d' >"$CFG"
pad=$((8192 - $(wc -c <"$CFG")))
head -c "$pad" /dev/zero | tr '\0' '#' >>"$CFG"
cp "$CFG" "$CFG.orig"
is "$(wc -c <"$CFG" | tr -d ' ')" 8192 "the sample is 8192 bytes"
run "$UCJOB" -q -F "$CFG" add 64996
is "$STATUS" 0 "add on a config of whole pages exits 0"
is "$(tail -c 2 "$CFG.orig" | od -An -c | tr -d ' ')" "##" "the sample ends without a newline"
run "$UCJOB" -q -F "$CFG" rm 64996
same_bytes "$CFG" "$CFG.orig" "add then rm keep the bytes of a config of whole pages"

# Nothing left behind: no lock, no temporary.
left=$(ls -a "$W" | grep -e '\.ucjob\.lock$' -e 'ucjob-tmp' || true)
is "$left" "" "no lock or temporary file is left"

done_testing
