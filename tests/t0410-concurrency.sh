#!/bin/sh
# tests/t0410-concurrency.sh - concurrent writers (SPEC.md section 3, rule
# 4): 16 `ucjob add` with distinct ports and 4 `ucjob rm` of other entries
# (64 and 16 in `make stress`, UCJOBTEST_STRESS=1), all released at the
# same instant on one config. No entry may be
# lost or come back: the final file holds exactly the expected set, ssh -G
# reads it, the bytes outside the block are the user's, and the backup is
# a complete earlier version (the state just before the last writer).
# Parallel rm each forget their host key (rule 11: ssh-keygen -R runs
# under the config lock), and an edit another program makes while ucjob
# works (an editor takes no lock) is never overwritten.

. "$(dirname "$0")/lib/lib.sh"

if [ "${UCJOBTEST_STRESS:-0}" = 1 ]; then
	ADDS=64
	RMS=16
else
	ADDS=16
	RMS=4
fi

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

# --- Rule 11 under concurrency: every rm forgets its key ------------------
# ssh-keygen -R rewrites the known-hosts file through a temporary: run
# outside the config lock, concurrent removals overwrite each other.
fresh_sandbox rule11
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


# --- An edit by another program while ucjob works is never overwritten ---
# An editor takes no lock: ucjob sees the change before its rename.
fresh_home other-edit
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

done_testing
