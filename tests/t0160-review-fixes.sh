#!/bin/sh
# tests/t0160-review-fixes.sh - findings of a review, one scenario each:
# host keys forgotten under the config lock (rule 11 with concurrent rm).

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

done_testing
