#!/bin/sh
# t0613-token-secret: the token never leaks.  While the double holds a
# request, no process's argv (/proc/*/cmdline) holds it, curl's included;
# no output of ucjob (with -v), the ssh config, the settings file, or a
# file left beside the credentials holds it.
. "$(dirname "$0")/lib/lib.sh"
. "$(dirname "$0")/lib/ucloud.sh"

[ -r /proc/self/cmdline ] || skip_all "no /proc to scan"
ucloud_start queued-running
CFG=$HOME/.ssh/config
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
printf 'api-url = "%s"\napi-ca-file = "%s"\napi-timeout = "20"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
ALL=$TMPD/all-output
: >"$ALL"

# scan_cmdlines TOKEN PID: wait (at most 10 s) until PID has a curl
# child, then print how many processes of PID's tree (PID, its children
# and theirs) have TOKEN in their argv (the curl found is printed to
# $TMPD/curl.pid).  Only that tree: other tests running beside this one
# may hold the same test token in their own argv.
scan_cmdlines() {
	printf '%s\n' "$1" >"$TMPD/needle"	# in grep's argv it would find itself
	_n=0
	while [ "$_n" -lt 200 ]; do
		_kids=$(cat "/proc/$2/task/$2/children" 2>/dev/null)
		for _k in $_kids; do
			case $(tr '\0' ' ' <"/proc/$_k/cmdline" 2>/dev/null) in
			curl*) echo "$_k" >"$TMPD/curl.pid"
				_tree="/proc/$2/cmdline"
				for _g in $_kids $(cat /proc/$_k/task/$_k/children 2>/dev/null); do
					_tree="$_tree /proc/$_g/cmdline"
				done
				# shellcheck disable=SC2086 # a list of paths
				grep -l -F -f "$TMPD/needle" $_tree 2>/dev/null | wc -l | tr -d ' '
				return 0 ;;
			esac
		done
		_n=$((_n + 1))
		sleep 0.05
	done
	echo "no-curl"
}

for token in "$UCLOUD_API_TOKEN" "$UCLOUD_REFRESH_TOKEN"; do
	ucloud_patch '{"faults": [{"path": "*", "delay": 2, "times": 1}]}'
	printf '%s\n' "$token" >"$TMPD/token.in"
	"$UCJOB" -v login <"$TMPD/token.in" >"$TMPD/login.out" 2>"$TMPD/login.err" &
	pid=$!
	found=$(scan_cmdlines "$token" "$pid")
	wait "$pid"
	st=$?
	is "$found" 0 "while curl waits on the server, no argv holds the token ($(printf %.6s "$token")...)"
	is "$st" 0 "and the login then succeeds"
	test -s "$TMPD/curl.pid" && like "$(cat "$TMPD/curl.pid")" '^[0-9]+$' "a running curl was seen"
	cat "$TMPD/login.out" "$TMPD/login.err" >>"$ALL"
done
ucloud_patch '{"faults": []}'

# Every command with -v, and the failures.
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -v login >>"$ALL" 2>&1
ucloud_patch '{"step": 2}'
"$UCJOB" -v -F "$CFG" jobs >>"$ALL" 2>&1
"$UCJOB" -v -F "$CFG" jobs --json >>"$ALL" 2>&1
"$UCJOB" -v -F "$CFG" add 2465 --job 4001 >>"$ALL" 2>&1
ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
"$UCJOB" -v key --upload </dev/null >>"$ALL" 2>&1
"$UCJOB" -v doctor >>"$ALL" 2>&1
printf '%s\n' "$UCLOUD_API_TOKEN_EXPIRED" | "$UCJOB" -v login >>"$ALL" 2>&1
UCJOB_TOKEN=$UCLOUD_API_TOKEN_REVOKED "$UCJOB" -v -F "$CFG" jobs >>"$ALL" 2>&1
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_WRONG_CA" >>"$UCJOB_CONFIG"
"$UCJOB" -v -F "$CFG" jobs >>"$ALL" 2>&1
check "the commands produced output to scan" test -s "$ALL"

for token in "$UCLOUD_API_TOKEN" "$UCLOUD_REFRESH_TOKEN" "$UCLOUD_API_TOKEN_EXPIRED" "$UCLOUD_API_TOKEN_REVOKED"; do
	short=$(printf %.6s "$token")
	secret=${token#*-}
	is "$(grep -c -F -e "$secret" "$ALL")" 0 "no output (-v included) holds token $short..."
	is "$(grep -c -F -e "$secret" "$CFG" "$UCJOB_CONFIG" | grep -v ':0$' | wc -l | tr -d ' ')" 0 "the ssh config and the settings do not hold $short..."
done
is "$(grep -l -F -e "${UCLOUD_API_TOKEN#*-}" -r "$HOME" | grep -v '/\.config/ucjob/credentials$' | wc -l | tr -d ' ')" 0 "no file under HOME but the credentials holds the token"
is "$(grep -c -F -e "${UCLOUD_API_TOKEN#*-}" "$XDG_CONFIG_HOME/ucjob/credentials")" 1 "the credentials file does"
is "$(file_mode "$XDG_CONFIG_HOME/ucjob/credentials")" "-rw-------" "and is 0600"
"$UCJOB" logout >/dev/null
is "$(grep -l -F -e "${UCLOUD_API_TOKEN#*-}" -r "$HOME" | wc -l | tr -d ' ')" 0 "after logout no file holds it (no backup left)"

done_testing
