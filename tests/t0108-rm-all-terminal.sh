#!/bin/sh
# tests/t0108-rm-all-terminal.sh - `ucjob rm --all` asks on a terminal
# (issue 13, Low): a tmux pane of the test's own server is the terminal;
# "n" removes nothing (bytes unchanged), "y" removes every entry, --yes
# asks nothing; without a terminal nothing is asked and all is removed.

. "$(dirname "$0")/lib/lib.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is missing (tests/deps.sh installs it)"

fresh_sandbox rmall
ssh-keygen -q -t ed25519 -N '' -C t0108 -f "$HOME/.ssh/id_ed25519" \
    >/dev/null || fail "ssh-keygen makes the test key"
CFG=$W/config
printf 'Host mine\n    User me\n' >"$CFG"
cp "$CFG" "$W/orig"

SOCK=$TMPD/tmux.sock
tm() {
	tmux -S "$SOCK" -f /dev/null "$@"
}
tm new-session -d -s idle -x 200 -y 20 "exec cat" ||
	skip_all "tmux cannot start a server here"
add_cleanup "tmux -S '$SOCK' kill-server 2>/dev/null"
tm set -g remain-on-exit on

# two_jobs: the config with two entries; a copy in $W/before.
two_jobs() {
	cp "$W/orig" "$CFG"
	"$UCJOB" -F "$CFG" add 2465 >/dev/null 2>&1 &&
	    "$UCJOB" -F "$CFG" add 2466 >/dev/null 2>&1 ||
		fail "the adds succeed"
	cp "$CFG" "$W/before"
}

# in_pane NAME ARG...: run ucjob -F CFG ARG... in a pane of its own; its
# exit status goes to $TMPD/NAME.rc.
in_pane() {
	_name=$1
	shift
	tm new-session -d -s "$_name" -x 200 -y 20 \
	    "'$UCJOB' -F '$CFG' $*; echo \$? >'$TMPD/$_name.rc'"
}

# poll DESC CMD...: until CMD succeeds, at most about 20 s.
poll() {
	_desc=$1
	shift
	_tries=0
	until "$@"; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 400 ]; then
			diag "$_desc: timed out"
			return 1
		fi
		sleep 0.05
	done
}

asked() {
	tm capture-pane -p -t "$1" | grep -qF "remove every entry from $CFG? [y/N]"
}

ended() {
	test -s "$TMPD/$1.rc"
}

two_jobs
in_pane no rm --all
check "rm --all asks on a terminal" poll question asked no
tm send-keys -t no n Enter
check "it ends after the answer" poll "the end" ended no
is "$(cat "$TMPD/no.rc")" 0 "answering n exits 0"
same_bytes "$CFG" "$W/before" "answering n removes nothing (bytes unchanged)"

in_pane yes rm --all
check "asked again" poll question asked yes
tm send-keys -t yes y Enter
check "it ends after the yes" poll "the end" ended yes
same_bytes "$CFG" "$W/orig" "answering y removes every entry"

two_jobs
in_pane flag rm --all --yes
check "rm --all --yes ends without a question" poll "the end" ended flag
same_bytes "$CFG" "$W/orig" "--yes removes every entry"
if asked flag; then fail "--yes asks nothing"; else ok "--yes asks nothing"; fi

two_jobs
run "$UCJOB" -F "$CFG" rm --all </dev/null
is "$STATUS" 0 "without a terminal rm --all exits 0"
same_bytes "$CFG" "$W/orig" "without a terminal rm --all removes all, unasked"
unlike "$ERR" 'y/N' "and asks nothing"

run "$UCJOB" -F "$CFG" rm --yes 2465 </dev/null
is "$STATUS" 2 "--yes without --all is refused"

done_testing
