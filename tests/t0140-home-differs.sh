#!/bin/sh
# tests/t0140-home-differs.sh - when $HOME is not the password database's
# home (as in every test here), ssh reads another config than ucjob edits
# without -F: add warns once, and check/doctor say that ssh does not see
# the entry at all instead of listing five differing values.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
pwhome=$(getent passwd "$(id -un)" | cut -d: -f6)
if [ "$pwhome" = "$HOME" ]; then
	skip_all "HOME is the password database's home here"
fi
if [ -e "$pwhome/.ssh/config" ] &&
    grep -q 'ucloud-job-2465' "$pwhome/.ssh/config" 2>/dev/null; then
	skip_all "the real config already names ucloud-job-2465"
fi

run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 0 "add without -F works on \$HOME's config"
is "$(printf '%s\n' "$ERR" | grep -c 'is not your home directory')" 1 \
    "add warns once that ssh reads another config"

run "$UCJOB" check 2465
is "$STATUS" 1 "check fails: ssh does not read this file"
like "$ERR$OUT" "ssh does not see ucloud-job-2465 at all: it reads $pwhome/.ssh/config" \
    "check says ssh does not see the entry, and which file ssh reads"
unlike "$ERR$OUT" "port is" "no list of differing values"

run "$UCJOB" doctor
like "$OUT" "^fail entry ucloud-job-2465: ssh does not see" "doctor says the same"
like "$OUT" "fix: run ucjob and ssh with the same -F FILE" "with a fix that fits"

run "$UCJOB" -F "$HOME/.ssh/config" check 2465
is "$STATUS" 0 "with -F, check passes: ssh -F reads the same file"

done_testing
