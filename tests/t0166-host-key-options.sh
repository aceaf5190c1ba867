#!/bin/sh
# tests/t0166-host-key-options.sh - no server needed: issue 16 and issue 13
# point 10.  The verification before the rename (SPEC rule 8), check and
# doctor cover the host-key options an entry sets (UserKnownHostsFile,
# CheckHostIP, IdentitiesOnly, StrictHostKeyChecking): a line that wins
# over them is refused without --force, naming its file and line, and
# nothing is written.  What the user chose on purpose (host-key checking
# off, a ProxyJump or ProxyCommand before the entry) and a hand-written
# Host of the same name outside the block are notes, not refusals.  A
# config OpenSSH rejects is quoted by ssh's own "FILE line N" message, not
# by what a Match exec command printed first; UseKeychain gets the
# IgnoreUnknown hint.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0166 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the test key"
W=$TMPD/w
mkdir "$W"
ALIAS=ucloud-job-2465

u() {
	"$UCJOB" "$@" </dev/null
}

# refused DESC KEYWORD FILE-LINE-TEXT CONFIG-TEXT: add refuses, naming
# the line; the file keeps its bytes; --force writes; check and doctor
# fail naming the same line.
refused() {
	CFG=$W/$2
	printf '%s\n' "$4" >"$CFG"
	cp "$CFG" "$CFG.orig"
	run u -F "$CFG" add 2465
	is "$STATUS" 1 "$1: add refuses"
	like "$ERR" "ssh's $2 is '.*', not '.*': $CFG line 1 \\($3\\)" \
	    "$1: add names the file, line and option"
	same_bytes "$CFG" "$CFG.orig" "$1: nothing written on the refusal"
	run u -F "$CFG" add 2465 --force
	is "$STATUS" 0 "$1: --force writes"
	run u -F "$CFG" check
	is "$STATUS" 1 "$1: check fails"
	like "$OUT" "^fail $ALIAS: $2 is '.*': $CFG line 1 \\($3\\) comes first" \
	    "$1: check names the line"
	run u -F "$CFG" doctor
	like "$OUT" "^fail entry $ALIAS: $2 is .*$CFG line 1 \\($3\\).*; fix: move that line below the block" \
	    "$1: doctor names the line and the fix"
}

# --- the host-key options the entry sets -----------------------------------

refused "top-level UserKnownHostsFile" userknownhostsfile \
    "UserKnownHostsFile $W/mine" "UserKnownHostsFile $W/mine"
refused "top-level CheckHostIP yes" checkhostip "CheckHostIP yes" "CheckHostIP yes"
refused "top-level IdentitiesOnly no" identitiesonly "IdentitiesOnly no" "IdentitiesOnly no"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"
refused "top-level StrictHostKeyChecking yes over accept-new" stricthostkeychecking \
    "StrictHostKeyChecking yes" "StrictHostKeyChecking yes"

# Several files, one of them the entry's own: still not the entry's value.
CFG=$W/two
printf 'UserKnownHostsFile %s/a %s/.ssh/ucjob_known_hosts\n' "$W" "$HOME" >"$CFG"
cp "$CFG" "$CFG.orig"
run u -F "$CFG" add 2465
is "$STATUS" 1 "UserKnownHostsFile listing two files: add refuses"
same_bytes "$CFG" "$CFG.orig" "two files: nothing written"

# After the block they do not win: add is quiet.
CFG=$W/after
printf 'Host *\n    UserKnownHostsFile %s/mine\n    CheckHostIP yes\n    IdentitiesOnly no\n    StrictHostKeyChecking yes\n' "$W" >"$CFG"
run u -F "$CFG" add 2465
is "$STATUS:$ERR" "0:" "the same options after the block: add succeeds quietly"
run u -F "$CFG" check
is "$STATUS:$OUT" "0:ok   $ALIAS" "and check says ok"

# --- host-key checking off: the user's choice, said -------------------------

CFG=$W/off
printf 'StrictHostKeyChecking no\n' >"$CFG"
run u -F "$CFG" add 2465
is "$STATUS" 0 "top-level StrictHostKeyChecking no: add writes (the user's choice)"
like "$ERR" "warning: for $ALIAS, host-key checking is off \\($CFG line 1: StrictHostKeyChecking no\\)" \
    "add warns, naming the line"
