# tests/lib/sshd.sh - a throwaway OpenSSH server on 127.0.0.1 that plays a
# UCloud job in tests and in the demo. Source it after tests/lib/lib.sh (it
# registers sshd_stop with add_cleanup).
#
#   sshd_start DIR PUBKEY [PORT]
#       Generates a host key, sshd_config and authorized_keys (a copy of
#       PUBKEY) in DIR and starts `/usr/sbin/sshd -D -e` on 127.0.0.1: on
#       PORT when given, else on a free port found by trying random ones.
#       Sets SSHD_PORT, SSHD_PID and SSHD_LOG. Returns 0 when sshd runs,
#       77 when the host cannot run it here (reason in SSHD_WHY), 1 when it
#       failed (reason in SSHD_WHY, its log in SSHD_LOG).
#       Must not run in a subshell: sshd_stop waits for the child.
#   sshd_stop
#       Stops exactly the sshd started by sshd_start (by PID) and waits.
#
# Only the current user can log in; it logs in with the key only.

SSHD=${SSHD:-/usr/sbin/sshd}
SSHD_PID=
SSHD_PORT=
SSHD_WHY=

# _sshd_random_port: a number in 20000-60000.
_sshd_random_port() {
	_sshd_r=$(od -An -N2 -tu2 /dev/urandom 2>/dev/null | tr -d ' ')
	if [ -z "$_sshd_r" ]; then
		_sshd_r=$(awk -v s="$$$_sshd_try" 'BEGIN { srand(s); print int(rand() * 65536) }')
	fi
	echo $((20000 + _sshd_r % 40001))
}

# _sshd_account_usable: fails with SSHD_WHY set when sshd would refuse the
# current account (as root: a locked password entry, with UsePAM no).
_sshd_account_usable() {
	[ "$(id -u)" -eq 0 ] || return 0
	_sshd_user=$(id -un)
	_sshd_pw=$(awk -F: -v u="$_sshd_user" '$1 == u { print $2 }' /etc/shadow 2>/dev/null)
	case $_sshd_pw in
	'!'*)
		SSHD_WHY="account $_sshd_user is locked ('!' in /etc/shadow), so sshd with UsePAM no refuses it; unlock a test account with: usermod -p '*' $_sshd_user"
		return 1
		;;
	esac
	return 0
}

sshd_start() {
	_sshd_dir=$1
	_sshd_pub=$2
	_sshd_fixed_port=${3:-}
	SSHD_LOG=$_sshd_dir/sshd.log

	if [ ! -x "$SSHD" ]; then
		SSHD_WHY="$SSHD not found (Debian: apt-get install openssh-server)"
		return 77
	fi
	_sshd_account_usable || return 77
	if [ "$(id -u)" -eq 0 ] && [ ! -d /run/sshd ]; then
		# The privilege separation directory sshd insists on as root.
		mkdir -m 0755 /run/sshd || {
			SSHD_WHY="cannot create /run/sshd"
			return 1
		}
	fi

	mkdir -p "$_sshd_dir" || return 1
	_sshd_dir=$(cd "$_sshd_dir" && pwd)	# sshd wants absolute paths
	SSHD_LOG=$_sshd_dir/sshd.log
	if [ ! -f "$_sshd_dir/hostkey" ]; then
		ssh-keygen -q -t ed25519 -N '' -C throwaway-sshd \
		    -f "$_sshd_dir/hostkey" >/dev/null || {
			SSHD_WHY="ssh-keygen could not make a host key"
			return 1
		}
	fi
	cp "$_sshd_pub" "$_sshd_dir/authorized_keys" || {
		SSHD_WHY="cannot copy $_sshd_pub"
		return 1
	}
	chmod 600 "$_sshd_dir/authorized_keys"

	_sshd_try=0
	while [ "$_sshd_try" -lt 20 ]; do
		_sshd_try=$((_sshd_try + 1))
		if [ -n "$_sshd_fixed_port" ]; then
			SSHD_PORT=$_sshd_fixed_port
		else
			SSHD_PORT=$(_sshd_random_port)
		fi
		cat >"$_sshd_dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SSHD_PORT
HostKey $_sshd_dir/hostkey
PidFile $_sshd_dir/sshd.pid
AuthorizedKeysFile $_sshd_dir/authorized_keys
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PrintMotd no
LogLevel INFO
EOF
		rm -f "$_sshd_dir/sshd.pid"
		"$SSHD" -D -e -f "$_sshd_dir/sshd_config" >"$SSHD_LOG" 2>&1 </dev/null &
		SSHD_PID=$!

		# -D writes the pidfile only once the socket is bound: poll for
		# it, up to 10 s, and notice sshd dying early.
		_sshd_wait=0
		_sshd_state=timeout
		while [ "$_sshd_wait" -lt 200 ]; do
			if [ -s "$_sshd_dir/sshd.pid" ]; then
				_sshd_state=up
				break
			fi
			if ! kill -0 "$SSHD_PID" 2>/dev/null ||
			    grep -q -e 'fatal' -e 'Cannot bind' "$SSHD_LOG" 2>/dev/null; then
				_sshd_state=died
				break
			fi
			sleep 0.05
			_sshd_wait=$((_sshd_wait + 1))
		done

		case $_sshd_state in
		up)
			if [ "$(cat "$_sshd_dir/sshd.pid")" != "$SSHD_PID" ]; then
				SSHD_WHY="sshd.pid holds $(cat "$_sshd_dir/sshd.pid"), expected $SSHD_PID"
				sshd_stop
				return 1
			fi
			add_cleanup sshd_stop
			return 0
			;;
		died)
			wait "$SSHD_PID" 2>/dev/null
			SSHD_PID=
			if [ -z "$_sshd_fixed_port" ] &&
			    grep -q 'Address already in use' "$SSHD_LOG"; then
				continue
			fi
			SSHD_WHY="sshd exited: $(tail -n 3 "$SSHD_LOG")"
			return 1
			;;
		timeout)
			SSHD_WHY="sshd did not write its pidfile within 10 s"
			sshd_stop
			return 1
			;;
		esac
	done
	SSHD_WHY="no free port after $_sshd_try tries"
	return 1
}

sshd_stop() {
	[ -n "$SSHD_PID" ] || return 0
	kill "$SSHD_PID" 2>/dev/null
	wait "$SSHD_PID" 2>/dev/null
	SSHD_PID=
	return 0
}
