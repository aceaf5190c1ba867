#!/bin/sh
# tests/t0500-completion.sh - the bash, zsh and fish completions, run in
# the real shells: commands, each command's own options, and the aliases
# and ports of the registered jobs (from `ucjob list`, with the -F given on
# the line).  A shell that is not installed is a skip, not a pass.

. "$(dirname "$0")/lib/lib.sh"

COMPDIR=$(pwd)/completions
mkdir -m 700 "$HOME/.ssh"
CFG=$HOME/.ssh/config
printf 'Host *\n    User other\n' >"$CFG"
for p in 2465 2466 2467; do
	"$UCJOB" -q -F "$CFG" add "$p" -i "$HOME/.ssh/id" ||
		fail "registering job $p"
done
"$UCJOB" -q -F "$CFG" add 3001 --name analysis -i "$HOME/.ssh/id" ||
	fail "registering a named job"
# Key files for -i and --file: a pair and a lone private key.
KEYS=$TMPD/keys
mkdir "$KEYS" && : >"$KEYS/id_a" && : >"$KEYS/id_a.pub" && : >"$KEYS/other" ||
	fail "making the key files"
# The completions run `ucjob`: the one under test comes first on PATH.
mkdir "$TMPD/bin"
ln -s "$UCJOB" "$TMPD/bin/ucjob"
PATH=$TMPD/bin:$PATH
export PATH CFG COMPDIR

words() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '
}

# --- bash ----------------------------------------------------------------
# bash_complete WORD...: COMPREPLY for the line "WORD... " with the cursor
# on the last word (give "" to complete an empty word).
bash_complete() {
	bash -c '
		[ -r /usr/share/bash-completion/bash_completion ] &&
		    . /usr/share/bash-completion/bash_completion
		. "$COMPDIR/ucjob.bash"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_ucjob
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$@"
}

if command -v bash >/dev/null 2>&1; then
	is "$(bash_complete ucjob r)" "rm" "bash: ucjob r<TAB> gives rm"
	is "$(words "$(bash_complete ucjob "")")" "add check code doctor help jobs key list login logout prune rm show ssh sync wait " \
	    "bash: ucjob <TAB> lists the commands"
	is "$(words "$(bash_complete ucjob -F "$CFG" rm "")")" \
	    "analysis ucloud-job-2465 ucloud-job-2466 ucloud-job-2467 " \
	    "bash: ucjob rm <TAB> lists each job once, by its alias"
	is "$(words "$(bash_complete ucjob -F "$CFG" rm 24)")" \
	    "2465 2466 2467 " "bash: ucjob rm 24<TAB> completes the ports"
	is "$(words "$(bash_complete ucjob -F "$CFG" rm ucloud-job-2465 analysis "")")" \
	    "ucloud-job-2466 ucloud-job-2467 " \
	    "bash: names already on the line are not offered again"
	is "$(words "$(bash_complete ucjob -F "$CFG" show ucloud-job-246)")" \
	    "ucloud-job-2465 ucloud-job-2466 ucloud-job-2467 " \
	    "bash: ucjob show ucloud-job-246<TAB> narrows to the prefix"
	out=$(bash_complete ucjob add --)
	like "$out" '^--forward$' "bash: ucjob add --<TAB> offers --forward"
	like "$out" '^--print$' "bash: ucjob add --<TAB> offers --print"
	unlike "$out" '^--all$' "bash: ucjob add --<TAB> does not offer rm's --all"
	like "$(bash_complete ucjob rm --)" '^--all$' "bash: rm --<TAB> offers --all"
	is "$(words "$(bash_complete ucjob add -i "$KEYS/")")" \
	    "$KEYS/id_a $KEYS/other " "bash: ucjob add -i <TAB> leaves out .pub files"
	is "$(words "$(bash_complete ucjob key --file "$KEYS/id")")" \
	    "$KEYS/id_a " "bash: ucjob key --file <TAB> leaves out .pub files"
	like "$(bash_complete ucjob -F "$CFG" ssh "")" '^ucloud-job-2466$' \
	    "bash: ssh <TAB> lists the jobs"
	is "$(bash_complete ucjob -F "$CFG" ssh ucloud-job-2466 "")" "" \
	    "bash: no job after the job of ucjob ssh"
	: >"$TMPD/some-file.conf"
	like "$(bash_complete ucjob -F "$TMPD/some-f")" "some-file.conf\$" \
	    "bash: -F completes file names"
	is "$(words "$(bash_complete ucjob help sh)")" "show " \
	    "bash: help <TAB> completes commands"
else
	skip "bash completion" "bash is not installed"
fi

# --- fish ----------------------------------------------------------------
fish_complete() {
	fish --no-config -c "source $COMPDIR/ucjob.fish; complete -C '$1'" |
	    cut -f1
}