run u -F "$CFG" check
is "$STATUS" 0 "check: exit 0"
like "$OUT" "^ok   $ALIAS: note: host-key checking is off \\($CFG line 1" "check notes it"
run u -F "$CFG" check --json
if command -v python3 >/dev/null 2>&1; then
	got=$(python3 -c 'import json, sys
d = json.load(sys.stdin)[0]
p = d["problems"][0]
print(d["ok"], d["config"], p["option"], p["note"], p["line"])' <"$TMPD/run.out")
	is "$got" "True ok stricthostkeychecking True 1" "check --json: ok, with the note marked"
else
	skip "check --json marks the note" "no python3"
fi
run u -F "$CFG" doctor
like "$OUT" "^note entry $ALIAS: host-key checking is off \\($CFG line 1: StrictHostKeyChecking no\\)" \
    "doctor notes it"
unlike "$OUT" "^fail entry" "doctor does not fail the entry for it"
printf '' >"$UCJOB_CONFIG"

# --- a proxy that applies from an earlier line: a note -----------------------

for kw in 'ProxyJump bastion.example.org' 'ProxyCommand nc -X connect -x proxy:8080 %h %p'; do
	CFG=$W/proxy
	printf '# mine\n%s\n' "$kw" >"$CFG"
	run u -F "$CFG" add 2465
	is "$STATUS" 0 "${kw%% *} before the entry: add writes"
	run u -F "$CFG" check
	is "$STATUS" 0 "${kw%% *} before the entry: check passes"
	like "$OUT" "^ok   $ALIAS: note: the connection goes through ${kw%% *} .*, set by $CFG line 2 \\($kw\\)" \
	    "${kw%% *}: check notes it with its file and line"
	run u -F "$CFG" doctor
	like "$OUT" "^note entry $ALIAS: the connection goes through ${kw%% *} .*$CFG line 2" \
	    "${kw%% *}: doctor notes it"
	unlike "$OUT" "^fail entry" "${kw%% *}: doctor does not fail the entry"
done
# A Host * after the block applies too (the entry sets neither): named.
CFG=$W/after_star
printf 'Host *\n    ProxyJump gw.example.org\n    StrictHostKeyChecking no\n' >"$CFG"
run u -F "$CFG" add 2465
is "$STATUS" 0 "Host * after the block with ProxyJump and checking off: add writes"
like "$ERR" "warning: for $ALIAS, host-key checking is off \\($CFG line [0-9]+: StrictHostKeyChecking no\\)" \
    "add names the line after the block that turns checking off"
run u -F "$CFG" check
like "$OUT" "^ok   $ALIAS: .*ProxyJump gw.example.org, set by $CFG line [0-9]+ \\(ProxyJump gw.example.org\\)" \
    "check names the ProxyJump line after the block"
# The entry's own ProxyJump (asked for with -o) is no note.
CFG=$W/ownproxy
: >"$CFG"
run u -F "$CFG" add 2465 -o ProxyJump=bastion.example.org
run u -F "$CFG" check
is "$STATUS:$OUT" "0:ok   $ALIAS" "the entry's own ProxyJump: no note"

# --- a hand-written entry of the same name outside the block ---------------

CFG=$W/same
printf 'Host other\n    User o\n\nHost %s\n    LocalForward 9999 localhost:9999\n' "$ALIAS" >"$CFG"
run u -F "$CFG" add 2465
is "$STATUS" 0 "a Host of the same name after the block: add writes"
like "$ERR" "warning: for $ALIAS, $CFG line [0-9]+ \\(Host $ALIAS\\) is another entry of the same name" \
    "add warns, naming its line"
run u -F "$CFG" check
like "$OUT" "^ok   $ALIAS: note: $CFG line [0-9]+ \\(Host $ALIAS\\) is another entry of the same name" \
    "check reports it"
run u -F "$CFG" doctor
like "$OUT" "^warn entry $ALIAS: $CFG line [0-9]+ \\(Host $ALIAS\\) is another entry of the same name" \
    "doctor reports it"
# A pattern that merely matches is the user's way to set all jobs: quiet.
CFG=$W/pattern
printf 'Host ucloud-job-*\n    ServerAliveInterval 30\n' >"$CFG"
run u -F "$CFG" add 2465
is "$STATUS:$ERR" "0:" "Host ucloud-job-* after the block: no warning"

# --- a config OpenSSH rejects: ssh's own line is quoted ----------------------

CFG=$W/keychain
printf 'Match exec "no-such-program-t0166"\n    User x\nHost *\n    UseKeychain yes\n' >"$CFG"
cp "$CFG" "$CFG.orig"
run u -F "$CFG" add 2465
is "$STATUS" 0 "a config rejected before the change: add writes, unchecked"
like "$ERR" "already rejects $CFG, before this change \\($CFG: line [0-9]+: Bad configuration option: usekeychain" \
    "the message quotes ssh's FILE line N, not the Match exec error"
unlike "$ERR" "no-such-program-t0166" "the shell's error is not quoted"
like "$ERR" "put 'IgnoreUnknown UseKeychain' above that line" \
    "UseKeychain: the IgnoreUnknown hint"
run u -F "$CFG" check
like "$OUT" "^fail $ALIAS: OpenSSH rejects the config: $CFG: line [0-9]+: Bad configuration option: usekeychain; .*IgnoreUnknown UseKeychain" \
    "check quotes ssh's line with the hint"
run u -F "$CFG" doctor
like "$OUT" "^fail entry $ALIAS: OpenSSH rejects the config: $CFG: line [0-9]+: .*IgnoreUnknown UseKeychain" \
    "doctor too"
# The hint's fix works: IgnoreUnknown above the line.
printf 'IgnoreUnknown UseKeychain\n' | cat - "$CFG" >"$CFG.new" && mv "$CFG.new" "$CFG"
run u -F "$CFG" check
is "$STATUS:$OUT" "0:ok   $ALIAS" "with IgnoreUnknown UseKeychain above it, check passes"

done_testing
