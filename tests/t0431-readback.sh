#!/bin/sh
# tests/t0431-readback.sh - what ucjob reads back is as untrusted as what
# it is given (issue 14, point 9): an alias in the block that is not one
# ucjob writes ("-oProxyCommand=...", "$(...)") is refused before it
# reaches ssh or a completion; ssh gets "--" before every alias; and the
# bash, zsh and fish completions never expand $(...) found in an alias or
# a site name.  A canary file must never appear.

. "$(dirname "$0")/lib/lib.sh"

mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
PWNED=$TMPD/pwned
COMPDIR=$(pwd)/completions
rejected=0

# A stand-in ssh that records its arguments, one a line.
mkdir "$TMPD/bin"
cat >"$TMPD/bin/fakessh" <<FAKE
#!/bin/sh
printf '%s\n' "\$@" >"$TMPD/ssh.args"
FAKE
chmod 755 "$TMPD/bin/fakessh"
"$UCJOB" -q -F "$CFG" add 2465 -i "$HOME/.ssh/id" </dev/null ||
	fail "setup: add 2465"
printf 'ssh = "%s"\n' "$TMPD/bin/fakessh" >"$UCJOB_CONFIG"
"$UCJOB" -F "$CFG" ssh 2465 -l x uname -a >/dev/null 2>&1
is "$(tr '\n' ' ' <"$TMPD/ssh.args")" "-F $CFG -- ucloud-job-2465 -l x uname -a " \
    "ucjob ssh: '--' before the alias, the rest is the remote command"

# hostile_block ALIAS: the config with one entry whose Host is ALIAS.
hostile_block() {
	sed "s/^Host ucloud-job-2465\$/Host $1/" "$TMPD/good" >"$CFG"
	cp "$CFG" "$TMPD/hostile"
}
cp "$CFG" "$TMPD/good"

# refused DESC ARG...: ucjob -F CFG ARG... exits 1 with one line, the
# config unchanged, no canary, ssh never run.
refused() {
	_d=$1
	shift
	rm -f "$TMPD/ssh.args"
	run "$UCJOB" -F "$CFG" "$@" </dev/null
	_why=
	[ "$STATUS" -eq 1 ] || _why="exit $STATUS, expected 1"
	[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || _why="$_why; not one line"
	cmp -s "$CFG" "$TMPD/hostile" || _why="$_why; the config changed"
	[ ! -e "$TMPD/ssh.args" ] || _why="$_why; ssh ran"
	[ ! -e "$PWNED" ] || _why="$_why; the canary appeared"
	if [ -z "$_why" ]; then
		ok "$_d"
		rejected=$((rejected + 1))
	else
		fail "$_d" "$_why" "$ERR"
	fi
}

hostile_block '-oProxyCommand=touch_pwned'
refused "block alias starting with '-': ssh refuses it" ssh 2465
refused "block alias starting with '-': code refuses it" code 2465
refused "block alias starting with '-': list refuses it" list --names
refused "block alias starting with '-': check refuses it" check
hostile_block '$(touch_pwned)'
refused "block alias with \$(...): list --names refuses it" list --names
refused "block alias with \$(...): show refuses it" show 2465

# --- Completions ----------------------------------------------------------
# The alias and the site name run "touch $PWNED" if anything expands them.
mkdir -p "$TMPD/cbin"
printf '#!/bin/sh\ntouch "%s"\n' "$PWNED" >"$TMPD/cbin/touch_pwned"
chmod 755 "$TMPD/cbin/touch_pwned"
ln -s "$UCJOB" "$TMPD/cbin/ucjob"
PATH=$TMPD/cbin:$PATH
printf 'site "$(touch_pwned)" { host = "h.example.org" }\n' >"$UCJOB_CONFIG"
export PATH CFG COMPDIR

# canary DESC: the canary is absent (and removed for the next case).
canary() {
	if [ -e "$PWNED" ]; then
		fail "$1"
		rm -f "$PWNED"
	else
		ok "$1"
		rejected=$((rejected + 1))
	fi
}

bash_complete() {
	bash -c '
		. "$COMPDIR/ucjob.bash"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_ucjob
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$@"
}

# An alias of the old, unchecked kind: list --names printed it.
if command -v bash >/dev/null 2>&1; then
	out=$(bash_complete ucjob --site "")
	canary "bash: --site <TAB> does not run \$(...) in a site name"
	is "$out" '\$\(touch_pwned\)' "bash: the site name is offered quoted"
	bash_complete ucjob -F "$CFG" rm "" >/dev/null
	canary "bash: rm <TAB> does not run \$(...) in an alias"
	bash_complete ucjob -F "$CFG" ssh "" >/dev/null
	canary "bash: ssh <TAB> does not run \$(...) in an alias"
else
	skip "bash completion" "bash is not installed"
fi
if command -v fish >/dev/null 2>&1; then
	fish --no-config -c "source $COMPDIR/ucjob.fish; complete -C 'ucjob --site '; complete -C 'ucjob -F $CFG rm '" >/dev/null 2>&1
	canary "fish: --site and rm <TAB> run nothing found in names"
else
	skip "fish completion" "fish is not installed"
fi
if command -v zsh >/dev/null 2>&1; then
	ZLINE="ucjob --site " zsh -f -c '
		zmodload zsh/zpty || exit 3
		zpty z TERM=dumb zsh -f -i
		zpty -w z "PS1=\"> \"; fpath=($COMPDIR \$fpath); autoload -Uz compinit; compinit -u -d $TMPD/zcompdump; setopt nobeep"
		zpty -w -n z "$ZLINE"$'"'"'\t\t'"'"'
		out=""
		integer i=0
		while (( i++ < 60 )); do
			if zpty -r -t z chunk; then out+=$chunk
			else sleep 0.05; fi
			[[ $out == *touch_pwned* ]] && break
		done
		zpty -d z
	' >/dev/null 2>&1
	canary "zsh: --site <TAB> runs nothing found in a site name"
else
	skip "zsh completion" "zsh is not installed"
fi

figure hostile-inputs "$rejected" "hostile inputs rejected (documented exit status, one error line, files unchanged)"
done_testing
