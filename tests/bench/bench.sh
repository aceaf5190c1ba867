#!/bin/sh
# tests/bench/bench.sh - `make bench`: how fast ucjob is next to what any
# safe writer must pay, next to OpenSSH's own parser and next to a peer
# library, on generated configs of 100 to 100,000 Host entries.
#
# Owns: installing what it needs (hyperfine, GNU time and jq from Debian's
# packages, like tests/deps.sh; the npm package ssh-config into its
# temporary directory with the machine's node and npm), generating the
# configs (genconfig.awk), building the I/O floor helper (iofloor.c),
# timing with hyperfine in rounds that cycle through the commands (the
# median of all runs; every ratio is between medians of the same run),
# peak memory with /usr/bin/time, and printing one table plus
# the targets of issue 7 as met / not met. The table also goes to
# tests/bench/results.md with the machine's description.
#
# Never: touches the real HOME (a temporary HOME, -F everywhere), runs as
# part of `make check`, asserts a time (it reports).
#
#   make bench                    everything (a few minutes on 2 cores)
#   BENCH_SIZES="100 1000" make bench    only these config sizes
#   BENCH_ROUNDS=3 make bench     fewer rounds (15, and 7 at 100,000 hosts)
#   BENCH_RUNS=N                  runs of each command per round (2; 1 at
#                                 100,000 hosts)
#   BENCH_RESULTS=FILE            write the table there instead
#   KEEP_TMP=1                    keep the temporary directory

# shellcheck disable=SC2034 # report.sh, sourced at the end, reads the labels

cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
UCJOB=$TOP/ucjob
BENCH=$TOP/tests/bench
RESULTS=${BENCH_RESULTS:-$BENCH/results.md}
SIZES=${BENCH_SIZES:-100 1000 10000 100000}
BIG_BLOCK=1000		# the second block size, at 10,000 and 100,000 hosts
NEW_PORT=64999		# the job that add adds (not in any block)
RM_PORT=20005		# the job that rm removes (in every block)

say() {
	printf 'bench: %s\n' "$*" >&2
}

die() {
	say "$*"
	exit 1
}

# need_packages PKG...: install the missing Debian packages (like
# tests/deps.sh); elsewhere only say what is missing.
need_packages() {
	if ! command -v dpkg-query >/dev/null 2>&1; then
		command -v hyperfine >/dev/null 2>&1 && [ -x /usr/bin/time ] &&
			command -v jq >/dev/null 2>&1 ||
			die "install hyperfine, jq and GNU time (/usr/bin/time) first"
		return 0
	fi
	_missing=
	for _p in "$@"; do
		case $(dpkg-query -W -f='${Status}' "$_p" 2>/dev/null) in
		*' ok installed') ;;
		*) _missing="$_missing $_p" ;;
		esac
	done
	[ -n "$_missing" ] || return 0
	if [ "$(id -u)" -eq 0 ]; then
		_sudo=
	elif command -v sudo >/dev/null 2>&1; then
		_sudo=sudo
	else
		die "missing packages:$_missing (as root: apt-get install -y$_missing)"
	fi
	say "installing:$_missing"
	if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -n 1)" ]; then
		$_sudo apt-get update >&2 || exit 1
	fi
	# shellcheck disable=SC2086 # a word list
	$_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $_missing >&2 ||
		exit 1
}

# q WORD: WORD quoted for eval.
q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

[ -x "$UCJOB" ] || die "$UCJOB not built (make ucjob)"
PROBEBENCH=$TOP/tests/tools/probebench
[ -x "$PROBEBENCH" ] || die "$PROBEBENCH not built (make tests/tools/probebench)"
need_packages hyperfine time jq

