#!/bin/sh
# tests/t0120-include.sh - rule 10 of SPEC.md section 3: when the
# ssh-config setting names another file than ~/.ssh/config, the block goes
# there and ~/.ssh/config gets one `Include FILE` on its first line
# (so it wins over top-level options), unless an Include of any spelling
# or a glob covers it already; a main config that cannot be written gets the line
# printed instead, and nothing else changes. Only a read-only main config
# is left to the user (broken markers, UTF-16, another owner: errors); rule
# 8 is checked through the main config that includes the block's file.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
MAIN=$HOME/.ssh/config
BLOCKFILE=$HOME/.ssh/ucjob.conf
printf 'ServerAliveInterval 60\n\n# work\nHost work\n    User me\n' >"$MAIN"
chmod 600 "$MAIN"
cp "$MAIN" "$TMPD/main.orig"
printf 'ssh-config = "%s"\n' "$BLOCKFILE" >"$UCJOB_CONFIG"

run "$UCJOB" add 2465 -i "$HOME/.ssh/id_ed25519"
is "$STATUS" 0 "add with ssh-config set to another file succeeds"
check "the block is in the named file" grep -q '^Host ucloud-job-2465$' "$BLOCKFILE"
check "the main config has no block" sh -c "! grep -q 'BEGIN ucjob' '$MAIN'"
is "$(grep -c '^Include ' "$MAIN")" 1 "the main config has one Include line"
is "$(sed -n 1p "$MAIN")" "Include $BLOCKFILE" \
    "the Include is the main config's first line"
# Without the Include line the rest of the main config is unchanged.
grep -v '^Include ' "$MAIN" >"$TMPD/main.rest"
same_bytes "$TMPD/main.rest" "$TMPD/main.orig" "nothing else in the main config changed"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" '^port 2465$' \
    "ssh reading the main config finds the entry through the Include"

cp "$MAIN" "$TMPD/main.after1"
run "$UCJOB" add 2466 -i "$HOME/.ssh/id_ed25519"
is "$STATUS" 0 "a second add succeeds"
same_bytes "$MAIN" "$TMPD/main.after1" "the Include is added only once"

run "$UCJOB" rm 2465 2466
is "$STATUS" 0 "rm works on the other file"
check "the block file no longer holds the entries" \
    sh -c "! grep -q 'ucloud-job-246' '$BLOCKFILE'"

# A main config that cannot be written (a Nix store link): the block is
# written, the Include line is printed for the user, exit 0.
rm -f "$BLOCKFILE"
cp "$TMPD/main.orig" "$MAIN"
chmod 600 "$MAIN"
if [ "$(id -u)" = 0 ] && command -v chattr >/dev/null 2>&1 &&
    chattr +i "$MAIN" 2>/dev/null; then
	add_cleanup "chattr -i '$MAIN'"
	run "$UCJOB" add 2467 -i "$HOME/.ssh/id_ed25519"
	is "$STATUS" 0 "an unwritable main config does not fail add (the block is written)"
	check "the block file got the entry" grep -q "^Host ucloud-job-2467$" "$BLOCKFILE"
	like "$OUT" "^Include $BLOCKFILE\$" "the Include line is printed for the user"
	like "$ERR" "add this line to $MAIN yourself" "and explained on stderr"
	same_bytes "$MAIN" "$TMPD/main.orig" "the unwritable main config is unchanged"
	chattr -i "$MAIN"
else
	# Not root or no chattr: a read-only directory does the same.
	chmod 500 "$HOME/.ssh"
	add_cleanup "chmod 700 '$HOME/.ssh'"
	if touch "$HOME/.ssh/probe" 2>/dev/null; then
		rm -f "$HOME/.ssh/probe"
		skip "unwritable main config" "cannot make a file unwritable here"
	else
		run "$UCJOB" add 2467 -i "$HOME/.ssh/id_ed25519"
		is "$STATUS" 1 "a read-only ~/.ssh makes add exit 1"
	fi
	chmod 700 "$HOME/.ssh"
fi

# -F means "this is the config": no Include is managed then.
OTHER=$TMPD/other.conf
printf 'Host x\n' >"$OTHER"
cp "$MAIN" "$TMPD/main.before-F"
run "$UCJOB" -F "$OTHER" add 2468 -i "$HOME/.ssh/id_ed25519"
is "$STATUS" 0 "add -F succeeds"
same_bytes "$MAIN" "$TMPD/main.before-F" "add -F leaves the main config alone"


# --- Rule 10: only a read-only main config is the user's to edit ---------
fresh_sandbox include-main
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

