#!/bin/sh
# tests/t0165-file-safety.sh - an edit made by another program (an editor
# takes no lock) while ucjob works is never overwritten; and a command
# that fails on bad input creates nothing, not even a directory.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
printf 'Host work\n    User me\n' >"$CFG"
chmod 600 "$CFG"

# An "ssh" that, when add runs ssh -G on the new text, first appends a
# line to the config as an editor would (in place, no lock), then runs
# the real ssh.
mkdir "$TMPD/bin"
cat >"$TMPD/bin/editing-ssh" <<EOS
#!/bin/sh
printf '# HANDEDIT\n' >>"$CFG"
exec ssh "\$@"
EOS
chmod +x "$TMPD/bin/editing-ssh"
printf 'ssh = "%s"\n' "$TMPD/bin/editing-ssh" >"$UCJOB_CONFIG"

run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 1 "add fails when the config changes under it"
like "$ERR" "changed by another program while ucjob was working" \
    "and says why"
check "the other program's edit is kept" grep -q '^# HANDEDIT$' "$CFG"
check "and ucjob's entry was not written over it" \
    sh -c "! grep -q 'ucloud-job-2465' '$CFG'"
is "$(ls -a "$HOME/.ssh" | grep -c 'ucjob-tmp')" 0 "no temporary is left"

: >"$UCJOB_CONFIG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "run again, add succeeds"
check "now both are there" sh -c "grep -q '^# HANDEDIT$' '$CFG' &&
    grep -q '^Host ucloud-job-2465$' '$CFG'"

# Bad input on a config whose directory does not exist: nothing created.
run "$UCJOB" -F "$TMPD/new/dir/config" rm foo
is "$STATUS" 2 "rm of an unknown name exits 2"
check "and creates no directory" test ! -e "$TMPD/new"
run "$UCJOB" -F "$TMPD/new2/config" add 2465 -o Bogus=1
is "$STATUS" 2 "add with a bad option exits 2"
check "and creates no directory" test ! -e "$TMPD/new2"
run "$UCJOB" -F "$TMPD/new3/sub/config" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 0 "a good add creates the missing directories"
is "$(file_mode "$TMPD/new3/sub")" "drwx------" "each new directory is 0700"
is "$(file_mode "$TMPD/new3/sub/config")" "-rw-------" "and the new config 0600"

done_testing
