#!/bin/sh
# tests/bench/bench.sh - `make bench`: how fast ucjob is next to what any
# safe writer must pay, next to OpenSSH's own parser and next to a peer
# library, on generated configs of 100 to 100,000 Host entries.
#
# Owns: installing what it needs (hyperfine and GNU time from Debian's
# packages, like tests/deps.sh; the npm package ssh-config into its
# temporary directory with the machine's node and npm), generating the
# configs (genconfig.awk), building the I/O floor helper (iofloor.c),
# timing with hyperfine (medians; every ratio is between medians of the
# same run), peak memory with /usr/bin/time, and printing one table plus
# the targets of issue 7 as met / not met. The table also goes to
# tests/bench/results.md with the machine's description.
#
# Never: touches the real HOME (a temporary HOME, -F everywhere), runs as
# part of `make check`, asserts a time (it reports).
#
#   make bench                    everything (a few minutes on 2 cores)
#   BENCH_SIZES="100 1000" make bench    only these config sizes
#   BENCH_RUNS=5 make bench       fewer runs per command (quick look)
#   BENCH_RESULTS=FILE            write the table there instead
#   KEEP_TMP=1                    keep the temporary directory

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
		command -v hyperfine >/dev/null 2>&1 && [ -x /usr/bin/time ] ||
			die "install hyperfine and GNU time (/usr/bin/time) first"
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
need_packages hyperfine time

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
# Settings naming a known-hosts file that does not exist: ucjob then
# runs no ssh-keygen -R, which shows what that spawn costs.
NOKH_SETTINGS=$TMPD/nokh.conf
printf 'known-hosts = "%s"\n' "$TMPD/none/ucjob_known_hosts" >"$NOKH_SETTINGS"
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
		PEER_WHY="npm install ssh-config failed (see below)"
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

# known_hosts_for BLOCK: a hashed known-hosts file (Debian hashes by
# default) with a key for every job of the block, as after connecting
# to each once.
known_hosts_for() {
	_f=$TMPD/known_hosts-$1
	[ -f "$_f" ] && return 0
	_key=$(cut -d' ' -f1,2 "$HOME/.ssh/id_ed25519.pub")
	awk -v n="$1" -v key="$_key" 'BEGIN {
		for (j = 0; j < n; j++)
			printf "ucloud-job-%d %s\n", 20001 + j, key
	}' >"$_f" && ssh-keygen -q -H -f "$_f" >/dev/null 2>&1 &&
		rm -f "$_f.old" || die "cannot hash $_f"
}

# Rows of results: hosts block bytes key median_ms runs peak_kib
ROWS=$TMPD/rows
: >"$ROWS"

# bench_case HOSTS BLOCK RUNS WARMUP
bench_case() {
	_hosts=$1 _block=$2 _runs=$3 _warm=$4
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
	# restore KEY: a prepare command giving KEY its own fresh copy.
	restore() {
		mkdir -p "$_dir/$1" || exit 1
		printf 'cp %s %s && cp %s %s\n' "$(q "$_cfg")" \
		    "$(q "$_dir/$1/config")" "$(q "$TMPD/known_hosts-$_block")" \
		    "$(q "$KH")" >"$_dir/$1/prepare"
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
	bench_cmd addnokh "$(restore addnokh)" \
	    "$UCJOB -q -c $NOKH_SETTINGS -F $_dir/addnokh/config add $ADD_FLAGS $NEW_PORT"
	if [ "$VERIFY" = 1 ]; then
		bench_cmd addv "$(restore addv)" \
		    "$UCJOB -q -F $_dir/addv/config add $NEW_PORT"
	fi
	bench_cmd rm "$(restore rm)" \
	    "$UCJOB -q -F $_dir/rm/config rm ucloud-job-$RM_PORT"
	bench_cmd rmnokh "$(restore rmnokh)" \
	    "$UCJOB -q -c $NOKH_SETTINGS -F $_dir/rmnokh/config rm ucloud-job-$RM_PORT"
	bench_cmd names true "$UCJOB -F $_cfg list --names"
	bench_cmd json true "$UCJOB -F $_cfg list --json"
	if [ "$_hosts" -eq 10000 ]; then
		bench_cmd keygen "$(restore keygen)" \
		    "ssh-keygen -R ucloud-job-$RM_PORT -f $KH"
	fi
	say "$_hosts hosts, block of $_block ($_bytes bytes):$_keys; $_runs runs each"
	eval "hyperfine -N --style basic --warmup $_warm --runs $_runs \
	    --export-csv $(q "$_dir/times.csv") $_args" >"$_dir/hyperfine.log" 2>&1 || {
		tail -n 20 "$_dir/hyperfine.log" >&2
		die "hyperfine failed on $_hosts hosts (log above)"
	}
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
		awk -F, -v k="$_k" -v h="$_hosts" -v b="$_block" -v by="$_bytes" \
		    -v r="$_runs" -v p="$_peak" '
			$1 == k { printf "%s %s %s %s %.4f %s %s\n", h, b, by, k,
			    $4 * 1000, r, p }' "$_dir/times.csv" >>"$ROWS"
	done
}

runs_for() {
	if [ -n "${BENCH_RUNS:-}" ]; then
		echo "$BENCH_RUNS"
	elif [ "$1" -ge 100000 ]; then
		echo 7
	else
		echo 30
	fi
}

START=$(date +%s)
for n in $SIZES; do
	bench_case "$n" 10 "$(runs_for "$n")" "$([ "$n" -ge 100000 ] && echo 1 || echo 3)"
done
for n in $SIZES; do
	case $n in
	10000|100000)
		bench_case "$n" "$BIG_BLOCK" "$(runs_for "$n")" \
		    "$([ "$n" -ge 100000 ] && echo 1 || echo 3)" ;;
	esac
done
ELAPSED=$(($(date +%s) - START))

. "$BENCH/report.sh"
report >"$TMPD/report.md" || die "cannot write the report"
cat "$TMPD/report.md"
cp "$TMPD/report.md" "$RESULTS" || die "cannot write $RESULTS"
say "written to ${RESULTS#"$TOP"/} ($ELAPSED s)"