# Rule 10: the Include goes on line 1, so top-level options of the main
# config (and files it includes first) no longer win over the entry.
rm -f "$BLOCKFILE"
printf 'User me\nPort 22\nHost *\n  User me\n' >"$MAIN"
chmod 600 "$MAIN"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "the block in another file: a top-level User and Port in the main config no longer fail add"
is "$(sed -n 1p "$MAIN")" "Include $BLOCKFILE" "the Include went on line 1"
out=$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)
like "$out" "^user ucloud\$" "(ssh agrees: user ucloud)"
like "$out" "^port 2465\$" "(and port 2465)"
is "$(find "$HOME/.ssh" \( -name '.*ucjob-tmp*' -o -name '.*ucjob-verify*' -o -name '*.ucjob.lock' \) -print)" "" "no temporary is left"

printf 'User ext\n' >"$HOME/.ssh/extra.conf"
printf 'Include extra.conf\nHost work\n  User me\n' >"$MAIN"
rm -f "$BLOCKFILE"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "a file the main config includes first does not win over line 1"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^user ucloud\$" \
    "(ssh agrees: user ucloud)"

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
is "$(find "$HOME/.ssh" \( -name '.*ucjob-tmp*' -o -name '.*ucjob-verify*' -o -name '*.ucjob.lock' \) -print)" "" "no temporary is left"

# The main config includes the block's file already (relative to ~/.ssh),
# before a top-level User: that User comes after the entry and does not win.
printf 'Include ucjob.conf\nUser me\nHost work\n  User me\n' >"$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --user ucloud
is "$STATUS" 0 "a User after the main config's Include of the block does not fail add"
like "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^user ucloud\$" \
    "(ssh agrees: user ucloud)"
same_bytes "$MAIN" "$W/main.orig" "the relative Include counts: no second Include is added"

# --- One answer to "does the main config include FILE" (issue 13.3) -------
# add and doctor agree on every spelling and on a glob.
for inc in "~/.ssh/ucjob.conf" "$HOME/.ssh/ucjob.conf" "ucjob.conf" \
    "~/.ssh/ucjob.*" "u[a-z]job.conf" "*.conf"; do
	printf 'Include %s\nHost work\n  User me\n' "$inc" >"$MAIN"
	cp "$MAIN" "$W/main.orig"
	run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
	same_bytes "$MAIN" "$W/main.orig" "'Include $inc' counts for add: no second Include"
	run "$UCJOB" doctor
	like "$OUT" "ok .*includes $BLOCKFILE" "'Include $inc' counts for doctor too"
done
printf 'Include .ucjob*\nHost work\n  User me\n' >"$MAIN"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id" --no-verify
is "$(sed -n 1p "$MAIN")" "Include $BLOCKFILE" "a glob that does not match gets the Include added on line 1"

# --- Nothing left beside the block is read through a glob (issue 13.2) ----
fresh_sandbox include-glob
MAIN=$HOME/.ssh/config
mkdir -p "$HOME/.ssh/config.d"
BLOCKFILE=$HOME/.ssh/config.d/ucloud
printf 'ssh-config = "%s"\n' "$BLOCKFILE" >"$UCJOB_CONFIG"
printf 'Include ~/.ssh/config.d/*\nHost work\n  User me\n' >"$MAIN"
chmod 600 "$MAIN"
cp "$MAIN" "$W/main.orig"
run "$UCJOB" add 2465 -i "$HOME/.ssh/id"
is "$STATUS" 0 "the block in config.d/ucloud, included by a glob: add succeeds"
same_bytes "$MAIN" "$W/main.orig" "the glob counts: the main config is unchanged"
run "$UCJOB" add 2466 -i "$HOME/.ssh/id"
run "$UCJOB" rm 2465
is "$STATUS" 0 "rm 2465 succeeds"
check "a backup is kept" test -f "$HOME/.ssh/config.d/.ucloud.ucjob~"
check "and holds the removed entry" grep -q '^Host ucloud-job-2465$' "$HOME/.ssh/config.d/.ucloud.ucjob~"
unlike "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^port 2465\$" \
    "ssh -G through the glob no longer finds the removed entry (the backup is not read)"
: >"$HOME/.ssh/config.d/.ucloud.ucjob.lock"
unlike "$(ssh -G -F "$MAIN" ucloud-job-2465 2>/dev/null)" "^port 2465\$" \
    "nor would it read the lock file's name"
rm -f "$HOME/.ssh/config.d/.ucloud.ucjob.lock"
run "$UCJOB" doctor
like "$OUT" "ok .*includes $BLOCKFILE" "doctor: the glob includes the block's file"
printf 'ssh-config = "~/.ssh/config"\n' >"$UCJOB_CONFIG"

done_testing
