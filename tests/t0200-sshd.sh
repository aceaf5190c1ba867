#!/bin/sh
# tests/t0200-sshd.sh - end to end against a real, throwaway sshd on
# 127.0.0.1 (tests/lib/sshd.sh) playing a UCloud job: `ucjob add` makes an
# entry plain `ssh` connects with, the host key goes under the alias into
# ucjob's known-hosts file (accept-new), an earlier `Host *` cannot shadow
# the entry, a new job on the same port connects after a re-add, and `rm`
# leaves the config and the known-hosts file as they were.

. "$(dirname "$0")/lib/lib.sh"
. "$TOP/tests/lib/sshd.sh"

ME=$(id -un)
KNOWN=$HOME/.ssh/ucjob_known_hosts
mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0200 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the user key"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"

sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub"
case $? in
0) ok "a throwaway sshd listens on 127.0.0.1:$SSHD_PORT" ;;
77) skip_all "$SSHD_WHY" ;;
*)
	fail "a throwaway sshd starts" "$SSHD_WHY" "$(cat "$SSHD_LOG" 2>/dev/null)"
	done_testing
	;;
esac
PORT=$SSHD_PORT
ALIAS=ucloud-job-$PORT

# job_ssh CFG CMD...: plain OpenSSH to the job's alias, no questions asked.
job_ssh() {
	_cfg=$1
	shift
	run ssh -F "$_cfg" -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null \
	    -o ConnectTimeout=5 "$ALIAS" "$@" </dev/null
}

# effective CFG KEYWORD: what `ssh -G` makes of KEYWORD for the alias.
effective() {
	ssh -G -T -F "$1" "$ALIAS" 2>/dev/null </dev/null | sed -n "s/^$2 //p"
}

known() {
	ssh-keygen -F "$ALIAS" -f "$KNOWN" >/dev/null 2>&1
}

# --- add, connect, rm ------------------------------------------------------

CFG=$HOME/.ssh/config
cat >"$CFG" <<'EOF'
# a user's config
ServerAliveInterval 30

Host github.com
    User git

Host *
    Compression yes
EOF
cp "$CFG" "$TMPD/orig"

run "$UCJOB" -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" </dev/null
is "$STATUS" 0 "ucjob add PORT --host 127.0.0.1 --user $ME" || diag "$ERR"
run "$UCJOB" -F "$CFG" show "$PORT"
like "$OUT" '^    StrictHostKeyChecking accept-new$' "host-key-checking = accept-new reaches the entry"
like "$OUT" "^    UserKnownHostsFile $KNOWN\$" "known-hosts file: absolute path in the temporary HOME"

job_ssh "$CFG" echo ok
is "$OUT" ok "ssh ALIAS echo ok: prints ok" || diag "exit $STATUS" "$ERR"
if known; then
	ok "the host key is stored under the alias in ucjob's known-hosts file"
else
	fail "the host key is stored under the alias in ucjob's known-hosts file" \
	    "$(cat "$KNOWN" 2>&1)"
fi
job_ssh "$CFG" echo again
is "$OUT" again "a second connection checks the stored key"

# --- a new job on the same port: new host key ------------------------------

sshd_stop
rm -f "$TMPD/sshd/hostkey" "$TMPD/sshd/hostkey.pub"
if sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" "$PORT"; then
	job_ssh "$CFG" echo ok
	if [ "$STATUS" -ne 0 ] && printf '%s\n' "$ERR" | grep -q 'IDENTIFICATION HAS CHANGED'; then
		ok "a new host key on the port is refused before re-add"
	else
		fail "a new host key on the port is refused before re-add" "exit $STATUS" "$OUT" "$ERR"
	fi
	run "$UCJOB" -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" </dev/null
	is "$STATUS" 0 "re-add of the port exits 0"
	job_ssh "$CFG" echo ok
	is "$OUT" ok "after re-add, the new job connects" || diag "exit $STATUS" "$ERR"
else
	skip "a new host key on the port" "sshd did not restart on port $PORT: $SSHD_WHY"
fi

run "$UCJOB" -F "$CFG" rm "$PORT" </dev/null
is "$STATUS" 0 "ucjob rm PORT"
same_bytes "$CFG" "$TMPD/orig" "rm: the config has its original bytes"
run ssh -G -T -F "$CFG" "$ALIAS" </dev/null
unlike "$OUT" "^port $PORT\$" "rm: ssh -G no longer sees the job's port"
unlike "$OUT" '^hostname 127\.0\.0\.1$' "rm: ssh -G no longer sees the job's host"
if known; then
	fail "rm: the alias's host key is gone" "$(ssh-keygen -F "$ALIAS" -f "$KNOWN" 2>&1)"
else
	ok "rm: the alias's host key is gone"
fi

# --- an earlier Host * cannot shadow the entry -----------------------------

CFG=$TMPD/star_config
cat >"$CFG" <<'EOF'
Host *
    User someone-else
    Port 22
EOF
cp "$CFG" "$TMPD/star_orig"
run "$UCJOB" -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" </dev/null
is "$STATUS" 0 "Host * first: add exits 0" || diag "$ERR"
is "$(effective "$CFG" user):$(effective "$CFG" port)" "$ME:$PORT" "Host * first: ssh -G sees the entry's user and port"
job_ssh "$CFG" id -un
is "$OUT" "$ME" "Host * first: ssh logs in as the registered user" || diag "exit $STATUS" "$ERR"
run "$UCJOB" -F "$CFG" rm "$PORT" </dev/null
same_bytes "$CFG" "$TMPD/star_orig" "Host * first: rm gives the original bytes"

done_testing
