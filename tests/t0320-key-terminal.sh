#!/bin/sh
# tests/t0320-key-terminal.sh - `ucjob key` on a real terminal: a tmux
# server of its own (socket in the test's directory) gives each scenario a
# pseudo-terminal, and send-keys types what a user would. A new key's
# passphrase typed twice (once mistyped) makes a key that
# `ssh-keygen -y -P PASS` opens; a lone encrypted private key is completed
# after a yes and its passphrase; a no leaves it alone; and `key --copy`
# inside tmux over "SSH" (no display) lands in tmux's paste buffer
# through OSC 52.

. "$(dirname "$0")/lib/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is missing (tests/deps.sh installs it)"
KEYGEN=$(command -v ssh-keygen) || skip_all "ssh-keygen is missing"

SOCK=$TMPD/tmux.sock
tm() {
	tmux -S "$SOCK" -f /dev/null "$@"
}
# A session that holds the server up while the scenarios come and go.
tm new-session -d -s idle -x 250 -y 50 "exec cat" ||
	skip_all "tmux cannot start a server here"
add_cleanup "tmux -S '$SOCK' kill-server 2>/dev/null"
tm set -g remain-on-exit on
tm set -g set-clipboard on
PASS=hunter2-correct

# start NAME COMMAND: run COMMAND (a shell string) in a new session NAME,
# its exit status into $TMPD/NAME.rc. The pane has no display and no WSL.
start() {
	tm new-session -d -s "$1" -x 250 -y 50 \
	    "env -u DISPLAY -u WAYLAND_DISPLAY -u WSL_DISTRO_NAME -u WSL_INTEROP $2; echo \$? >$TMPD/$1.rc"
}

# screen_count NAME TEXT: how many lines of the screen hold TEXT.
screen_count() {
	tm capture-pane -p -t "$1" | grep -cF -- "$2"
}

# wait_for NAME TEXT [N]: until N (1) lines of the screen hold TEXT, at
# most about 20 s.
wait_for() {
	_tries=0
	while [ "$(screen_count "$1" "$2")" -lt "${3:-1}" ]; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 400 ]; then
			diag "screen of $1:" "$(tm capture-pane -p -t "$1")"
			return 1
		fi
		sleep 0.05
	done
}

# finish NAME: wait (at most about 20 s) for the command to end; its
# status in $STATUS.
finish() {
	_tries=0
	while [ ! -s "$TMPD/$1.rc" ]; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 400 ]; then
			diag "screen of $1:" "$(tm capture-pane -p -t "$1")"
			STATUS=timeout
			return 1
		fi
		sleep 0.05
	done
	STATUS=$(cat "$TMPD/$1.rc")
}

# type_line NAME TEXT: type TEXT and Enter.
type_line() {
	tm send-keys -t "$1" -l "$2" && tm send-keys -t "$1" Enter
}

# 1. A fresh account: ssh-keygen asks for the passphrase on the terminal;
# a mistyped repetition is reported and asked again.
H1=$TMPD/h1
mkdir -p "$H1"
start new "HOME=$H1 $UCJOB key >$TMPD/new.out 2>$TMPD/new.err"
wait_for new "Enter passphrase (empty for no passphrase)" &&
	type_line new "$PASS" &&
	wait_for new "Enter same passphrase again" &&
	type_line new "mistyped" &&
	wait_for new "Enter passphrase (empty for no passphrase)" 2 &&
	type_line new "$PASS" &&
	wait_for new "Enter same passphrase again" 2 &&
	type_line new "$PASS"
check "ssh-keygen asked for the passphrase twice, then again after a mismatch" test $? = 0
finish new
is "$STATUS" 0 "key with a typed passphrase exits 0"
same_bytes "$TMPD/new.out" "$H1/.ssh/id_ed25519.pub" "stdout holds the new .pub file and nothing else"
like "$(cat "$TMPD/new.err")" "Passphrases do not match" \
    "ssh-keygen's own messages reach the user on stderr"
"$KEYGEN" -y -P "$PASS" -f "$H1/.ssh/id_ed25519" >"$TMPD/y.out" 2>"$TMPD/y.err"
is "$?:$(cut -d' ' -f1-2 "$TMPD/y.out")" "0:$(cut -d' ' -f1-2 "$H1/.ssh/id_ed25519.pub")" \
    "ssh-keygen -y -P PASS opens the new key"
