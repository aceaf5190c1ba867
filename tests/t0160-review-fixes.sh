#!/bin/sh
# tests/t0160-review-fixes.sh - findings of a review, one scenario each:
# host keys forgotten under the config lock (rule 11 with concurrent rm);
# a dry run refuses what the real run refuses (rule 5).

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
KNOWN=$HOME/.ssh/ucjob_known_hosts
W=$TMPD/w
mkdir "$W"

# --- Rule 11 under concurrency: every rm forgets its key ------------------
# ssh-keygen -R rewrites the known-hosts file through a temporary: run
# outside the config lock, concurrent removals overwrite each other.

CFG=$W/many.conf
ssh-keygen -q -t ed25519 -N '' -C hostkey -f "$W/hostkey" >/dev/null ||
	fail "ssh-keygen makes a host key"
HOSTKEY=$(cut -d' ' -f1,2 "$W/hostkey.pub")
: >"$KNOWN"
port=3000
while [ "$port" -lt 3030 ]; do
	"$UCJOB" -q -F "$CFG" add "$port" -i "$HOME/.ssh/id" --no-verify ||
		fail "add $port"
	# As ssh with HashKnownHosts no stores a key under its HostKeyAlias.
	echo "ucloud-job-$port $HOSTKEY" >>"$KNOWN"
	port=$((port + 1))
done
is "$(grep -c '^Host ucloud-job-' "$CFG")" 30 "30 entries registered"
check "ssh-keygen finds their keys" \
    sh -c "ssh-keygen -F ucloud-job-3007 -f '$KNOWN' >/dev/null"
pids=
port=3000
while [ "$port" -lt 3030 ]; do
	"$UCJOB" -q -F "$CFG" rm "$port" >"$W/rm.$port.out" 2>&1 &
	pids="$pids $!"
	port=$((port + 1))
done
rm_failed=0
for pid in $pids; do
	wait "$pid" || rm_failed=$((rm_failed + 1))
done
is "$rm_failed" 0 "30 parallel rm all succeed"
is "$(grep -c '^Host ' "$CFG")" 0 "no entry is left"
left=
port=3000
while [ "$port" -lt 3030 ]; do
	ssh-keygen -F "ucloud-job-$port" -f "$KNOWN" >/dev/null 2>&1 &&
		left="$left ucloud-job-$port"
	port=$((port + 1))
done
is "$left" "" "no host key is left behind by the parallel rm"

# --- Rule 5 in a dry run: the same refusal as the real run ---------------

CFG=$W/shared.conf
printf 'Host work\n    User me\n' >"$CFG"
chmod 666 "$CFG"
cp "$CFG" "$W/shared.orig"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a world-writable config: add refuses (exit 1)"
run "$UCJOB" -F "$CFG" -n add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a world-writable config: add --dry-run refuses too"
is "$OUT" "" "and prints no diff"
like "$ERR" "writable by everyone" "saying why"
run "$UCJOB" -F "$CFG" -n rm 2465
is "$STATUS" 1 "rm --dry-run refuses it as well"
same_bytes "$CFG" "$W/shared.orig" "the config is untouched"
chmod 600 "$CFG"
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$CFG"
	run "$UCJOB" -F "$CFG" -n add 2465 -i "$HOME/.ssh/id" --no-verify
	is "$STATUS:$OUT" "1:" \
	    "a config owned by another user: add --dry-run refuses, no diff"
	like "$ERR" "owned by another user" "saying why"
	chown 0 "$CFG"
else
	skip "a config owned by another user in a dry run" "not root"
	skip "saying why" "not root"
fi

done_testing
