#!/bin/sh
# tests/t0160-review-fixes.sh - findings of a review, one scenario each:
# host keys forgotten under the config lock (rule 11 with concurrent rm);
# a dry run refuses what the real run refuses (rule 5); with the block in
# another file (rule 10), only a read-only main config is left to the user,
# and rule 8 is checked through the main config that includes it; options
# after a quoted paste are ucjob's (SPEC.md section 2); the fix that add
# and check suggest fits where the winning line is.

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

# --- Rule 10: only a read-only main config is the user's to edit ---------

MAIN=$HOME/.ssh/config
BLOCKFILE=$HOME/.ssh/ucjob.conf
printf 'ssh-config = "%s"\n' "$BLOCKFILE" >"$UCJOB_CONFIG"

# Broken markers: ucjob cannot edit the main config safely: exit 1.
printf 'User me\n# BEGIN ucjob (managed by ucjob; edit with `ucjob add/rm`)\nHost x\n' >"$MAIN"
chmod 600 "$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a main config with a BEGIN but no END: add exits 1"
like "$ERR" "$MAIN" "naming the main config"
unlike "$OUT" "connect with" "and does not say how to connect"
same_bytes "$MAIN" "$W/main.orig" "the main config is untouched"
check "nothing is written to the block's file either" \
    sh -c "! grep -q 'Host ucloud-job-2465' '$BLOCKFILE' 2>/dev/null"

# UTF-16: OpenSSH cannot read it either: exit 1.
printf '\377\376H\000o\000s\000t\000 \000x\000\n\000' >"$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 1 "a UTF-16 main config: add exits 1"
same_bytes "$MAIN" "$W/main.orig" "the UTF-16 main config is untouched"

# Read-only (chattr +i as root, mode 0444 otherwise): the line is printed
# for the user, exit 0, and no "connect with" that would not work yet.
printf 'User me\n\nHost work\n    User me\n' >"$MAIN"
chmod 600 "$MAIN"
cp "$MAIN" "$W/main.orig"
rm -f "$BLOCKFILE"
if [ "$(id -u)" = 0 ] && command -v chattr >/dev/null 2>&1 &&
    chattr +i "$MAIN" 2>/dev/null; then
	add_cleanup "chattr -i '$MAIN' 2>/dev/null"
	readonly_how="chattr +i"
else
	chmod 444 "$MAIN"
	readonly_how="mode 0444"
fi
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$STATUS" 0 "a read-only main config ($readonly_how): add exits 0"
is "$OUT" "added ucloud-job-2465 (ucloud@ssh.cloud.sdu.dk port 2465) in $BLOCKFILE
Include $BLOCKFILE" "it prints the Include line, and no 'connect with'"
like "$ERR" "warning: .*add this line to $MAIN yourself" "with a warning on stderr"
check "the block is written" grep -q '^Host ucloud-job-2465$' "$BLOCKFILE"
same_bytes "$MAIN" "$W/main.orig" "the read-only main config is untouched"
chattr -i "$MAIN" 2>/dev/null
chmod 600 "$MAIN"

# Another user's main config is refused (rule 5), not left to the user.
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$MAIN"
	run "$UCJOB" add 2466 -i "$HOME/.ssh/id" --no-verify
	is "$STATUS" 1 "a main config owned by another user: add exits 1"
	like "$ERR" "owned by another user" "saying why"
	unlike "$OUT" "connect with|^Include " "with no Include line or 'connect with'"
	chown 0 "$MAIN"
else
	skip "a main config owned by another user" "not root"
	skip "saying why" "not root"
	skip "with no Include line or 'connect with'" "not root"
fi

# Rule 8 through the main config: its top-level options come before the
# Include of the block's file and win.
rm -f "$BLOCKFILE"
printf 'User me\nPort 22\nHost *\n  User me\n' >"$MAIN"
chmod 600 "$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 1 "the block in another file: a top-level User in the main config fails add"
like "$ERR" "user is 'me', not 'ucloud': $MAIN line 1 \\(User me\\)" \
    "naming the main config's line"
like "$ERR" "port is '22', not '2465': $MAIN line 2 \\(Port 22\\)" \
    "and the Port line"
same_bytes "$MAIN" "$W/main.orig" "the main config is untouched"
check "the block's file is not written" \
    sh -c "! grep -q 'Host ucloud-job-2465' '$BLOCKFILE' 2>/dev/null"
is "$(find "$HOME/.ssh" -name '.*ucjob*' -print)" "" "no temporary is left"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --force
is "$STATUS" 0 "--force writes it anyway"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^user me\$" \
    "(as ssh reading the main config would use user me)"

# A file included before the block's is named by its own path.
printf 'User ext\n' >"$HOME/.ssh/extra.conf"
printf 'Include extra.conf\nHost work\n  User me\n' >"$MAIN"
rm -f "$BLOCKFILE"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 1 "a file the main config includes first wins: add fails"
like "$ERR" "user is 'ext', not 'ucloud': $HOME/.ssh/extra.conf line 1 \\(User ext\\)" \
    "naming the included file and its line"