if "$KEYGEN" -y -P '' -f "$H1/.ssh/id_ed25519" >/dev/null 2>&1; then
	fail "the new key does not open without its passphrase"
else
	ok "the new key does not open without its passphrase"
fi
is "$(file_mode "$H1/.ssh/id_ed25519")" -rw------- "the private key is 0600"

# Twice: no question the second time.
start again "HOME=$H1 $UCJOB key >$TMPD/again.out"
finish again
is "$STATUS" 0 "key a second time exits 0"
is "$(screen_count again "passphrase")" 0 "and asks nothing"
same_bytes "$TMPD/again.out" "$H1/.ssh/id_ed25519.pub" "and prints the same key"

# 2. A lone encrypted private key: asked, yes, passphrase, .pub written.
H2=$TMPD/h2
mkdir -p "$H2/.ssh" && chmod 700 "$H2/.ssh"
"$KEYGEN" -q -t ed25519 -N "$PASS" -C 'laptop key' -f "$H2/.ssh/id_ed25519" >/dev/null
mv "$H2/.ssh/id_ed25519.pub" "$TMPD/h2.pub"
start lone "HOME=$H2 $UCJOB key >$TMPD/lone.out"
wait_for lone "has no public key file; write" &&
	type_line lone y &&
	wait_for lone "Enter passphrase" &&
	type_line lone "$PASS"
check "it asked before writing, then ssh-keygen -y asked for the passphrase" test $? = 0
finish lone
is "$STATUS" 0 "completing a lone encrypted key exits 0"
same_bytes "$H2/.ssh/id_ed25519.pub" "$TMPD/h2.pub" "the written .pub is the key's own"
is "$(file_mode "$H2/.ssh/id_ed25519.pub")" -rw-r--r-- "the written .pub is 0644"
same_bytes "$TMPD/lone.out" "$TMPD/h2.pub" "and it is printed"

# 3. The same, answered no: printed, not written.
rm -f "$H2/.ssh/id_ed25519.pub"
start declined "HOME=$H2 $UCJOB key >$TMPD/declined.out"
wait_for declined "has no public key file; write" &&
	type_line declined n &&
	wait_for declined "Enter passphrase" &&
	type_line declined "$PASS"
check "asked, answered no, then the passphrase" test $? = 0
finish declined
is "$STATUS" 0 "a declined completion exits 0"
check "no .pub is written after a no" test ! -e "$H2/.ssh/id_ed25519.pub"
same_bytes "$TMPD/declined.out" "$TMPD/h2.pub" "the key is printed all the same"

# 3b. A --file that names nothing (a typo?): asked, no by default; an
# empty answer makes nothing, a yes makes the key.
H3=$TMPD/h3
mkdir -p "$H3/.ssh" && chmod 700 "$H3/.ssh"
start typo "HOME=$H3 $UCJOB key --no-passphrase --file $H3/.ssh/id_ed2551 >$TMPD/typo.out"
wait_for typo "id_ed2551 does not exist; create a new key there? [y/N]" &&
	tm send-keys -t typo Enter
check "key --file MISSING asks before creating" test $? = 0
finish typo
is "$STATUS" 2 "an empty answer: exit 2"
check "and no key is made" test ! -e "$H3/.ssh/id_ed2551"
start typo2 "HOME=$H3 $UCJOB key --no-passphrase --file $H3/.ssh/id_ed2551 >$TMPD/typo2.out"
wait_for typo2 "create a new key there?" && type_line typo2 y
finish typo2
is "$STATUS" 0 "a yes: exit 0"
same_bytes "$TMPD/typo2.out" "$H3/.ssh/id_ed2551.pub" "the new key is made and printed"

# 4. Inside tmux, over SSH (no display): OSC 52 reaches tmux's buffer.
start copy "HOME=$H1 SSH_CONNECTION='192.0.2.1 50000 192.0.2.2 22' $UCJOB key --copy"
finish copy
is "$STATUS" 0 "key --copy inside tmux exits 0"
tm show-buffer >"$TMPD/buffer" 2>/dev/null
same_bytes "$TMPD/buffer" "$H1/.ssh/id_ed25519.pub" \
    "tmux's paste buffer holds the .pub file (OSC 52, set-clipboard on)"
check "the user is told what tmux needs" test "$(screen_count copy "set-clipboard on")" -ge 1

done_testing