# A sandbox: nothing of the caller's ssh, ucjob or npm setup leaks in.
for _v in $(env | sed -n 's/^\(UCJOB_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$_v"
done
unset SSH_AUTH_SOCK SSH_AGENT_PID DISPLAY WAYLAND_DISPLAY _v
LC_ALL=C
export LC_ALL
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-bench.XXXXXX") || exit 1
cleanup() {
	if [ "${KEEP_TMP:-0}" = 1 ]; then
		say "kept $TMPD"
	else
		rm -rf "$TMPD"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
HOME=$TMPD/home
XDG_CONFIG_HOME=$HOME/.config
UCJOB_CONFIG=$XDG_CONFIG_HOME/ucjob/config
npm_config_cache=$TMPD/npm-cache
export HOME XDG_CONFIG_HOME UCJOB_CONFIG npm_config_cache
mkdir -p "$HOME/.ssh" "$XDG_CONFIG_HOME/ucjob" && chmod 700 "$HOME/.ssh" &&
	: >"$UCJOB_CONFIG" || exit 1
KH=$HOME/.ssh/ucjob_known_hosts		# the default known-hosts setting
USER_KH=$HOME/.ssh/known_hosts		# the user's own, which add reads too
ssh-keygen -q -t ed25519 -N '' -C bench -f "$HOME/.ssh/id_ed25519" ||
	die "cannot create a key with ssh-keygen"

# The I/O floor helper.
${CC:-cc} -O2 -o "$TMPD/iofloor" "$BENCH/iofloor.c" ||
	die "cannot build tests/bench/iofloor.c"

# The peer: ssh-config from the npm registry, with the machine's npm.
PEER=
PEER_WHY=
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	PEER_WHY="node or npm not found"
else
	mkdir -p "$TMPD/peer" && cp "$BENCH/peer.mjs" "$TMPD/peer/" || exit 1
	say "installing the npm package ssh-config into $TMPD/peer"
	if (cd "$TMPD/peer" && npm install --no-audit --no-fund --no-save \
	    --loglevel=error ssh-config) >"$TMPD/npm.log" 2>&1; then
		PEER="node $TMPD/peer/peer.mjs"
		PEER_VERSION=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
		    "$TMPD/peer/node_modules/ssh-config/package.json" | head -n 1)
	else
		PEER_WHY="npm install ssh-config failed"
		sed 's/^/  npm: /' "$TMPD/npm.log" | tail -n 5 >&2
	fi
fi

# Does this build verify with ssh -G before writing?
if "$UCJOB" add --help 2>&1 | grep -q -e '--no-verify'; then
	VERIFY=1
	ADD_FLAGS=--no-verify
	ADD_LABEL="ucjob add --no-verify"
else
	VERIFY=0
	ADD_FLAGS=
	ADD_LABEL="ucjob add (this build has no verification)"
fi

# known_hosts_for BLOCK: the known-hosts files of a user with BLOCK jobs
# who has connected to each once: ucjob's own with each job's alias in
# the clear (ucjob's entries say HashKnownHosts no), and ~/.ssh/known_hosts
# with 200 other hosts, hashed (Debian's ssh_config says HashKnownHosts
# yes), where add looks for keys of [HOST]:PORT left by earlier jobs.
known_hosts_for() {
	_f=$TMPD/known_hosts-$1
	[ -f "$_f" ] && return 0
	_key=$(cut -d' ' -f1,2 "$HOME/.ssh/id_ed25519.pub")
	awk -v n="$1" -v key="$_key" 'BEGIN {
		for (j = 0; j < n; j++)
			printf "ucloud-job-%d %s\n", 20001 + j, key
	}' >"$_f" || exit 1
	[ -f "$TMPD/user_known_hosts" ] && return 0
	awk -v key="$_key" 'BEGIN {
		for (j = 0; j < 200; j++)
			printf "[10.0.%d.%d]:%d %s\n", j / 256, j % 256,
			    2200 + j % 100, key
	}' >"$TMPD/user_known_hosts" &&
		ssh-keygen -q -H -f "$TMPD/user_known_hosts" >/dev/null 2>&1 &&
		rm -f "$TMPD/user_known_hosts.old" ||
		die "cannot hash $TMPD/user_known_hosts"
}

# Rows of results: hosts block bytes key median_ms runs peak_kib
ROWS=$TMPD/rows
: >"$ROWS"

