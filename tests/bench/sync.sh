#!/bin/sh
# tests/bench/sync.sh - `make bench`, the account part (issue 12): `ucjob
# sync` of 1,000 running jobs (paged, 250 a page) against the local UCloud
# double, as a ratio to fetching the same pages with curl alone; and how
# soon after a job's sshd starts `ucjob wait` says it is ready.  Medians of
# repeated runs; it prints figures and asserts nothing.
#
# Owns: a temporary HOME, the double (tests/lib/ucloud.sh) and throwaway
# sshds (tests/lib/sshd.sh), all stopped by PID at exit.
#
#   BENCH_SYNC_RUNS=N   runs of each measurement (default 7)

cd "$(dirname "$0")/../.." || exit 1
TOP=$(pwd)
UCJOB=$TOP/ucjob
RUNS=${BENCH_SYNC_RUNS:-7}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ucjob-bench-sync.XXXXXX") || exit 1
HOME=$TMPD/home
XDG_CONFIG_HOME=$HOME/.config
UCJOB_CONFIG=$XDG_CONFIG_HOME/ucjob/config
export HOME XDG_CONFIG_HOME UCJOB_CONFIG
mkdir -p "$XDG_CONFIG_HOME/ucjob" "$HOME/.ssh" || exit 1
chmod 700 "$HOME/.ssh"
_cleanups=
add_cleanup() { _cleanups="$1; $_cleanups"; }
trap 'eval "$_cleanups"; rm -rf "$TMPD"' EXIT
trap 'exit 1' INT TERM
skip_all() { echo "bench: sync: skipped: $1" >&2; exit 0; }
say() { printf 'bench: %s\n' "$*" >&2; }
. "$TOP/tests/lib/ucloud.sh"
. "$TOP/tests/lib/sshd.sh"

now_ms() { "$UCLOUD_PYTHON" -c 'import time; print(int(time.time() * 1000))'; }
# median: the median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# elapsed CMD...: milliseconds CMD took.
elapsed() {
	_t0=$(now_ms)
	"$@" >/dev/null 2>&1 </dev/null
	_t1=$(now_ms)
	echo $((_t1 - _t0))
}

ucloud_start many-jobs
ssh-keygen -q -t ed25519 -N '' -C bench -f "$HOME/.ssh/id_ed25519" >/dev/null || exit 1
printf 'api-url = "%s"\napi-ca-file = "%s"\n' "$UCLOUD_URL" "$UCLOUD_CA" >"$UCJOB_CONFIG"
printf '%s\n' "$UCLOUD_API_TOKEN" | "$UCJOB" -q login || exit 1
CFG=$HOME/.ssh/config

# The same requests ucjob sync makes, each by its own curl run, with the
# token on stdin as ucjob sends it.
curl_get() {
	printf 'header = "Authorization: Bearer %s"\n' "$UCLOUD_API_TOKEN" |
	    curl -sf --config - --proto =https --cacert "$UCLOUD_CA" \
	    -o /dev/null "$UCLOUD_URL$1"
}
curl_pages() {
	curl_get "/api/tokens/browse?itemsPerPage=250" || return 1
	curl_get "/api/jobs/browse?itemsPerPage=250&includeUpdates=true&filterState=IN_QUEUE&filterCreatedBy=alice" || return 1
	for next in "" 250 500 750; do
		curl_get "/api/jobs/browse?itemsPerPage=250&includeUpdates=true&filterState=RUNNING&filterCreatedBy=alice${next:+&next=$next}" || return 1
	done
}
curl_pages || { say "curl cannot fetch the pages"; exit 1; }
first_sync() {
	rm -f "$CFG"
	"$UCJOB" -q -F "$CFG" sync
}
resync() { "$UCJOB" -q -F "$CFG" sync; }

: >"$TMPD/curl" ; : >"$TMPD/first" ; : >"$TMPD/again"
i=0
while [ "$i" -lt "$RUNS" ]; do
	elapsed curl_pages >>"$TMPD/curl"
	elapsed first_sync >>"$TMPD/first"
	elapsed resync >>"$TMPD/again"
	i=$((i + 1))
done
[ "$(grep -c '^Host ucloud-job-1' "$CFG")" -eq 1000 ] ||
	say "sync did not write 1,000 entries"
c=$(median <"$TMPD/curl")
f=$(median <"$TMPD/first")
a=$(median <"$TMPD/again")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf 'sync, 1,000 jobs in 4 pages (median of %d):\n' "$RUNS"
printf '  curl alone, the same 6 requests    %6d ms\n' "$c"
printf '  ucjob sync, 1,000 new entries      %6d ms  %s x curl (target <= 1.5)\n' "$f" "$(ratio "$f" "$c")"
printf '  ucjob sync, nothing to change      %6d ms  %s x curl (target <= 1.5)\n' "$a" "$(ratio "$a" "$c")"

# wait: from the sshd's start to `ucjob wait` saying ready.
sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" || skip_all "$SSHD_WHY"
PORT=$SSHD_PORT
sshd_stop
"$UCJOB" -q -F "$CFG" add "$PORT" --host 127.0.0.1 --name waited || exit 1
: >"$TMPD/wait"
i=0
while [ "$i" -lt "$RUNS" ]; do
	"$UCJOB" -q -F "$CFG" wait waited --timeout 60 &
	wpid=$!
	sshd_start "$TMPD/sshd" "$HOME/.ssh/id_ed25519.pub" "$PORT" ||
		{ say "sshd: $SSHD_WHY"; kill "$wpid"; exit 1; }
	t0=$(now_ms)
	wait "$wpid"
	t1=$(now_ms)
	echo $((t1 - t0)) >>"$TMPD/wait"
	sshd_stop
	i=$((i + 1))
done
printf 'wait: ready after the sshd listens, median of %d: %d ms (target <= 1000)\n' \
    "$RUNS" "$(median <"$TMPD/wait")"
