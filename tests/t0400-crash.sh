#!/bin/sh
# tests/t0400-crash.sh - crash safety (SPEC.md section 3, rule 4): `ucjob
# add` and `ucjob rm` on a config of several megabytes, killed with SIGKILL
# at random moments: 20 times in `make check`, 200 in `make stress`
# (UCJOBTEST_STRESS=1). After every kill the config must
# be byte for byte the old or the new version and `ssh -G` must accept it;
# the temporaries and the lock file a killed run leaves behind must be
# removed by the next run and never break it (checked on every run that
# finished inside the loop, and once more with planted leftovers).
#
# The moments are uniform over the time an unkilled run takes (measured
# here first), so the kills land while it reads, writes the temporary,
# renames, and runs ssh-keygen afterwards. CRASH_SEED=N repeats a run;
# CRASH_KILLS=N asks for more kills.

. "$(dirname "$0")/lib/lib.sh"

KILLAFTER=$TOP/tests/tools/killafter
[ -x "$KILLAFTER" ] || skip_all "tests/tools/killafter is not built (make check builds it)"

# Every add writes the time it ran (added=...), so two versions are
# compared with that one value blanked out: `same FILE REF` is cmp -s of
# the two with their added= times replaced by one word.  Nothing else may
# differ.  (A frozen clock through an LD_PRELOAD library deadlocked
# under ASan and cannot reach a static binary.)
norm() {
	sed 's/ added=[0-9][0-9TZ:-]*/ added=TIME/' "$1"
}
same() {
	norm "$1" >"$TMPD/same.a" && norm "$2" >"$TMPD/same.b" &&
	    cmp -s "$TMPD/same.a" "$TMPD/same.b"
}
same_version() {
	if same "$1" "$2"; then
		ok "$3"
	else
		fail "$3" "$(diff -u "$TMPD/same.b" "$TMPD/same.a" 2>&1 | head -n 40)"
	fi
}

if [ "${UCJOBTEST_STRESS:-0}" = 1 ]; then
	KILLS=${CRASH_KILLS:-200}
else
	KILLS=${CRASH_KILLS:-20}
fi
SEED=${CRASH_SEED:-$$}
diag "seed $SEED (CRASH_SEED=$SEED repeats this run)"

mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
KH=$HOME/.ssh/ucjob_known_hosts
W=$TMPD/w
mkdir "$W"
# A host key stored for the job's alias, put back before every run, so
# that each run also spends time in ssh-keygen -R after the rename (add
# forgets the old job's key, rm the job's): a kill there must leave the
# new version.
KH_LINE="ucloud-job-2465 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
echo "$KH_LINE" >"$KH"

# About 3 MB: a thousand hosts under long comment blocks.
awk 'BEGIN {
	print "ServerAliveInterval 30"
	print ""
	for (i = 0; i < 1000; i++) {
		for (j = 0; j < 40; j++)
			printf "# note %d.%d: a comment line that makes this config several megabytes large\n", i, j
		printf "Host node%05d.example.org\n    HostName 10.%d.%d.%d\n    User u%d\n    Port %d\n\n", i, i % 250, int(i / 250), i % 200, i, 1000 + i % 5000
	}
}' >"$CFG"
chmod 600 "$CFG"
size=$(wc -c <"$CFG")
if [ "$size" -ge 2000000 ]; then
	ok "the config is several megabytes ($size bytes)"
else
	fail "the config is several megabytes" "only $size bytes"
fi

ADD="add --job 4398201 --host ssh.cloud.sdu.dk 2465"
RM="rm 2465"