# bench_case HOSTS BLOCK: time every command on a generated config.
bench_case() {
	_hosts=$1 _block=$2
	if [ "$_hosts" -ge 100000 ]; then
		_rounds=${BENCH_ROUNDS:-7} _runs=${BENCH_RUNS:-1} _warm=1
	else
		_rounds=${BENCH_ROUNDS:-15} _runs=${BENCH_RUNS:-2} _warm=2
	fi
	_dir=$TMPD/case-$_hosts-$_block
	_cfg=$_dir/config
	mkdir -p "$_dir" || exit 1
	awk -v HOSTS="$_hosts" -v BLOCK="$_block" -f "$BENCH/genconfig.awk" \
	    >"$_cfg" || die "cannot generate $_cfg"
	_bytes=$(wc -c <"$_cfg" | tr -d ' ')
	_last=$((_hosts - 1))
	while [ $((_last % 8)) -ne 0 ] && [ $((_last % 8)) -ne 1 ]; do
		_last=$((_last - 1))
	done
	known_hosts_for "$_block"
	_args=
	_keys=
	# bench_cmd KEY PREPARE COMMAND: one command of the hyperfine run;
	# the prepare step restores its copy of the config and known hosts.
	bench_cmd() {
		_keys="$_keys $1"
		_args="$_args -n $1 --prepare $(q "$2") $(q "$3")"
		printf '%s\n' "$3" >"$_dir/cmd-$1"
		printf '%s\n' "$2" >"$_dir/prep-$1"
	}
	# restore KEY [none]: a prepare command giving KEY a fresh copy of
	# the config and of both known-hosts files (none: no such files).
	restore() {
		mkdir -p "$_dir/$1" || exit 1
		if [ "${2:-}" = none ]; then
			printf 'cp %s %s && rm -f %s %s\n' "$(q "$_cfg")" \
			    "$(q "$_dir/$1/config")" "$(q "$KH")" "$(q "$USER_KH")"
		else
			printf 'cp %s %s && cp %s %s && cp %s %s\n' "$(q "$_cfg")" \
			    "$(q "$_dir/$1/config")" \
			    "$(q "$TMPD/known_hosts-$_block")" "$(q "$KH")" \
			    "$(q "$TMPD/user_known_hosts")" "$(q "$USER_KH")"
		fi >"$_dir/$1/prepare"
		printf 'sh %s' "$(q "$_dir/$1/prepare")"
	}
	mkdir -p "$_dir/floor"
	bench_cmd floor true "$TMPD/iofloor $_cfg $_dir/floor/config"
	bench_cmd sshG true "ssh -G -T -F $_cfg srv-$_last"
	if [ -n "$PEER" ] && [ "$_block" -eq 10 ]; then
		bench_cmd peer "$(restore peer)" \
		    "$PEER $_dir/peer/config ucloud-job-$NEW_PORT $NEW_PORT"
	fi
	bench_cmd add "$(restore add)" \
	    "$UCJOB -q -F $_dir/add/config add $ADD_FLAGS $NEW_PORT"
	bench_cmd addnokh "$(restore addnokh none)" \
	    "$UCJOB -q -F $_dir/addnokh/config add $ADD_FLAGS $NEW_PORT"
	if [ "$VERIFY" = 1 ]; then
		bench_cmd addv "$(restore addv)" \
		    "$UCJOB -q -F $_dir/addv/config add $NEW_PORT"
	fi
	bench_cmd rm "$(restore rm)" \
	    "$UCJOB -q -F $_dir/rm/config rm ucloud-job-$RM_PORT"
	bench_cmd rmnokh "$(restore rmnokh none)" \
	    "$UCJOB -q -F $_dir/rmnokh/config rm ucloud-job-$RM_PORT"
	bench_cmd names true "$UCJOB -F $_cfg list --names"
	bench_cmd json true "$UCJOB -F $_cfg list --json"
	if [ "$_hosts" -eq 10000 ]; then
		bench_cmd keygenR "$(restore keygenR)" \
		    "ssh-keygen -R ucloud-job-$RM_PORT -f $KH"
		# A name it holds (-F exits 1 for one it does not; the
		# search costs the same: every hashed name is tried).
		bench_cmd keygenF "$(restore keygenF)" \
		    "ssh-keygen -F [10.0.0.199]:2299 -f $USER_KH"
	fi
	say "$_hosts hosts, block of $_block ($_bytes bytes):$_keys; $_rounds rounds of $_runs runs"
	# Rounds: every command runs a few times in each, so that a load
	# that comes and goes weighs on all of them alike.
	_round=1
	while [ "$_round" -le "$_rounds" ]; do
		[ "$_round" -eq 1 ] && _w=$_warm || _w=0
		eval "hyperfine -N --style basic --warmup $_w --runs $_runs \
		    --export-json $(q "$_dir/round-$_round.json") $_args" \
		    >"$_dir/hyperfine.log" 2>&1 || {
			tail -n 20 "$_dir/hyperfine.log" >&2
			die "hyperfine failed on $_hosts hosts (log above)"
		}
		_round=$((_round + 1))
	done
	# Peak memory of each ucjob command, from one more run of each.
	for _k in $_keys; do
		_peak=-
		case $_k in
		add|addnokh|addv|rm|rmnokh|names|json)
			eval "$(cat "$_dir/prep-$_k")" &&
			eval "/usr/bin/time -f %M -o $(q "$_dir/mem-$_k") \
			    $(cat "$_dir/cmd-$_k")" >/dev/null 2>&1 ||
				die "$_k failed on $_hosts hosts"
			_peak=$(tail -n 1 "$_dir/mem-$_k")
			;;
		esac
		# The median of all the runs of all the rounds.
		jq -r --arg k "$_k" '.results[] | select(.command == $k) |
		    .times[]' "$_dir"/round-*.json | sort -g |
		awk -v k="$_k" -v h="$_hosts" -v b="$_block" -v by="$_bytes" \
		    -v p="$_peak" '
			{ t[NR] = $1 }
			END {
				if (NR == 0) exit 1
				if (NR % 2)
					m = t[(NR + 1) / 2]
				else
					m = (t[NR / 2] + t[NR / 2 + 1]) / 2
				printf "%s %s %s %s %.4f %d %s\n", h, b, by, k,
				    m * 1000, NR, p
			}' >>"$ROWS" || die "no times for $_k on $_hosts hosts"
	done
}

