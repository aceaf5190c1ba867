#!/bin/sh
# tests/t0210-host-keys.sh - issue 4's scenarios against real, throwaway
# sshd processes on 127.0.0.1 (tests/lib/sshd.sh):
#  (a) port reuse: host key A, then host key B on the same port: a plain
#      connection fails as "host key changed" and check --connect says
#      so; `ucjob add` again (unchanged) forgets the pinned key and
#      then ssh connects; host-key checking is never off;
#  (b) shadowing: a top-level `User other` makes add refuse, naming the
#      file and line; --force writes; check reports it;
#  (c) check --connect tells an unreachable port, an unauthorised key and
#      success apart;
#  (d) prune --yes removes exactly the dead entries;
#  (e) a top-level UserKnownHostsFile (two files) wins over the entry's:
#      add refuses, --force writes; ssh stores the job's key in the user's
#      file; after `rm` and `add` of a new job on the same port, and after
#      a re-add for another job, ssh connects without "REMOTE HOST
#      IDENTIFICATION HAS CHANGED": keys are forgotten where ssh stored
#      them (issue 16);
#  (f) a top-level HashKnownHosts yes: ssh writes a hashed line into
#      ucjob's file; rm and a re-add still forget it.

. "$(dirname "$0")/lib/lib.sh"
. "$TOP/tests/lib/sshd.sh"

ME=$(id -un)
KNOWN=$HOME/.ssh/ucjob_known_hosts
mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0210 -f "$HOME/.ssh/id_ed25519" >/dev/null ||
	fail "ssh-keygen makes the user key"
ssh-keygen -q -t ed25519 -N '' -C stranger -f "$TMPD/stranger" >/dev/null ||
	fail "ssh-keygen makes a key the job does not know"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"

# A port where nothing listens: one a throwaway sshd had, then gave up.
sshd_start "$TMPD/gone" "$HOME/.ssh/id_ed25519.pub"
case $? in
0) DEAD=$SSHD_PORT; sshd_stop ;;
77) skip_all "$SSHD_WHY" ;;
*)
	fail "a throwaway sshd starts" "$SSHD_WHY"
	done_testing
	;;
esac
if sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub"; then
	ok "a throwaway sshd (host key A) listens on 127.0.0.1:$SSHD_PORT"
else
	fail "a throwaway sshd starts" "$SSHD_WHY" "$(cat "$SSHD_LOG" 2>/dev/null)"
	done_testing
fi
PORT=$SSHD_PORT
ALIAS=ucloud-job-$PORT

u() {
	"$UCJOB" "$@" </dev/null
}

# plain CFG ALIAS: plain OpenSSH, batch mode, prints "reached".
plain() {
	run ssh -F "$1" -o BatchMode=yes -o ConnectTimeout=5 "$2" echo reached </dev/null
}

# checking_on CFG ALIAS DESC: ssh -G shows host-key checking not turned off.
checking_on() {
	_shkc=$(ssh -G -T -F "$1" "$2" 2>/dev/null </dev/null | sed -n 's/^stricthostkeychecking //p')
	case $_shkc in
	accept-new | ask | true | yes) ok "$3 (StrictHostKeyChecking $_shkc)" ;;
	*) fail "$3" "stricthostkeychecking is '$_shkc'" ;;
	esac
}

# --- (a) port reuse ---------------------------------------------------------

CFG=$TMPD/config
printf 'ServerAliveInterval 30\n\nHost *\n    Compression yes\n' >"$CFG"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 0 "(a) ucjob add PORT" || diag "$ERR"
checking_on "$CFG" "$ALIAS" "(a) after add, host-key checking is on"
plain "$CFG" "$ALIAS"
is "$OUT" reached "(a) plain ssh ALIAS connects to host key A (accept-new)" || diag "$ERR"
is "$(cut -d' ' -f1 "$KNOWN")" "$ALIAS" "(a) the key is stored under the alias, in plain text"
run u -F "$CFG" check --connect "$PORT"
is "$STATUS:$OUT" "0:ok   $ALIAS: reachable" "(a) check --connect: reachable"