# The two versions: A without the entry, B with it.
cp "$CFG" "$W/A"
run "$UCJOB" -F "$CFG" $ADD </dev/null
is "$STATUS" 0 "an unkilled add works on the big config"
cp "$CFG" "$W/B"
run "$UCJOB" -F "$CFG" $RM </dev/null
is "$STATUS" 0 "an unkilled rm works on the big config"
same_version "$CFG" "$W/A" "rm gives back the original bytes"
if ssh -G -T -F "$W/A" ucloud-job-2465 >/dev/null 2>&1 </dev/null &&
    [ "$(ssh -G -T -F "$W/B" ucloud-job-2465 2>/dev/null </dev/null | sed -n 's/^port //p')" = 2465 ]; then
	ok "ssh -G accepts both versions (port 2465 in the new one)"
else
	fail "ssh -G accepts both versions (port 2465 in the new one)"
fi

# strays: the temporaries and the lock file a killed run can leave.
strays() {
	find "$HOME/.ssh" \( -name '.config.ucjob-tmp.*' -o -name '.config.ucjob.lock' \) -print
}

# A killed run's leftovers, planted: the next run removes them and works.
: >"$HOME/.ssh/.config.ucjob-tmp.Ab12Cd"
: >"$HOME/.ssh/.config.ucjob-tmp.backup"
: >"$HOME/.ssh/.config.ucjob.lock"
run "$UCJOB" -F "$CFG" $ADD </dev/null
is "$STATUS" 0 "a run after planted leftovers works"
is "$(strays)" "" "and removes the stale temporaries and the lock file"
# A run killed between its backup and its rename leaves the backup a hard
# link to the config itself: the next backup must not leave a temporary.
rm -f "$HOME/.ssh/.config.ucjob~"
ln "$CFG" "$HOME/.ssh/.config.ucjob~"
run "$UCJOB" -F "$CFG" $RM </dev/null
is "$STATUS" 0 "a run whose backup is the config's own inode works"
is "$(strays)" "" "and leaves no temporary (regression)"
same_version "$HOME/.ssh/.config.ucjob~" "$W/B" "and the backup is the version before it"

# How long an unkilled run takes, add and rm apart (add also runs ssh -G
# before its rename): the median of five each.
for i in 1 2 3 4 5 6 7 8 9 10; do
	if [ $((i % 2)) = 1 ]; then op=$ADD name=add; else op=$RM name=rm; fi
	echo "$KH_LINE" >>"$KH"
	set -- $("$KILLAFTER" - "$UCJOB" -F "$CFG" $op)
	if [ "$1" != exited ] || [ "$2" -ne 0 ]; then
		fail "a timed run works" "$*"
		done_testing
	fi
	echo "$3" >>"$W/times-$name"
done
median_add=$(sort -n "$W/times-add" | sed -n 3p)
median_rm=$(sort -n "$W/times-rm" | sed -n 3p)
same_version "$CFG" "$W/A" "the timed runs end with the expected bytes"
diag "an unkilled add takes $(sort -n "$W/times-add" | tr '\n' ' ')us, rm $(sort -n "$W/times-rm" | tr '\n' ' ')us; kills land in 0..$median_add us (add), 0..$median_rm us (rm)"

rand=$SEED
# random_below N: a pseudo-random number in 0..N-1 in $R.
random_below() {
	rand=$(((rand * 1103515245 + 12345) % 2147483648))
	R=$(((rand / 65536 * 32768 + rand % 32768) % $1))
}

# any_strays: whether a killed run left files (no process started).
any_strays() {
	[ -e "$HOME/.ssh/.config.ucjob.lock" ] && return 0
	for _f in "$HOME/.ssh/.config.ucjob-tmp."*; do
		[ -e "$_f" ] && return 0
	done
	return 1
}

