#!/bin/sh
# t0622-sync-terminal: on a real terminal (a tmux server of the test's
# own) `ucjob sync` lists the entries it would remove and asks first (no:
# kept, yes: removed), and `ucjob wait` keeps one progress line up to date.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is missing (tests/deps.sh installs it)"
ucloud_start queued-running
CFG=$HOME/.ssh/config
mkdir -m 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -C t0622 -f "$HOME/.ssh/id_ed25519" >/dev/null || exit 1
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1

SOCK=$TMPD/tmux.sock
tm() {
	tmux -S "$SOCK" -f /dev/null "$@"
}
tm new-session -d -s idle -x 200 -y 50 "exec cat" ||
	skip_all "tmux cannot start a server here"
add_cleanup "tmux -S '$SOCK' kill-server 2>/dev/null"
tm set -g remain-on-exit on

# wait_screen PANE TEXT: until PANE shows TEXT, at most about 20 s.
wait_screen() {
	_tries=0
	until tm capture-pane -p -t "$1" | grep -qF -- "$2"; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 400 ]; then
			diag "screen:" "$(tm capture-pane -p -t "$1")"
			return 1
		fi
		sleep 0.05
	done
}
# on_terminal NAME CMD: run ucjob CMD (words) in a new pane NAME.  The
# pane's first line of output may be lost as tmux sizes a detached
# session: an empty line goes first.
on_terminal() {
	tm new-session -d -s "$1" -x 200 -y 50 \
	    "echo; env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' UCJOB_CONFIG='$UCJOB_CONFIG' UCJOB_TEST_WAIT_MS=50,200,50 '$UCJOB' -F '$CFG' $2; echo rc=\$?"
}

ucloud_patch '{"step": 2}'
"$UCJOB" -q -F "$CFG" sync </dev/null || exit 1
like "$(cat "$CFG")" "job=4001" "the running job is synced"
ucloud_patch '{"step": 3}'

on_terminal no sync
check "sync asks before removing, naming the entry" wait_screen no "ucloud-job-4001"
check "with a question" wait_screen no "Remove 1 entry whose job is over"
tm send-keys -t no n Enter
check "answered no, it finishes" wait_screen no "rc=0"
like "$(tm capture-pane -p -t no)" "kept ucloud-job-4001" "and says the entry is kept"
like "$(cat "$CFG")" "job=4001" "which is still there"

on_terminal yes sync
check "asked again" wait_screen yes "Remove 1 entry"
tm send-keys -t yes y Enter
check "answered yes, it finishes" wait_screen yes "rc=0"
unlike "$(cat "$CFG")" "job=4001" "and the entry is removed"

# wait on a terminal: one progress line, redrawn, with the elapsed time.
ucloud_patch '{"step": 0}'
on_terminal progress "wait 4001 --timeout 2"
check "wait shows what it waits for" wait_screen progress "waiting for job 4001 to run with SSH (IN_QUEUE), 0:0"
check "until it times out" wait_screen progress "rc=1"
screen=$(tm capture-pane -p -t progress)
is "$(printf '%s\n' "$screen" | grep -c 'waiting for job')" 0 "the progress line is cleared at the end"
like "$screen" "timed out" "and the reason stays"

done_testing
