#!/bin/sh
# tests/fuzz/run.sh - `make fuzz`: build every tests/fuzz/fuzz_*.c target
# with clang's libFuzzer (plus ASan and UBSan), seed each from the test
# configs and recorded output, run each for FUZZ_SECONDS (default 10), and
# end, like tests/run.sh, with one totals line `N passed, N failed` (one
# test per target: passed when it ran its time without a crash, a leak or
# a broken invariant) as the last line. The figures go to
# tests/fuzz/last-run, which `make check` prints.
#
#   FUZZ_SECONDS=30 sh tests/fuzz/run.sh            every target
#   sh tests/fuzz/run.sh sshconfig pasted           only these
#   FUZZ_CC=clang-16                                another clang
#
# Work files (corpora that grow from run to run, crash inputs) live in
# tests/fuzz/work/. A crash leaves tests/fuzz/work/TARGET-crash-*: replay
# it with tests/fuzz/work/fuzz_TARGET FILE, then add a unit test to the
# suite of the module concerned (tests/check_MODULE.c) before fixing it.

cd "$(dirname "$0")/../.." || exit 1

FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
WORK=tests/fuzz/work
PKGS="libconfuse jansson libbsd-overlay"
# The library part of ucjob (the unit tests link the same): make fuzz
# passes the Makefile's LIBSRC; otherwise read it from the Makefile.
LIBSRC=${LIBSRC:-$(sed -n '/^LIBSRC = /,/[^\\]$/p' Makefile | sed 's/^LIBSRC = //; s/\\$//')}

passed=0
failed=0
executions=0
log=$(mktemp "${TMPDIR:-/tmp}/ucjob-fuzz.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case $FUZZ_SECONDS in
''|*[!0-9]*) echo "fuzz: FUZZ_SECONDS must be a number of seconds" >&2; exit 2 ;;
esac

if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	echo "fuzz: $FUZZ_CC not found (sh tests/fuzz/deps.sh installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi

mkdir -p "$WORK/obj"
CFLAGS="-std=c99 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -DVERSION=\"fuzz\" -Isrc $(pkg-config --cflags $PKGS)"
LDFLAGS="-fsanitize=fuzzer,address,undefined $(pkg-config --libs $PKGS)"

# build: the library objects once, then one binary per target.
build() {
	objs=
	for src in $LIBSRC; do
		obj=$WORK/obj/$(basename "$src" .c).o
		if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
		    [ -n "$(find src -name '*.h' -newer "$obj")" ]; then
			# shellcheck disable=SC2086 # flag lists
			$FUZZ_CC $CFLAGS -c "$src" -o "$obj" || return 1
		fi
		objs="$objs $obj"
	done
	for target in "$@"; do
		# shellcheck disable=SC2086
		$FUZZ_CC $CFLAGS -c "tests/fuzz/fuzz_$target.c" \
		    -o "$WORK/obj/fuzz_$target.o" &&
		$FUZZ_CC -o "$WORK/fuzz_$target" "$WORK/obj/fuzz_$target.o" \
		    $objs $LDFLAGS || return 1
	done
}