kills=0 finished=0 left_old=0 left_new=0 cleaned=0 runs=0 sshg=0
accepted=A
bad=
# At least KILLS kills, and more until kills have landed both before and
# after the rename (a few more when KILLS is small), within a bound.
while { [ "$kills" -lt "$KILLS" ] || [ "$left_old" -eq 0 ] ||
    [ "$left_new" -eq 0 ]; } && [ "$runs" -lt $((KILLS * 10)) ]; do
	runs=$((runs + 1))
	if same "$CFG" "$W/A"; then
		op=$ADD old=A new=B median=$median_add
	else
		op=$RM old=B new=A median=$median_rm
	fi
	had_strays=0
	any_strays && had_strays=1
	echo "$KH_LINE" >>"$KH"
	random_below $((median + 1))
	set -- $("$KILLAFTER" "$R" "$UCJOB" -F "$CFG" $op)
	case $1 in
	killed)
		kills=$((kills + 1))
		if same "$CFG" "$W/$old"; then
			left_old=$((left_old + 1))
		elif same "$CFG" "$W/$new"; then
			left_new=$((left_new + 1))
		else
			bad="kill $kills after $R us ($op): the config is neither version"
			break
		fi
		# ssh -G on the file whenever its bytes differ from those it
		# last accepted (a kill that left the old bytes left a file
		# that ssh -G had accepted already).
		if ! same "$CFG" "$W/$accepted"; then
			if ! ssh -G -T -F "$CFG" ucloud-job-2465 >/dev/null 2>&1 </dev/null; then
				bad="kill $kills after $R us ($op): ssh -G rejects the config"
				break
			fi
			accepted=$([ "$accepted" = A ] && echo B || echo A)
			sshg=$((sshg + 1))
		fi
		;;
	exited)
		if [ "$2" -ne 0 ]; then
			bad="run $runs ($op) after earlier kills failed with exit $2"
			break
		fi
		finished=$((finished + 1))
		if ! same "$CFG" "$W/$new"; then
			bad="run $runs ($op) finished but did not write the new version"
			break
		fi
		accepted=$new
		if any_strays; then
			bad="run $runs ($op) finished and left: $(strays)"
			break
		fi
		[ "$had_strays" = 1 ] && cleaned=$((cleaned + 1))
		;;
	*)
		bad="run $runs ($op): $*"
		break
		;;
	esac
done
if [ -z "$bad" ]; then
	ok "every kill left the old or the new version, accepted by ssh -G"
else
	fail "every kill left the old or the new version, accepted by ssh -G" "$bad" "seed $SEED"
fi
diag "$kills kills in $runs runs: $left_old left the old version, $left_new the new one; $finished runs finished; $cleaned cleaned up a killed run's files; ssh -G ran $sshg times on a changed file"
if [ "$kills" -ge "$KILLS" ]; then
	ok "$kills runs were killed"
else
	fail "$KILLS runs were killed" "only $kills in $runs runs"
fi
# Both outcomes happened: the kills did land before and after the rename.
if [ "$left_old" -gt 0 ] && [ "$left_new" -gt 0 ]; then
	ok "kills landed both before and after the rename"
else
	fail "kills landed both before and after the rename" "old $left_old, new $left_new"
fi

# After the last kill: one more run works and leaves nothing behind.
if same "$CFG" "$W/A"; then op=$ADD new=B; else op=$RM new=A; fi
run "$UCJOB" -F "$CFG" $op </dev/null
is "$STATUS" 0 "the run after the last kill works"
same_version "$CFG" "$W/$new" "and writes the expected version"
is "$(strays)" "" "no temporary or lock file is left"
if same "$HOME/.ssh/.config.ucjob~" "$W/A" || same "$HOME/.ssh/.config.ucjob~" "$W/B"; then
	ok "the backup is a complete version"
else
	fail "the backup is a complete version" "$(cmp "$HOME/.ssh/.config.ucjob~" "$W/A" 2>&1)"
fi

# ssh-keygen runs in a process group of its own, so a killed ucjob's
# ssh-keygen lives on for a moment: let it finish before the cleanup.
tries=0
while grep -l "$KH" /proc/[0-9]*/cmdline >/dev/null 2>&1 && [ "$tries" -lt 100 ]; do
	tries=$((tries + 1))
	sleep 0.1
done

figure kills-survived "$kills" "SIGKILLs survived by ucjob add/rm on a $((size / 1000000)) MB config (each left the old or the new file)"
done_testing
