#!/bin/sh
# tests/t0215-host-keys-user-files.sh - issue 16 points 1 and 2 against a
# real, throwaway sshd (tests/lib/sshd.sh): host keys are forgotten where
# ssh stored them, not only in ucjob's own file.
#  (a) a top-level UserKnownHostsFile (two files) wins over the entry's:
#      add refuses, --force writes; ssh stores the job's key in the user's
#      file; after `rm` and `add` of a new job on the same port (host key
#      B), and after a re-add for another job (host key C), ssh connects
#      without "REMOTE HOST IDENTIFICATION HAS CHANGED";
#  (b) a top-level HashKnownHosts yes: ssh writes a hashed line into
#      ucjob's file; rm and a re-add still forget it.

. "$(dirname "$0")/lib/lib.sh"
. "$TOP/tests/lib/sshd.sh"

ME=$(id -un)
KNOWN=$HOME/.ssh/ucjob_known_hosts
mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0215 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the user key"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"

sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub"
case $? in
0) ok "a throwaway sshd (host key A) listens on 127.0.0.1:$SSHD_PORT" ;;
77) skip_all "$SSHD_WHY" ;;
*)
	fail "a throwaway sshd starts" "$SSHD_WHY" "$(cat "$SSHD_LOG" 2>/dev/null)"
	done_testing
	;;
esac
PORT=$SSHD_PORT
ALIAS=ucloud-job-$PORT

u() {
	"$UCJOB" "$@" </dev/null
}

# plain CFG: plain OpenSSH to the alias, batch mode, prints "reached".
plain() {
	run ssh -F "$1" -o BatchMode=yes -o ConnectTimeout=5 "$ALIAS" echo reached </dev/null
}

# new_host_key: the job on PORT restarts with a new host key.
new_host_key() {
	sshd_stop
	rm -f "$TMPD/sshd/hostkey" "$TMPD/sshd/hostkey.pub"
	sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" "$PORT"
}

# connects CFG DESC: plain ssh gets in, and not past a changed-key error.
connects() {
	plain "$1"
	if [ "$OUT" = reached ] &&
	    ! printf '%s\n' "$ERR" | grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED'; then
		ok "$2"
	else
		fail "$2" "exit $STATUS" "$OUT" "$ERR"
	fi
}

# --- (a) a top-level UserKnownHostsFile ------------------------------------

MINE=$TMPD/mine_known_hosts
CFG=$TMPD/config
printf 'UserKnownHostsFile %s %s/second_known_hosts\n\nHost github.com\n    User git\n' \
    "$MINE" "$TMPD" >"$CFG"
cp "$CFG" "$TMPD/config.orig"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 1 "(a) add refuses: the top-level UserKnownHostsFile wins"
like "$ERR" "userknownhostsfile is '$MINE $TMPD/second_known_hosts', not '$KNOWN': $CFG line 1 \\(UserKnownHostsFile " \
    "(a) naming the file and line"
same_bytes "$CFG" "$TMPD/config.orig" "(a) nothing written on the refusal"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" --force
is "$STATUS" 0 "(a) --force writes" || diag "$ERR"
connects "$CFG" "(a) ssh connects to host key A"
if ssh-keygen -F "$ALIAS" -f "$MINE" >/dev/null 2>&1; then
	ok "(a) ssh stored the key in the user's file, under the alias"
else
	fail "(a) ssh stored the key in the user's file, under the alias" "$(cat "$MINE" 2>&1)"
fi
cp "$MINE" "$TMPD/second_known_hosts"

if new_host_key; then
	plain "$CFG"
	like "$ERR" 'REMOTE HOST IDENTIFICATION HAS CHANGED' \
	    "(a) a new job on the port: the stale key is refused"
	run u -F "$CFG" rm "$PORT"
	is "$STATUS" 0 "(a) rm exits 0"
	if ssh-keygen -F "$ALIAS" -f "$MINE" >/dev/null 2>&1 ||
	    ssh-keygen -F "$ALIAS" -f "$TMPD/second_known_hosts" >/dev/null 2>&1; then
		fail "(a) rm forgets the key in both files ssh uses" "$(cat "$MINE")"
	else
		ok "(a) rm forgets the key in both files ssh uses"
	fi
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" --force
	is "$STATUS" 0 "(a) add of the new job (--force)"
	connects "$CFG" "(a) after rm and add, ssh connects to host key B"
else
	skip "(a) a new job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi

if new_host_key; then
	run u -F "$CFG" add "$PORT" --job 4242 --host 127.0.0.1 --user "$ME" --force
	is "$STATUS" 0 "(a) re-add for another job (host key C)"
	connects "$CFG" "(a) after the re-add, ssh connects to host key C"
else
	skip "(a) a third job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi
u -F "$CFG" rm "$PORT" >/dev/null 2>&1
is "$(find "$TMPD" "$HOME/.ssh" -name '*.old')" "" "(a) no .old file from ssh-keygen -R is left"

# --- (b) a top-level HashKnownHosts yes -------------------------------------

CFG=$TMPD/hashed
printf 'HashKnownHosts yes\n' >"$CFG"
rm -f "$KNOWN"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 0 "(b) add under HashKnownHosts yes" || diag "$ERR"
connects "$CFG" "(b) ssh connects"
if grep -q '^|1|' "$KNOWN" && ! grep -q "$ALIAS" "$KNOWN"; then
	ok "(b) ssh wrote a hashed line into ucjob's file"
else
	fail "(b) ssh wrote a hashed line into ucjob's file" "$(cat "$KNOWN" 2>&1)"
fi
run u -F "$CFG" rm "$PORT"
is "$STATUS" 0 "(b) rm exits 0"
if ssh-keygen -F "$ALIAS" -f "$KNOWN" >/dev/null 2>&1; then
	fail "(b) rm forgets the hashed key" "$(cat "$KNOWN")"
else
	ok "(b) rm forgets the hashed key"
fi
u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
connects "$CFG" "(b) added again, ssh connects and stores a hashed key"
if new_host_key; then
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" --clean-known-hosts
	is "$STATUS" 0 "(b) re-add --clean-known-hosts for a new job"
	connects "$CFG" "(b) after the re-add, ssh connects to the new host key"
else
	skip "(b) a new job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi

done_testing
