#!/bin/sh
# t0614-login-terminal: `ucjob login` on a real terminal (a tmux server
# of the test's own): it prompts, the typed token is not echoed, and it
# is checked and stored as from stdin.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

command -v tmux >/dev/null 2>&1 || skip_all "tmux is missing (tests/deps.sh installs it)"
ucloud_start
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"

SOCK=$TMPD/tmux.sock
tm() {
	tmux -S "$SOCK" -f /dev/null "$@"
}
tm new-session -d -s idle -x 250 -y 50 "exec cat" ||
	skip_all "tmux cannot start a server here"
add_cleanup "tmux -S '$SOCK' kill-server 2>/dev/null"
tm set -g remain-on-exit on

# wait_screen TEXT: until the login pane shows TEXT, at most about 20 s.
wait_screen() {
	_tries=0
	until tm capture-pane -p -t login | grep -qF -- "$1"; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 400 ]; then
			diag "screen:" "$(tm capture-pane -p -t login)"
			return 1
		fi
		sleep 0.05
	done
}

tm new-session -d -s login -x 250 -y 50 \
    "env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' UCJOB_CONFIG='$UCJOB_CONFIG' '$UCJOB' login; echo rc=\$?"
check "login prompts for the token" wait_screen "UCloud token"
tm send-keys -t login -l "$UCLOUD_API_TOKEN"
tm send-keys -t login Enter
check "it logs in" wait_screen "rc=0"
screen=$(tm capture-pane -p -t login)
like "$screen" "as alice" "it says whom"
unlike "$screen" "${UCLOUD_API_TOKEN#*-}" "the typed token was not echoed"
like "$(cat "$XDG_CONFIG_HOME/ucjob/credentials")" "$UCLOUD_API_TOKEN" "the token was stored"

done_testing
