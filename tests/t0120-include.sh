#!/bin/sh
# tests/t0120-include.sh - rule 10 of SPEC.md section 3: when the
# ssh-config setting names another file than ~/.ssh/config, the block goes
# there and ~/.ssh/config gets one `Include FILE` before its first
# Host/Match line; a main config that cannot be written gets the line
# printed instead, and nothing else changes.

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
is "$(sed -n 3p "$MAIN")" "Include $BLOCKFILE" \
    "the Include sits before the first Host (and its comment)"
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

done_testing
