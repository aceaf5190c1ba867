# tests/bench/report.sh - sourced by bench.sh: `report` turns the rows
# bench.sh collected ($ROWS: hosts block bytes key median_ms runs
# peak_kib) into results.md: the machine, one table, the targets of
# issue 7 as met / not met (each a ratio of medians from this one run),
# and what the rows mean. It measures nothing itself.

# machine: one line per fact about where the numbers come from.
machine() {
	_cpu=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
	[ -n "$_cpu" ] || _cpu=$(uname -p)
	_mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
	_os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null)
	_fs=$(df -PT "$TMPD" 2>/dev/null | awk 'NR == 2 { print $2 }')
	_rev=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$TOP" diff --quiet HEAD -- src 2>/dev/null || _rev="$_rev + uncommitted changes in src/"
	echo "- CPU: $_cpu, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores; memory $_mem"
	echo "- system: ${_os:-$(uname -s)}, kernel $(uname -r) ($(uname -m))"
	echo "- temporary files on: ${_fs:-unknown} ($TMPD)"
	echo "- ucjob: commit $_rev, built with $(${CC:-cc} --version 2>/dev/null | head -n 1)"
	echo "- $(ssh -V 2>&1); $(hyperfine --version)"
	echo "- load average (1, 5, 15 min) at the start: ${LOAD_START:-?}; at the end: ${LOAD_END:-?}"
	if [ -n "$PEER" ]; then
		echo "- peer: npm ssh-config $PEER_VERSION on node $(node --version)"
	else
		echo "- peer: not measured: $PEER_WHY"
	fi
}

report() {
	echo "# ucjob benchmark results"
	echo
	echo "Written by \`make bench\` (tests/bench/bench.sh) on $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "in $ELAPSED s. Times are medians of the runs shown, taken by hyperfine"
	echo "(--shell=none) in rounds that cycle through the commands of a config,"
	echo "so that other load weighs on all of them alike; every ratio is between"
	echo "medians of this one run."
	echo
	echo "## Machine"
	echo
	machine
	echo
	awk -v add_label="$ADD_LABEL" -v verify="$VERIFY" \
	    -v peer_label="npm ssh-config ${PEER_VERSION:-} (parse, append, stringify, write)" \
	    -v peer_why="$PEER_WHY" -f "$BENCH/report.awk" "$ROWS"
}