START=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
for n in $SIZES; do
	bench_case "$n" 10
done
for n in $SIZES; do
	case $n in
	10000|100000) bench_case "$n" "$BIG_BLOCK" ;;
	esac
done
# Issue 12: silent ports (accept TCP, never speak) probed side by side,
# against one read timeout: "PORTS TIMEOUT_MS RUNS MEDIAN_MS RATIO".
say "probe of 20 silent ports, 1000 ms read timeout, 7 runs"
PROBE=$("$PROBEBENCH" 20 1000 7) || die "tests/tools/probebench failed"
# prune_bench N RUNS: `ucjob prune --dry-run --timeout 1` over N entries
# whose ports accept TCP and never speak (tests/tools/listeners.py):
# "ENTRIES TIMEOUT_MS RUNS MEDIAN_MS RATIO".
prune_bench() {
	_pl=$TMPD/listeners.out
	python3 "$TOP/tests/tools/listeners.py" "$1" >"$_pl" &
	_plpid=$!
	_n=0
	while [ ! -s "$_pl" ] && [ "$_n" -lt 200 ]; do
		_n=$((_n + 1))
		sleep 0.05
	done
	_pc=$TMPD/prune.config
	: >"$_pc"
	for _p in $(cat "$_pl"); do
		"$UCJOB" -F "$_pc" add "$_p" --host 127.0.0.1 \
		    --no-verify >/dev/null 2>&1 </dev/null
	done
	_r=0
	while [ "$_r" -lt "$2" ]; do
		_r=$((_r + 1))
		_t0=$(date +%s%N)
		"$UCJOB" -F "$_pc" prune --dry-run --timeout 1 \
		    >/dev/null 2>&1 </dev/null
		echo $((($(date +%s%N) - _t0) / 1000000))
	done | sort -n | awk -v n="$1" -v runs="$2" '
		{ t[NR] = $1 }
		END { m = t[int((NR + 1) / 2)]
		    printf "%d 1000 %d %d %.2f\n", n, runs, m, m / 1000 }'
	kill "$_plpid" 2>/dev/null
	wait "$_plpid" 2>/dev/null
}
say "prune of 20 silent entries, 1 s timeout, 5 runs"
PRUNE=$(prune_bench 20 5)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
ELAPSED=$(($(date +%s) - START))

. "$BENCH/report.sh"
# probe_report: the probe figure, a section after report's table.
probe_report() {
	echo
	echo "## Probes side by side (issue 12)"
	echo
	echo "$PROBE" | awk '{
		printf "- probe of %d silent ports / one read timeout (%d ms): " \
		    "%.2fx (median %d ms of %d runs; target <= 1.5x: %s)\n",
		    $1, $2, $5, $4, $3, $5 <= 1.5 ? "met" : "not met" }'
	echo "$PRUNE" | awk '{
		printf "- prune of %d silent entries / one timeout (%d ms): " \
		    "%.2fx (median %d ms of %d runs; target <= 1.5x: %s)\n",
		    $1, $2, $5, $4, $3, $5 <= 1.5 ? "met" : "not met" }'
}
{ report && probe_report; } >"$TMPD/report.md" || die "cannot write the report"
cat "$TMPD/report.md"
cp "$TMPD/report.md" "$RESULTS" || die "cannot write $RESULTS"
say "written to ${RESULTS#"$TOP"/} ($ELAPSED s)"
