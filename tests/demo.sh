#!/bin/sh
# tests/demo.sh - `make demo`: the whole ucjob flow as a newcomer sees it,
# without touching the user's files. A temporary HOME gets a key, a
# throwaway sshd on 127.0.0.1 plays a UCloud job, `ucjob add` registers it,
# plain `ssh` runs a command on it, `ucjob rm` forgets it. Every step is
# printed as `$ command` with its output; the first failing step stops the
# demo with a non-zero exit. The trap in tests/lib/lib.sh stops sshd and
# removes the temporary directory.

demo_no_color=${NO_COLOR-unset}
. "$(dirname "$0")/lib/lib.sh"
. "$TOP/tests/lib/sshd.sh"

# Unlike the tests: real dates, and colour as the user has it.
unset SOURCE_DATE_EPOCH
if [ "$demo_no_color" = unset ]; then
	unset NO_COLOR
else
	NO_COLOR=$demo_no_color
fi

# shown ARG...: the command line as the user would type it: ~ for the
# temporary HOME, `ucjob` for the binary, quotes where the shell needs them.
shown() {
	_line=
	for _arg in "$@"; do
		case $_arg in
		"$UCJOB") _arg=ucjob ;;
		"$HOME") _arg='~' ;;
		"$HOME"/*) _arg="~/${_arg#"$HOME"/}" ;;
		esac
		case $_arg in
		'' | *[!A-Za-z0-9_./:=@%+,~-]*)
			_arg="'$(printf '%s' "$_arg" | sed "s/'/'\\\\''/g")'"
			;;
		esac
		case $_arg in
		"'~/"*) _arg="~/'${_arg#"'~/"}" ;;	# keep ~ outside the quotes
		esac
		_line="$_line${_line:+ }$_arg"
	done
	printf '%s\n' "$_line"
}

# step CMD...: print `$ CMD`, run it, stop the demo when it fails.
step() {
	printf '\n$ %s\n' "$(shown "$@")"
	"$@" || {
		_status=$?
		printf '\ndemo: that step failed (exit %s)\n' "$_status" >&2
		exit 1
	}
}

say() {
	printf '\n# %s\n' "$*"
}

if [ ! -x "$UCJOB" ]; then
	echo "demo: $UCJOB not built (make ucjob)" >&2
	exit 1
fi

say "A temporary HOME ($HOME); your own ~/.ssh is not touched."
step mkdir -m 700 "$HOME/.ssh"
step ssh-keygen -t ed25519 -N '' -C "ucjob demo" -f "$HOME/.ssh/id_ed25519"

say "A throwaway sshd on 127.0.0.1 plays the UCloud job; it accepts that key."
sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub"
case $? in
0) say "The job's SSH port is $SSHD_PORT." ;;
77)
	echo "demo: cannot run a test sshd here: $SSHD_WHY" >&2
	exit 1
	;;
*)
	echo "demo: sshd did not start: $SSHD_WHY" >&2
	exit 1
	;;
esac
PORT=$SSHD_PORT

# The job's host key is new to this HOME. ucjob's default, "ask", leaves the
# question to ssh, which cannot ask under BatchMode. The demo sets ucjob's
# own host-key-checking = "accept-new" in its settings file instead of
# passing -o StrictHostKeyChecking=accept-new to ssh: that way the entry
# ucjob writes carries it, plain `ssh ALIAS` works later too, and a changed
# key is still refused.
say "ucjob's settings: accept a job's host key on first use."
mkdir -p "$XDG_CONFIG_HOME/ucjob"
printf 'host-key-checking = "accept-new"\n' >"$UCJOB_CONFIG"
step cat "$UCJOB_CONFIG"

# -F: the demo's HOME is not your home directory in the password database,
# which is where ssh looks for ~/.ssh/config; -F makes ucjob and ssh use
# the same, temporary file.
say "Register the job (on UCloud: ucjob add $PORT, or paste the job's ssh command)."
step "$UCJOB" -F "$HOME/.ssh/config" add "$PORT" --host 127.0.0.1 --user "$(id -un)"
step "$UCJOB" -F "$HOME/.ssh/config" list
step "$UCJOB" -F "$HOME/.ssh/config" show "$PORT"

say "From now on it is plain OpenSSH."
step ssh -F "$HOME/.ssh/config" -o BatchMode=yes -o GlobalKnownHostsFile=/dev/null \
    "ucloud-job-$PORT" 'echo hello from the job on $(hostname)'

say "The job is over: forget it (and its host key)."
step "$UCJOB" -F "$HOME/.ssh/config" rm "$PORT"
step "$UCJOB" -F "$HOME/.ssh/config" list

say "Done; the temporary HOME and the sshd are cleaned up."