# Nothing wins: the add goes through, and an update of an entry the main
# config already includes sees the new values, not the old file's.
printf 'ServerAliveInterval 60\nHost work\n  User me\n' >"$MAIN"
rm -f "$BLOCKFILE"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "nothing wins over the entry: add succeeds"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --user other
is "$STATUS" 0 "updating the entry (--user other) passes the check too"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^user other\$" \
    "and ssh reading the main config sees the new user"
is "$(find "$HOME/.ssh" -name '.*ucjob*' -print)" "" "no temporary is left"

# The main config includes the block's file already (relative to ~/.ssh),
# before a top-level User: that User comes after the entry and does not win.
printf 'Include ucjob.conf\nUser me\nHost work\n  User me\n' >"$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "a User after the main config's Include of the block does not fail add"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^user ucloud\$" \
    "(ssh agrees: user ucloud)"
same_bytes "$MAIN" "$W/main.orig" "the relative Include counts: no second Include is added"
printf 'ssh-config = "~/.ssh/config"\n' >"$UCJOB_CONFIG"

# --- Options after a quoted paste; a clear word after an unquoted one ---

CFG=$W/paste.conf
: >"$CFG"
run "$UCJOB" -F "$CFG" add 'SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465' --job 42 --no-verify
is "$STATUS" 0 "a quoted job line followed by --job: add succeeds"
check "the job id after it is recorded" grep -q '# ucjob: job=42 ' "$CFG"
run "$UCJOB" -F "$CFG" add 'ssh ucloud@ssh.cloud.sdu.dk -p 2466' --name quoted -q --no-verify
is "$STATUS:$OUT" "0:" "a quoted ssh command followed by --name and -q: add succeeds quietly"
check "the alias after it is used" grep -q '^Host quoted$' "$CFG"
cp "$CFG" "$W/paste.orig"
run "$UCJOB" -F "$CFG" add ssh ucloud@ssh.cloud.sdu.dk -p 2467 --job 44
is "$STATUS" 2 "an unquoted paste followed by --job: exit 2"
like "$ERR" "'--job'.*put ucjob's options before the pasted command" \
    "saying to put ucjob's options before the paste"
run "$UCJOB" -F "$CFG" add SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2467 --name=x
is "$STATUS" 2 "an unquoted job line followed by --name=x: exit 2"
like "$ERR" "'--name=x'.*put ucjob's options before the pasted command" \
    "saying the same"
run "$UCJOB" -F "$CFG" add ssh ucloud@ssh.cloud.sdu.dk -p 2467 --bogus
is "$STATUS" 2 "an unquoted paste followed by an option of neither: exit 2"
like "$ERR" "'--bogus' is not accepted in a pasted command" "refused as before"
same_bytes "$CFG" "$W/paste.orig" "nothing written by the refused pastes"

# --- Fix hints that fit the winning line ------------------------------------

# A Host * section above an existing block: move the block up.
CFG=$W/hint.conf
: >"$CFG"
"$UCJOB" -q -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
{ printf 'Host *\n  User other\n'; cat "$CFG"; } >"$W/hint.tmp" &&
	mv "$W/hint.tmp" "$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id" --job 7
is "$STATUS" 1 "a Host * above the block wins: add fails"
like "$ERR" "user is 'other', not 'ucloud': $CFG line 2 \\(User other\\) comes first; move the lines from '# BEGIN ucjob' to '# END ucjob' above line 1" \
    "the fix is to move the block above the Host section"
unlike "$ERR" "below the block" "not to move the Host * line below the block"

# An included file: move the Include below the block.
printf 'User ext\n' >"$HOME/.ssh/extra.conf"
printf 'Include extra.conf\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 1 "an included file wins: add fails"
like "$ERR" "$HOME/.ssh/extra.conf line 1 \\(User ext\\) comes first; move the Include line that reads $HOME/.ssh/extra.conf below the block" \
    "the fix is to move the Include line below the block"
unlike "$ERR" "move that line" "not to move the included line itself"

# A top-level line: move it below the block (as before).
printf 'User top\n' >"$CFG"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id"
like "$ERR" "\\(User top\\) comes first; move that line below the block or into a Host section" \
    "a top-level line: move it below the block or into a Host section"

# Under -F, an entry ssh -G does not see as written is no $HOME problem.
: >"$CFG"
"$UCJOB" -q -F "$CFG" add 2465 -i "$HOME/.ssh/id" --no-verify
grep -v -e '^ *HostName ' -e '^ *HostKeyAlias ' "$CFG" >"$W/hint.tmp" &&
	cat "$W/hint.tmp" >"$CFG"
run "$UCJOB" -F "$CFG" check 2465
is "$STATUS" 1 "check -F of an entry without HostName and HostKeyAlias fails"
like "$OUT" "ssh -G does not reach ucloud-job-2465 \\(is the file Included, or is the entry edited by hand\\?\\)" \
    "saying ssh -G does not reach it, and why that may be"
unlike "$OUT" "it reads|password database" "not that ssh reads another home's config"

done_testing
