#!/bin/sh
# tests/t0410-concurrency.sh - concurrent writers (SPEC.md section 3, rule
# 4): 64 `ucjob add` with distinct ports and 16 `ucjob rm` of other
# entries, all released at the same instant on one config. No entry may be
# lost or come back: the final file holds exactly the expected set, ssh -G
# reads it, the bytes outside the block are the user's, and the backup is
# a complete earlier version (the state just before the last writer).

. "$(dirname "$0")/lib/lib.sh"

ADDS=64
RMS=16

mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
W=$TMPD/w
mkdir "$W"

# A user's config of some size, so that the writers overlap.
awk 'BEGIN {
	print "# my ssh config"
	print "ServerAliveInterval 30"
	print ""
	for (i = 0; i < 300; i++)
		printf "Host box%03d.example.org\n    User me\n    Port %d\n\n", i, 2000 + i
}' >"$CFG"
chmod 600 "$CFG"
cp "$CFG" "$W/user"

# The entries the rm writers remove, added one by one beforehand.
i=0
while [ "$i" -lt "$RMS" ]; do
	"$UCJOB" -q -F "$CFG" add $((5000 + i)) </dev/null || fail "setup: add $((5000 + i))"
	i=$((i + 1))
done
is "$("$UCJOB" -F "$CFG" list --names | wc -l | tr -d ' ')" "$RMS" "setup: $RMS entries to remove"

# The gate: a FIFO held open read-write here, so that opening it never
# blocks; each writer waits for its line, and all lines are written at
# once.
mkfifo "$W/gate"
exec 3<>"$W/gate"
pids=
i=0
while [ "$i" -lt "$ADDS" ]; do
	port=$((3000 + i))
	(
		exec 3>&-
		read -r _ <"$W/gate"
		exec "$UCJOB" -F "$CFG" add --job "job$port" "$port"
	) >"$W/out.add$port" 2>&1 </dev/null &
	pids="$pids $!:add$port"
	i=$((i + 1))
	# Interleave the removals with the additions.
	if [ $((i % (ADDS / RMS))) = 0 ]; then
		port=$((5000 + i / (ADDS / RMS) - 1))
		(
			exec 3>&-
			read -r _ <"$W/gate"
			exec "$UCJOB" -F "$CFG" rm "$port"
		) >"$W/out.rm$port" 2>&1 </dev/null &
		pids="$pids $!:rm$port"
	fi
done
writers=$((ADDS + RMS))
# The FIFO stays open here until all have ended: a writer that opens it
# late still finds its line instead of blocking for want of a writer.
awk -v n="$writers" 'BEGIN { for (i = 0; i < n; i++) print "go" }' >&3

failures=
for p in $pids; do
	wait "${p%%:*}"
	st=$?
	[ "$st" -eq 0 ] || failures="$failures ${p#*:}(exit $st: $(cat "$W/out.${p#*:}"))"
done
exec 3>&-
is "$failures" "" "all $writers writers succeeded"

# expected: the aliases of the additions, sorted.
i=0
while [ "$i" -lt "$ADDS" ]; do
	echo "ucloud-job-$((3000 + i))"
	i=$((i + 1))
done | sort >"$W/expected"
"$UCJOB" -F "$CFG" list --names | sort >"$W/final"
if cmp -s "$W/final" "$W/expected"; then
	ok "the block holds exactly the $ADDS added entries and none of the removed"
else
	fail "the block holds exactly the $ADDS added entries and none of the removed" \
	    "$(diff "$W/expected" "$W/final")"
fi
is "$(grep -c '^Host ucloud-job-' "$CFG")" "$ADDS" "each entry appears once"
is "$(grep -c '^# BEGIN ucjob' "$CFG")" 1 "one block"

# Each entry as ssh reads it.
wrong=
while read -r alias; do
	port=$(ssh -G -T -F "$CFG" "$alias" 2>/dev/null </dev/null | sed -n 's/^port //p')
	[ "$port" = "${alias#ucloud-job-}" ] || wrong="$wrong $alias:$port"
done <"$W/expected"
is "$wrong" "" "ssh -G reads every entry with its own port"

# Outside the block: the user's bytes (rm --all on a copy gives them back).
cp "$CFG" "$W/final.cfg"
"$UCJOB" -q -F "$W/final.cfg" rm --all </dev/null
same_bytes "$W/final.cfg" "$W/user" "the bytes outside the block are the user's"

# The backup: the state before the last writer, so its set differs from
# the final one by exactly one writer's entry.
BAK=$HOME/.ssh/.config.ucjob~
if ssh -G -T -F "$BAK" ucloud-job-3000 >/dev/null 2>&1 </dev/null &&
    "$UCJOB" -F "$BAK" list --names | sort >"$W/backup"; then
	ok "the backup parses (ucjob and ssh -G)"
else
	fail "the backup parses (ucjob and ssh -G)"
fi
delta=$(comm -3 "$W/final" "$W/backup" | tr -d '\t')
case $(echo "$delta" | wc -l | tr -d ' '):$delta in
1:ucloud-job-3[0-9][0-9][0-9])
	grep -qx "$delta" "$W/final" && ! grep -qx "$delta" "$W/backup" &&
		ok "the backup is the state before the last add ($delta)" ||
		fail "the backup is the state before the last writer" "$delta"
	;;
1:ucloud-job-50[0-9][0-9])
	grep -qx "$delta" "$W/backup" &&
		ok "the backup is the state before the last rm ($delta)" ||
		fail "the backup is the state before the last writer" "$delta"
	;;
*)
	fail "the backup is the state before the last writer" "differs by: $delta"
	;;
esac
cp "$BAK" "$W/backup.cfg"
"$UCJOB" -q -F "$W/backup.cfg" rm --all </dev/null
same_bytes "$W/backup.cfg" "$W/user" "the backup is complete outside its block"

leftovers=$(find "$HOME/.ssh" \( -name '*.ucjob.lock' -o -name '.*.ucjob-tmp.*' \) -print)
is "$leftovers" "" "no lock or temporary files are left"

figure concurrent-writers "$writers" "concurrent ucjob writers on one config ($ADDS add + $RMS rm), no entry lost"
done_testing
