#!/bin/sh
# tests/t0311-paste-text.sh - pasted text as browsers copy it (issue 13
# point 9): Unicode spaces and blanks around the text are blanks, a
# trailing newline inside the quotes is no error, a bare port on standard
# input is a port, and of several lines the one ssh line is used. Each
# accepted paste must give the entry the clean command gives.

. "$(dirname "$0")/lib/lib.sh"

fresh_sandbox paste
CFG=$HOME/.ssh/config
NL='
'
NBSP=$(printf '\302\240')

# accepted DESC PORT ARG...: `ucjob add ARG...` (stdin from $STDIN, else
# empty) succeeds and writes the entry for PORT on ssh.cloud.sdu.dk.
accepted() {
	_desc=$1
	_port=$2
	shift 2
	: >"$CFG"
	run "$UCJOB" -q -F "$CFG" add --no-verify -i "$HOME/.ssh/k" "$@" \
	    <"${STDIN:-/dev/null}"
	if [ "$STATUS" -eq 0 ] &&
	    grep -q "^Host ucloud-job-$_port\$" "$CFG" &&
	    grep -q "^    Port $_port\$" "$CFG" &&
	    grep -q '^    HostName ssh.cloud.sdu.dk$' "$CFG"; then
		ok "$_desc"
	else
		fail "$_desc" "exit $STATUS" "stderr: $ERR" "config: $(cat "$CFG")"
	fi
}

accepted "NBSPs between the words" 2465 \
    "ssh${NBSP}ucloud@ssh.cloud.sdu.dk${NBSP}-p${NBSP}2465"
accepted "an NBSP after the port" 2465 "ssh ucloud@ssh.cloud.sdu.dk -p 2465$NBSP"
accepted "the job line with NBSPs" 2466 \
    "SSH:${NBSP}Connected!${NBSP}Available at:${NBSP}ssh ucloud@ssh.cloud.sdu.dk -p 2466"
accepted "other Unicode spaces (U+2003, U+202F, U+3000)" 2467 \
    "$(printf '\342\200\203ssh ucloud@ssh.cloud.sdu.dk -p\342\200\2572467\343\200\200')"
accepted "a trailing newline inside the quotes" 2468 \
    "ssh ucloud@ssh.cloud.sdu.dk -p 2468$NL"

STDIN=$TMPD/stdin
echo 2470 >"$STDIN"
accepted "echo 2470 | ucjob add -" 2470 -
printf '\n  2471\302\240\r\n\n' >"$STDIN"
accepted "a bare port with blank lines and an NBSP around it on stdin" 2471 -
printf 'Job 4398201\nSSH: Connected!\nAvailable at: ssh ucloud@ssh.cloud.sdu.dk -p 2472\n' >"$STDIN"
accepted "several lines on stdin: the one ssh line" 2472 -
printf 'SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2473\r\nssh ucloud@ssh.cloud.sdu.dk  -p 2473\r\n' >"$STDIN"
accepted "the same ssh command on two lines is one" 2473 -
printf 'ssh ucloud@ssh.cloud.sdu.dk -p 2475\nProxyCommand touch %s\n' "$TMPD/pwned" >"$STDIN"
accepted "a config line after the ssh line is only text" 2475 -
check "and nothing of it reaches the config" sh -c "! grep -qi proxy '$CFG'"
printf 'ssh\302\240ucloud@ssh.cloud.sdu.dk -p\302\2402474\302\240\n' >"$STDIN"
accepted "NBSPs on stdin" 2474 -
unset STDIN

# A refusal on one line of several says which line, and writes nothing.
printf 'Host other\n    User me\n' >"$CFG"
cp "$CFG" "$TMPD/orig"
printf 'Job 1\nssh ucloud@ssh.cloud.sdu.dk \342\200\223p 2475\n' >"$TMPD/in"
run "$UCJOB" -F "$CFG" add - <"$TMPD/in"
is "$STATUS" 2 "an en dash on the second line: exit 2"
like "$ERR" "line 2: .*U\\+2013 EN DASH at column 29" \
    "the error names the line, the character and its column"
same_bytes "$CFG" "$TMPD/orig" "nothing written"

done_testing