if command -v fish >/dev/null 2>&1; then
	is "$(words "$(fish_complete "ucjob -F $CFG rm ")")" \
	    "analysis ucloud-job-2465 ucloud-job-2466 ucloud-job-2467 " \
	    "fish: ucjob rm <TAB> lists each job once, by its alias"
	is "$(words "$(fish_complete "ucjob -F $CFG rm 24")")" \
	    "2465 2466 2467 " "fish: ucjob rm 24<TAB> completes the ports"
	is "$(words "$(fish_complete "ucjob -F $CFG rm ucloud-job-2465 analysis ")")" \
	    "ucloud-job-2466 ucloud-job-2467 " \
	    "fish: names already on the line are not offered again"
	like "$(fish_complete "ucjob r")" '^rm$' "fish: ucjob r<TAB> gives rm"
	like "$(fish_complete "ucjob rm ")" '^ucloud-job-2466$' \
	    "fish: without -F the default ~/.ssh/config is read"
	out=$(fish_complete "ucjob add --")
	like "$out" '^--forward$' "fish: ucjob add --<TAB> offers --forward"
	unlike "$out" '^--all$' "fish: ucjob add --<TAB> does not offer --all"
	is "$(words "$(fish_complete "ucjob add -i $KEYS/")")" \
	    "$KEYS/id_a $KEYS/other " "fish: ucjob add -i <TAB> leaves out .pub files"
	is "$(words "$(fish_complete "ucjob key --file $KEYS/id")")" \
	    "$KEYS/id_a " "fish: ucjob key --file <TAB> leaves out .pub files"
else
	skip "fish completion" "fish is not installed"
fi

# --- zsh -----------------------------------------------------------------
# zsh_complete LINE: what an interactive zsh, in a pseudo-terminal driven
# by zpty, lists after LINE and two TABs (the real _ucjob runs).
zsh_complete() {
	ZLINE=$1 zsh -f -c '
		zmodload zsh/zpty || exit 3
		zpty z TERM=dumb zsh -f -i
		zpty -w z "PS1=\"> \"; fpath=($COMPDIR \$fpath); autoload -Uz compinit; compinit -u -d $TMPD/zcompdump; setopt nobeep; LISTMAX=10000; zstyle \":completion:*\" list-prompt \"\""
		zpty -w -n z "$ZLINE"$'"'"'\t\t'"'"'
		out=""
		integer i=0
		while (( i++ < 200 )); do
			if zpty -r -t z chunk; then out+=$chunk
			else sleep 0.05; fi
			[[ $out == *"$ZWANT"* ]] && break
		done
		zpty -d z
		print -r -- "$out"
	' | tr -d '\r'
}

if command -v zsh >/dev/null 2>&1; then
	ZWANT=ucloud-job-2467
	export ZWANT
	out=$(zsh_complete "ucjob -F $CFG rm ")
	like "$out" 'ucloud-job-2465' "zsh: ucjob rm <TAB> lists ucloud-job-2465"
	like "$out" 'analysis' "zsh: ucjob rm <TAB> lists the named job"
	unlike "$out" '(^| )2467( |$)' "zsh: ucjob rm <TAB> lists no port beside its alias"
	ZWANT=2467
	out=$(zsh_complete "ucjob -F $CFG rm 24")
	like "$out" '2467' "zsh: ucjob rm 24<TAB> completes the ports"
	ZWANT=ucloud-job-2467
	out=$(zsh_complete "ucjob -F $CFG rm analysis ")
	like "$out" 'ucloud-job-2465' "zsh: the other jobs are offered"
	unlike "$(printf '%s\n' "$out" | grep -v 'rm analysis')" 'analysis' \
	    "zsh: a name already on the line is not offered again"
	ZWANT=--forward
	out=$(zsh_complete "ucjob add --")
	like "$out" '--forward' "zsh: ucjob add --<TAB> offers --forward"
	unlike "$out" '--all' "zsh: ucjob add --<TAB> does not offer --all"
	ZWANT=other
	out=$(zsh_complete "ucjob add -i $KEYS/")
	like "$out" 'id_a +other' "zsh: ucjob add -i <TAB> offers the private keys"
	unlike "$out" 'id_a\.pub' "zsh: and leaves out .pub files"
else
	skip "zsh completion" "zsh is not installed"
fi

# ssh's own completion already sees the entries: they are plain Host lines.
if [ -r /usr/share/bash-completion/bash_completion ]; then
	out=$(bash -c '
		. /usr/share/bash-completion/bash_completion
		__load_completion ssh
		COMP_WORDS=(ssh -F "$CFG" ucloud-job-24); COMP_CWORD=3
		COMP_LINE="ssh -F $CFG ucloud-job-24"; COMP_POINT=${#COMP_LINE}
		_ssh ssh ucloud-job-24 "$CFG"
		printf "%s\n" "${COMPREPLY[@]}"')
	like "$out" '^ucloud-job-2465$' \
	    "bash: ssh ucloud-job-<TAB> completes through bash-completion's own ssh completion"
else
	skip "ssh completion" "bash-completion is not installed"
fi

done_testing