sshd_stop
rm -f "$TMPD/sshd/hostkey" "$TMPD/sshd/hostkey.pub"
if sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" "$PORT"; then
	ok "(a) a new job (host key B) on the same port"
	plain "$CFG" "$ALIAS"
	if [ "$STATUS" -eq 255 ] && printf '%s\n' "$ERR" | grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED'; then
		ok "(a) plain ssh now fails: host key changed"
	else
		fail "(a) plain ssh now fails: host key changed" "exit $STATUS" "$OUT" "$ERR"
	fi
	checking_on "$CFG" "$ALIAS" "(a) with key B, host-key checking is still on"
	run u -F "$CFG" check --connect "$PORT"
	is "$STATUS" 1 "(a) check --connect: exit 1"
	like "$OUT" "^fail $ALIAS: host key changed.*add it again: ucjob add PORT --name ALIAS" \
	    "(a) check --connect says: host key changed, and how to forget it"
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
	is "$STATUS" 0 "(a) ucjob add PORT again, unchanged"
	like "$ERR" "forgot the host key pinned for $ALIAS" \
	    "(a) the unchanged re-add says it forgot host A's key"
	checking_on "$CFG" "$ALIAS" "(a) after the re-add, host-key checking is on"
	plain "$CFG" "$ALIAS"
	is "$OUT" reached "(a) after the re-add, plain ssh connects to key B" || diag "$ERR"
	run u -F "$CFG" check --connect "$ALIAS"
	is "$STATUS:$OUT" "0:ok   $ALIAS: reachable" "(a) check --connect: reachable again"
else
	skip "(a) a new job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi
if grep -i -q 'StrictHostKeyChecking[ =]*no' "$CFG"; then
	fail "(a) the config never says StrictHostKeyChecking no" "$(cat "$CFG")"
else
	ok "(a) the config never says StrictHostKeyChecking no"
fi

# --- (b) shadowing by a top-level User -------------------------------------

SH=$TMPD/shadowed
printf 'User other\n\nHost github.com\n    User git\n' >"$SH"
cp "$SH" "$TMPD/shadowed.orig"
run u -F "$SH" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 1 "(b) top-level User other: add refuses"
like "$ERR" "user is 'other', not '$ME': $SH line 1 \\(User other\\)" "(b) naming the file and line"
same_bytes "$SH" "$TMPD/shadowed.orig" "(b) nothing written"
run u -F "$SH" add "$PORT" --host 127.0.0.1 --user "$ME" --force
is "$STATUS" 0 "(b) --force writes"
run u -F "$SH" check
is "$STATUS" 1 "(b) check fails"
like "$OUT" "^fail $ALIAS: user is 'other', not '$ME': $SH line 1 \\(User other\\) comes first" \
    "(b) check names the winning line"
run u -F "$SH" check --connect
like "$OUT" "^fail $ALIAS: user is 'other'.*; authentication refused" \
    "(b) check --connect: the shadowed user is refused by the job"

# --- (c) check --connect: gone, unauthorised, reachable ---------------------

C3=$TMPD/three
: >"$C3"
u -F "$C3" add "$PORT" --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
u -F "$C3" add "$DEAD" --name dead-job --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
u -F "$C3" add "$PORT" --force --name stranger-job -i "$TMPD/stranger" --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
run u -F "$C3" list --names
is "$OUT" "$ALIAS
dead-job
stranger-job" "(c) three entries"
run u -F "$C3" check --connect --timeout 5
is "$STATUS" 1 "(c) check --connect with failures: exit 1"
like "$OUT" "^ok   $ALIAS: reachable\$" "(c) success: reachable"
like "$OUT" "^fail dead-job: connection refused \\(.*Connection refused\\): the job is gone" \
    "(c) an unreachable port: connection refused"