# seed TARGET: the seed corpus in $WORK/seeds-TARGET.
seed() {
	dir=$WORK/seeds-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	case $1 in
	sshconfig)
		# Operation bytes, then a config: parse only; add and rm;
		# update, include; rm, add, add, rm.
		for f in tests/configs/*.conf tests/configs/bad/*.conf; do
			b=$(basename "$f" .conf)
			{ printf '\000'; cat "$f"; } >"$dir/$b-parse"
			{ printf '\002\000\002'; cat "$f"; } >"$dir/$b-add-rm"
			{ printf '\003\001\003\004'; cat "$f"; } >"$dir/$b-update-include"
			{ printf '\004\002\004\010\006'; cat "$f"; } >"$dir/$b-mixed"
		done
		;;
	pasted)
		i=0
		while IFS= read -r line; do
			i=$((i + 1))
			printf '%s' "$line" >"$dir/line$i"
			# The same as separate words (NUL between them).
			printf '%s' "$line" | tr ' ' '\000' >"$dir/words$i"
		done <<'EOF'
ssh ucloud@ssh.cloud.sdu.dk -p 2465
SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465
ssh -p 2465 -l ucloud -i ~/.ssh/id_ed25519 ssh.cloud.sdu.dk
ssh -p2465 ucloud@10.0.0.1
ssh ucloud@[::1] -p 22
ssh -o ProxyCommand=x u@h.example.org -p 1
ssh -J jump u@h.example.org -p 1
ServerAliveInterval=60
LocalForward 8888 localhost:8888
8888:8888
2465
ucloud-job-2465
EOF
		;;
	endpoint)
		# State byte (2 RUNNING, 3 SUSPENDED, 1 IN_QUEUE, 0 none),
		# status text; updates separated by NUL.
		printf '\002SSH: Connected! Available at: ssh ucloud@ssh.cloud.sdu.dk -p 2465' >"$dir/k8s"
		printf '\002SSH: Connected! Available at: ssh alice_a@hippo-fe.example.org' >"$dir/slurm"
		printf '\001Waiting\000\002SSH Access: ssh ucloud@130.225.164.12 -p 31022' >"$dir/aau"
		printf '\002SSH: Connected! Available at: ssh ucloud@h.example.org -p 2470\000\003\000\002Resumed\nSSH: Connected! Available at: ssh ucloud@h.example.org -p 2531\r\nTarget: {"port": 9}' >"$dir/resume"
		printf '\002SSH: Connected! Available at: ssh -o ProxyCommand=x u@h.example.org -p 1' >"$dir/inject"
		printf '\000SSH Access: ssh -p2022 -l ann gw.example.org\000\004' >"$dir/final"
		;;
	settings)
		cp share/ucjob/config.example "$dir/example"
		printf '\001host = "h.example.org"\nsite "aau" { host = "a.example.org" user = "u" }\n' >"$dir/site"
		printf '\000options = {"ServerAliveInterval 60", "Compression yes"}\n' >"$dir/options"
		printf '\002alias-prefix = "job-" # comment\n/* block */ user = "me"\n' >"$dir/comments"
		;;
	parse_ssh)
		for f in tests/recorded/*; do
			[ -f "$f" ] && cp "$f" "$dir/"
		done
		;;
	knownhosts)
		key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
		printf '\017ucloud-job-2465ucloud-job-2465 %s\n[ssh.cloud.sdu.dk]:2465 %s\n' "$key" "$key" >"$dir/clear"
		printf '\004host|1|JX3A9pLbeKtdHh5ZyQ1CThXwrZI=|gFUgWUOBwAJD3xA2eGJWXAT3W0A= %s\n' "$key" >"$dir/hashed"
		printf '\001a@cert-authority *.example.org %s\n# comment\n@revoked a,b,c %s\n' "$key" "$key" >"$dir/markers"
		;;
	credentials)
		t=uc1a2b-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff
		r=a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90
		printf '\000# ucjob credentials\n* %s 1794536000000\n' "$t" >"$dir/api"
		printf '\001* %s\naau %s\r\n\n' "$t" "$r" >"$dir/sites"
		printf '\002lab-1\t%s\t12\n# x\n' "$r" >"$dir/tabs"
		printf '\000* %s 1 2\n' "$t" >"$dir/bad"
		;;
	parse_keygen)
		printf '256 SHA256:2T9nNBNC9ZyV0zZbLjSG3Qz+Jc7O/nDaW1Q1kr0bC2A me@laptop (ED25519)\n' >"$dir/ed25519"
		printf '3072 SHA256:abcdefABCDEF0123+/ a comment (with) parens (RSA)\r\n' >"$dir/rsa"
		printf '256 MD5:e3:b4:86:4c:04:59:bf:77:7a:fc:93:bc:3a:4c:91:70 no comment (ECDSA)\n' >"$dir/md5"
		printf '256 SHA256:abcdefABCDEF0123 (ED25519-SK)\n' >"$dir/no-comment"
		printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop\n' >"$dir/pubkey"
		;;
	esac
}

# fuzz TARGET: run it; count its executions; one test.
fuzz() {
	bin=$WORK/fuzz_$1
	mkdir -p "$WORK/corpus-$1"
	seed "$1"
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$WORK/$1-" \
	    "$WORK/corpus-$1" "$WORK/seeds-$1" >"$log" 2>&1 </dev/null
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	runs=${runs:-0}
	executions=$((executions + runs))
	if [ "$status" -eq 0 ] && [ "$runs" -gt 0 ]; then
		echo "fuzz_$1: ok ($runs executions in ${FUZZ_SECONDS} s, corpus $(ls "$WORK/corpus-$1" | wc -l | tr -d ' '))"
		passed=$((passed + 1))
	else
		echo "fuzz_$1: FAILED (exit $status after $runs executions)"
		grep -a -E 'invariant broken|ERROR: |SUMMARY|Test unit written|artifact' "$log" | head -n 20 | sed 's/^/    /'
		# The input itself, so a CI log is enough to replay it:
		# base64 -d >FILE, then tests/fuzz/work/fuzz_TARGET FILE.
		for artifact in $(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$log"); do
			if [ -f "$artifact" ] && [ "$(wc -c <"$artifact")" -le 8192 ]; then
				echo "    input ($artifact), base64:"
				base64 <"$artifact" | sed 's/^/    /'
			fi
		done
		failed=$((failed + 1))
	fi
}

if [ $# -eq 0 ]; then
	set -- $(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_\(.*\)\.c$|\1|')
fi
if ! build "$@" >"$log" 2>&1; then
	echo "fuzz: cannot build the targets with $FUZZ_CC:"
	tail -n 20 "$log" | sed 's/^/    /'
	echo "0 passed, $# failed"
	exit 1
fi
started=$(date +%s)
for target in "$@"; do
	fuzz "$target"
done
{
	echo "$executions fuzz executions over $# targets ($*), $FUZZ_SECONDS s each, $failed crashing (make fuzz, $(date -u +%Y-%m-%d))"
} >tests/fuzz/last-run
echo "fuzzed for $(($(date +%s) - started)) s: $executions executions"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
