#!/bin/sh
# tests/t0432-files.sh - the files ucjob writes, attacked by a second
# local user and misused as root (issue 14, points 2, 3 and 6): a lock
# file planted as a symlink, a config that is another user's symlink, a
# root run through a user's link to a root-owned file or into a file that
# is not an ssh config, the owner and group of a replaced file, a newline
# in $HOME, and control characters that show and --dry-run would print.
# Every refusal leaves the bytes as they were (cmp).  The root cases use
# a test user made here and removed at exit; they skip when not root.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t04xx -f "$HOME/.ssh/id" >/dev/null ||
	fail "ssh-keygen makes the test key"
CFG=$HOME/.ssh/config
W=$TMPD/w
mkdir "$W"
PWNED=$TMPD/pwned
rejected=0
ESC=$(printf '\033')

# refused DESC STATUS FILE ORIG: the last run exited STATUS with one line
# on stderr, FILE is byte for byte ORIG, and no canary.
refused() {
	_why=
	[ "$STATUS" -eq "$2" ] || _why="exit $STATUS, expected $2"
	[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || _why="$_why; not one line on stderr"
	cmp -s "$3" "$4" || _why="$_why; $3 changed"
	[ ! -e "$PWNED" ] || _why="$_why; the canary appeared"
	if [ -z "$_why" ]; then
		ok "$1"
		rejected=$((rejected + 1))
	else
		fail "$1" "$_why" "$ERR"
	fi
}

printf 'Host work\n    User me\n' >"$CFG"
chmod 600 "$CFG"
cp "$CFG" "$W/orig"

# --- Point 3: the lock file is never followed --------------------------------
ln -s "$W/elsewhere" "$HOME/.ssh/.config.ucjob.lock"
run "$UCJOB" -F "$CFG" add 2465 -i "$HOME/.ssh/id" </dev/null
refused "a symlink planted as the lock file is refused" 1 "$CFG" "$W/orig"
check "and nothing was created where it points" test ! -e "$W/elsewhere"
rm -f "$HOME/.ssh/.config.ucjob.lock"
# The directory is checked first: where anyone may write (and no sticky
# bit protects the names), no lock file is made at all.
mkdir -m 777 "$W/open"
chmod 777 "$W/open"
cp "$W/orig" "$W/open/config"
chmod 600 "$W/open/config"
run "$UCJOB" -F "$W/open/config" add 2465 -i "$HOME/.ssh/id" --no-verify </dev/null
refused "a config in a directory anyone may write is not locked or written" 1 "$W/open/config" "$W/orig"
like "$ERR" "anyone can write there" "saying why"
is "$(ls -A "$W/open")" "config" "no lock file was made there"

# --- Point 6: a newline in $HOME never reaches a config ----------------------
NLHOME="$TMPD/h
Match exec \"touch $PWNED\""
mkdir -p "$NLHOME/.ssh"
printf 'Host work\n' >"$NLHOME/.ssh/config"
cp "$NLHOME/.ssh/config" "$W/nl.orig"
printf 'ssh-config = "~/.ssh/ucjob.conf"\nknown-hosts = "%s/kh"\n' "$TMPD" >"$W/nl.conf"
run env HOME="$NLHOME" "$UCJOB" -q -c "$W/nl.conf" add 2465 -i "$TMPD/id" --no-verify </dev/null
refused "a newline in \$HOME: the Include line is refused" 2 "$NLHOME/.ssh/config" "$W/nl.orig"
run env HOME="$NLHOME" "$UCJOB" -q -c "$W/nl.conf" add 2465 -i "$TMPD/id" </dev/null
refused "a newline in \$HOME: the checking copy is refused too" 2 "$NLHOME/.ssh/config" "$W/nl.orig"
check "no block file was written" test ! -e "$NLHOME/.ssh/ucjob.conf"

# --- show and --dry-run print no control character -------------------------
"$UCJOB" -q -F "$CFG" add 2466 -i "$HOME/.ssh/id" --no-verify </dev/null
sed "s/^    Port 2466\$/    Port 2466\\
    # ${ESC}]0;owned${ESC}\\\\/" "$CFG" >"$W/esc" && cat "$W/esc" >"$CFG"
for how in "show 2466" "-n rm 2466"; do
	# shellcheck disable=SC2086 # two words on purpose
	run "$UCJOB" -F "$CFG" $how
	like "$OUT" '\\x1b\]0;owned' "ucjob $how makes an escape in the entry visible"
	if printf '%s' "$OUT" | grep -q "$ESC"; then
		fail "ucjob $how prints no raw escape character"
	else
		ok "ucjob $how prints no raw escape character"
		rejected=$((rejected + 1))
	fi
done

# --- A pasted line that moves an existing alias to another host says so ---
"$UCJOB" -q -F "$W/moved" add 2470 -i "$HOME/.ssh/id" --no-verify </dev/null
run "$UCJOB" -q -F "$W/moved" add -i "$HOME/.ssh/id" --no-verify ssh ucloud@other.example.org -p 2470 </dev/null
is "$STATUS" 0 "a paste for the same port on another host updates the entry"
like "$ERR" "warning: ucloud-job-2470 pointed at ssh.cloud.sdu.dk port 2470; it now points at other.example.org port 2470" \
    "and says that the alias now points at another host (even with -q)"
run "$UCJOB" -q -F "$W/moved" add -i "$HOME/.ssh/id" --no-verify ssh ucloud@other.example.org -p 2470 </dev/null
is "$ERR" "" "re-adding the same host warns nothing"

# --- Point 2: another user's symlink; root -----------------------------------
if [ "$(id -u)" != 0 ]; then
	skip "another user's symlink, root writes" "not root"
	figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
	done_testing
	exit 0
fi
TUSER=ucjobt$$
if ! useradd -M -d "$TMPD/tuser" -s /usr/sbin/nologin "$TUSER" 2>/dev/null; then
	skip "another user's symlink, root writes" "cannot add a test user"
	figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
	done_testing
	exit 0
fi
add_cleanup "userdel '$TUSER' 2>/dev/null"
TUID=$(id -u "$TUSER")
TGID=$(id -g "$TUSER")

# A link in a directory of the user's, owned by the user, to a file of
# root's: root must not rewrite the root-owned file.
mkdir -m 755 "$TMPD/tuser" "$TMPD/tuser/.ssh"
chown "$TUSER" "$TMPD/tuser" "$TMPD/tuser/.ssh"
printf 'Host rootonly\n    User root\n' >"$W/rootfile"
chmod 644 "$W/rootfile"
cp "$W/rootfile" "$W/rootfile.orig"
ln -s "$W/rootfile" "$TMPD/tuser/.ssh/config"
chown -h "$TUSER" "$TMPD/tuser/.ssh/config"
run "$UCJOB" -F "$TMPD/tuser/.ssh/config" add 2465 -i "$HOME/.ssh/id" --no-verify </dev/null
refused "root: a user's symlink to a root-owned file is refused" 1 "$W/rootfile" "$W/rootfile.orig"
like "$ERR" "owned by another user|could not write" "saying why"

# A replaced file keeps its owner and group: root's file, the test
# user's group (a temporary is made root:root and must not stay so).
printf 'Host work\n    User me\n' >"$W/shared"
chown "0:$TGID" "$W/shared"
chmod 640 "$W/shared"
run "$UCJOB" -q -F "$W/shared" add 2465 -i "$HOME/.ssh/id" --no-verify </dev/null
is "$STATUS" 0 "root: adding to a root:group file works"
is "$(stat -c '%u:%g %a' "$W/shared")" "0:$TGID 640" \
    "root: the replaced file keeps its owner, group and mode"

# A user not in the file's group cannot give the group back: the write
# goes on (the owner stays) with a warning, not silently.
mkdir -m 700 "$TMPD/tuser/w"
printf 'Host work\n    User me\n' >"$TMPD/tuser/w/config"
chown "$TUSER:0" "$TMPD/tuser/w/config"
chown "$TUSER" "$TMPD/tuser/w"
chmod 600 "$TMPD/tuser/w/config"
chmod 711 "$TMPD" 2>/dev/null
add_cleanup "chmod 700 '$TMPD'"
run setpriv --reuid="$TUID" --regid="$TGID" --clear-groups env HOME="$TMPD/tuser" \
    "$UCJOB" -q -F "$TMPD/tuser/w/config" add 2465 -i "$TMPD/tuser/id" --no-verify </dev/null
is "$STATUS" 0 "a user's config of another group: add works"
like "$ERR" "warning: .*cannot keep the group" "and warns that the group changed"
is "$(stat -c %u "$TMPD/tuser/w/config")" "$TUID" "the owner stays"

# A symlink owned by another user (not root) is never followed, whoever
# runs ucjob (as fs.protected_symlinks does).
printf 'Host mine\n' >"$W/mine"
cp "$W/mine" "$W/mine.orig"
ln -s "$W/mine" "$W/theirlink"
chown -h "$TUSER" "$W/theirlink"
run "$UCJOB" -F "$W/theirlink" add 2465 -i "$HOME/.ssh/id" --no-verify </dev/null
refused "a symlink owned by another user is not followed" 1 "$W/mine" "$W/mine.orig"

# Root never writes into a file that is not an ssh config.
printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/bin/false\n' >"$W/passwd"
cp "$W/passwd" "$W/passwd.orig"
run "$UCJOB" -F "$W/passwd" add 2465 -i "$HOME/.ssh/id" --no-verify </dev/null
refused "root: a file that is not an ssh config (a passwd file) is refused" 1 "$W/passwd" "$W/passwd.orig"

figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
done_testing
