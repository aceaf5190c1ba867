#!/bin/sh
# tests/t0210-host-keys.sh - issue 4's scenarios against real, throwaway
# sshd processes on 127.0.0.1 (tests/lib/sshd.sh):
#  (a) port reuse: host key A, then host key B on the same port: a plain
#      connection fails as "host key changed" and check --connect says
#      so; after `ucjob add` again it connects; host-key checking is never
#      off;
#  (b) shadowing: a top-level `User other` makes add refuse, naming the
#      file and line; --force writes; check reports it;
#  (c) check --connect tells an unreachable port, an unauthorised key and
#      success apart;
#  (d) prune --yes removes exactly the dead entries.

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
	like "$OUT" "^fail $ALIAS: host key changed" "(a) check --connect says: host key changed"
	run u -F "$CFG" add "$PORT" --host 127.0.0.1 --user "$ME"
	is "$STATUS" 0 "(a) ucjob add PORT again"
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

done_testing