like "$OUT" "^fail stranger-job: authentication refused \\(.*Permission denied.*\\): .*upload the public key" \
    "(c) an unauthorised key: authentication refused"
run u -F "$C3" check --connect --json
if command -v python3 >/dev/null 2>&1; then
	got=$(python3 -c 'import json, sys
print(" ".join("%s=%s" % (d["alias"], d["connect"]) for d in json.load(sys.stdin)))' <"$TMPD/run.out")
	is "$got" "$ALIAS=reachable dead-job=connection refused stranger-job=authentication refused" \
	    "(c) check --connect --json: the three outcomes"
else
	skip "(c) check --connect --json" "no python3"
fi

# --- (d) prune ---------------------------------------------------------------

u -F "$C3" add "$DEAD" --force --name dead-job-2 --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
cp "$C3" "$TMPD/three.before"
run u -F "$C3" prune --dry-run
is "$STATUS" 0 "(d) prune --dry-run: exit 0"
like "$OUT" '^dead-job: connection refused' "(d) prune --dry-run lists dead-job"
like "$OUT" '^dead-job-2: connection refused' "(d) prune --dry-run lists dead-job-2"
unlike "$(printf '%s\n' "$OUT" | grep -v '^[-+ @]')" 'stranger-job|ucloud-job' \
    "(d) prune --dry-run lists no live job"
like "$OUT" '^-Host dead-job-2$' "(d) prune --dry-run prints the diff, as every -n does"
same_bytes "$C3" "$TMPD/three.before" "(d) prune --dry-run changes nothing"

if command -v script >/dev/null 2>&1 &&
    printf 'n\n' | script -qec "\"$UCJOB\" -F \"$C3\" prune" /dev/null >"$TMPD/prompt" 2>&1; then
	like "$(cat "$TMPD/prompt")" 'Remove 2 entries whose job is gone\? \[y/N\]' "(d) prune asks on the terminal"
	same_bytes "$C3" "$TMPD/three.before" "(d) answering n removes nothing"
else
	skip "(d) prune asks on the terminal" "no script(1) to give it a terminal"
fi

run u -F "$C3" prune --yes
is "$STATUS" 0 "(d) prune --yes: exit 0" || diag "$ERR"
like "$OUT" '^removed dead-job$' "(d) prune --yes removes dead-job"
like "$OUT" '^removed dead-job-2$' "(d) prune --yes removes dead-job-2"
run u -F "$C3" list --names
is "$OUT" "$ALIAS
stranger-job" "(d) exactly the dead entries are gone"

run u -F "$C3" rm --all
run u -F "$CFG" rm "$PORT"
if ssh-keygen -F "$ALIAS" -f "$KNOWN" >/dev/null 2>&1; then
	fail "rm forgets the alias's key"
else
	ok "rm forgets the alias's key"
fi
is "$(find "$HOME/.ssh" -name '*.old')" "" \
    "no known_hosts.old from ssh-keygen -R is left (re-add, prune, rm)"

# new_host_key: the job on PORT restarts with a new host key.
new_host_key() {
	sshd_stop
	rm -f "$TMPD/sshd/hostkey" "$TMPD/sshd/hostkey.pub"
	sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" "$PORT"
}

# connects CFG DESC: plain ssh gets in, and not past a changed-key error.
connects() {
	plain "$1" "$ALIAS"
	if [ "$OUT" = reached ] &&
	    ! printf '%s\n' "$ERR" | grep -q 'REMOTE HOST IDENTIFICATION HAS CHANGED'; then
		ok "$2"
	else
		fail "$2" "exit $STATUS" "$OUT" "$ERR"
	fi
}

# --- (e) a top-level UserKnownHostsFile (issue 16) ------------------------

MINE=$TMPD/mine_known_hosts
CFG=$TMPD/config
printf 'UserKnownHostsFile %s %s/second_known_hosts\n\nHost github.com\n    User git\n' \
    "$MINE" "$TMPD" >"$CFG"
cp "$CFG" "$TMPD/config.orig"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 1 "(e) add refuses: the top-level UserKnownHostsFile wins"
like "$ERR" "userknownhostsfile is '$MINE $TMPD/second_known_hosts', not '$KNOWN': $CFG line 1 \\(UserKnownHostsFile " \
    "(e) naming the file and line"
same_bytes "$CFG" "$TMPD/config.orig" "(e) nothing written on the refusal"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" --force
is "$STATUS" 0 "(e) --force writes" || diag "$ERR"
connects "$CFG" "(e) ssh connects to host key A"
if ssh-keygen -F "$ALIAS" -f "$MINE" >/dev/null 2>&1; then
	ok "(e) ssh stored the key in the user's file, under the alias"
else
	fail "(e) ssh stored the key in the user's file, under the alias" "$(cat "$MINE" 2>&1)"
fi
cp "$MINE" "$TMPD/second_known_hosts"

if new_host_key; then
	plain "$CFG" "$ALIAS"
	like "$ERR" 'REMOTE HOST IDENTIFICATION HAS CHANGED' \
	    "(e) a new job on the port: the stale key is refused"
	run u -F "$CFG" rm "$PORT"
	is "$STATUS" 0 "(e) rm exits 0"
	if ssh-keygen -F "$ALIAS" -f "$MINE" >/dev/null 2>&1 ||
	    ssh-keygen -F "$ALIAS" -f "$TMPD/second_known_hosts" >/dev/null 2>&1; then
		fail "(e) rm forgets the key in both files ssh uses" "$(cat "$MINE")"
	else
		ok "(e) rm forgets the key in both files ssh uses"
	fi
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" --force
	is "$STATUS" 0 "(e) add of the new job (--force)"
	connects "$CFG" "(e) after rm and add, ssh connects to host key B"
else
	skip "(e) a new job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi

if new_host_key; then
	run u -F "$CFG" add "$PORT" --job 4242 --host 127.0.0.1 --user "$ME" --force
	is "$STATUS" 0 "(e) re-add for another job (host key C)"
	connects "$CFG" "(e) after the re-add, ssh connects to host key C"
else
	skip "(e) a third job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi
u -F "$CFG" rm "$PORT" >/dev/null 2>&1
is "$(find "$TMPD" "$HOME/.ssh" -name '*.old')" "" "(e) no .old file from ssh-keygen -R is left"

# --- (f) a top-level HashKnownHosts yes -------------------------------------

CFG=$TMPD/hashed
printf 'HashKnownHosts yes\n' >"$CFG"
rm -f "$KNOWN"
run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
is "$STATUS" 0 "(f) add under HashKnownHosts yes" || diag "$ERR"
connects "$CFG" "(f) ssh connects"
if grep -q '^|1|' "$KNOWN" && ! grep -q "$ALIAS" "$KNOWN"; then
	ok "(f) ssh wrote a hashed line into ucjob's file"
else
	fail "(f) ssh wrote a hashed line into ucjob's file" "$(cat "$KNOWN" 2>&1)"
fi
run u -F "$CFG" rm "$PORT"
is "$STATUS" 0 "(f) rm exits 0"
if ssh-keygen -F "$ALIAS" -f "$KNOWN" >/dev/null 2>&1; then
	fail "(f) rm forgets the hashed key" "$(cat "$KNOWN")"
else
	ok "(f) rm forgets the hashed key"
fi
u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME" >/dev/null 2>&1
connects "$CFG" "(f) added again, ssh connects and stores a hashed key"
if new_host_key; then
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
	is "$STATUS" 0 "(f) a plain re-add for a new job"
	connects "$CFG" "(f) after the re-add, ssh connects to the new host key"
else
	skip "(f) a new job on the same port" "sshd did not restart on $PORT: $SSHD_WHY"
fi

done_testing
