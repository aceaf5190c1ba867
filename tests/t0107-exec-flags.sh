#!/bin/sh
# tests/t0107-exec-flags.sh - ucjob ssh and code take the global options
# at their word (issue 13, Low): -n (--dry-run) is refused with exit 2,
# as neither changes a file and a "dry run" would still connect; -v
# prints the whole command line that runs, -F and the command included.

. "$(dirname "$0")/lib/lib.sh"

fresh_sandbox exec
ssh-keygen -q -t ed25519 -N '' -C t0107 -f "$HOME/.ssh/id_ed25519" \
    >/dev/null || fail "ssh-keygen makes the test key"
CFG=$W/config
: >"$CFG"
"$UCJOB" -F "$CFG" add 2465 >/dev/null 2>&1 || fail "add succeeds"

# A stand-in ssh that records its arguments, one a line.
mkdir "$W/bin"
printf '#!/bin/sh\nfor a in "$@"; do printf "%%s\\n" "$a"; done >"%s"\n' \
    "$W/ran" >"$W/bin/ssh"
cp "$W/bin/ssh" "$W/bin/code"
chmod +x "$W/bin/ssh" "$W/bin/code"
UCJOB_SSH=$W/bin/ssh
export UCJOB_SSH

cp "$CFG" "$W/before"
for cmd in ssh code; do
	rm -f "$W/ran"
	run env PATH="$W/bin:$PATH" "$UCJOB" -F "$CFG" -n "$cmd" 2465
	is "$STATUS" 2 "$cmd -n is refused with exit 2"
	like "$ERR" "dry-run.* does not apply" "$cmd -n says why"
	check "$cmd -n runs nothing" test ! -e "$W/ran"
	run env PATH="$W/bin:$PATH" "$UCJOB" -F "$CFG" "$cmd" --dry-run 2465
	is "$STATUS" 2 "$cmd --dry-run after the command is refused too"
done
same_bytes "$CFG" "$W/before" "the config is unchanged"

run "$UCJOB" -v -F "$CFG" ssh 2465 uname -a
is "$STATUS" 0 "ssh -v runs ssh"
like "$ERR" "running $W/bin/ssh -F $CFG -- ucloud-job-2465 uname -a\$" \
    "-v prints the whole ssh command line, -F and the command included"
is "$(cat "$W/ran")" "-F
$CFG
--
ucloud-job-2465
uname
-a" "and that is what ran"

done_testing
