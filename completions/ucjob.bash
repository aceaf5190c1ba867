# bash completion for ucjob(1).
# Install as share/bash-completion/completions/ucjob (make install does).
# Aliases come from `ucjob list --names`, ports (once a digit is typed)
# from `ucjob list`, both with the -F/-c/--site given on the command line;
# job ids (for wait and add --job) from the JOB column of `ucjob list`:
# the local block, never the network (`ucjob jobs` asks the account).

_ucjob_commands="add rm list show check prune doctor ssh code key login logout jobs sync wait help"
_ucjob_global="-F --ssh-config -c --config --site -n --dry-run -q --quiet -v --verbose -h --help -V --version"

_ucjob_command_options()
{
	case $1 in
	add)	echo "--name --job --host --user -i --identity -L --forward -o --option --print --force --no-verify --clean-known-hosts --from-clipboard --wait" ;;
	rm)	echo "--all --yes" ;;
	list)	echo "--json --names" ;;
	check)	echo "--connect --timeout --json" ;;
	prune)	echo "--yes --timeout --dry-run" ;;
	key)	echo "--copy --new --type --file --comment --no-passphrase --upload --title" ;;
	jobs)	echo "--json --all" ;;
	sync)	echo "--yes" ;;
	wait)	echo "--timeout --login" ;;
	esac
}

# The ucjob options on the line that say which files to read.
_ucjob_file_args()
{
	local i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-F|--ssh-config|-c|--config|--site)
			printf '%s\n%s\n' "$w" "${COMP_WORDS[i+1]}"
			((i++)) ;;
		esac
	done
}

# The jobs to offer for the word being completed ($cur): the aliases, and
# the ports as well once it starts with a digit (each job once, not twice);
# none that is already on the line.
_ucjob_jobs()
{
	local -a args
	local typed=" ${COMP_WORDS[*]:1:COMP_CWORD-1} " w
	mapfile -t args < <(_ucjob_file_args)
	{
		ucjob "${args[@]}" list --names 2>/dev/null
		[[ $cur == [0-9]* ]] && ucjob "${args[@]}" list 2>/dev/null |
		    awk 'NR > 1 { n = split($2, a, ":"); print a[n] }'
	} | while IFS= read -r w; do
		[[ $typed == *" $w "* ]] || printf '%s\n' "$w"
	done
}

# Job ids of the block's entries (local: no network call).
_ucjob_job_ids()
{
	local -a args
	mapfile -t args < <(_ucjob_file_args)
	ucjob "${args[@]}" list 2>/dev/null | awk 'NR > 1 && $3 != "-" { print $3 }'
}

_ucjob_sites()
{
	local f=${UCJOB_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/ucjob/config}
	[[ -r $f ]] && sed -n 's/^[[:space:]]*site[[:space:]]*"\([^"]*\)".*/\1/p' "$f"
}

# COMPREPLY from the words on stdin (one a line) that start with $cur,
# each quoted for the shell.  Never compgen -W: it expands $(...) and
# `...` inside the words, and aliases and site names are file contents.
_ucjob_reply_lines()
{
	local w
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w && $w == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$w")")
	done
}

_ucjob()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd="" i w

	case $prev in
	--job)
		_ucjob_reply_lines < <(_ucjob_job_ids)
		return ;;
	-F|--ssh-config|-c|--config)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-i|--identity|--file)
		# A private key: its .pub twin is never the answer.
		COMPREPLY=($(compgen -f -X '*.pub' -- "$cur"))
		return ;;
	--site)
		_ucjob_reply_lines < <(_ucjob_sites)
		return ;;
	--type)
		COMPREPLY=($(compgen -W "ed25519 ecdsa rsa ed25519-sk ecdsa-sk" -- "$cur"))
		return ;;
	--comment)
		COMPREPLY=()
		return ;;
	--name|--job|--host|--user|-L|--forward|-o|--option|--timeout)
		COMPREPLY=()
		return ;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-F|--ssh-config|-c|--config|--site) ((i++)) ;;
		-*) ;;
		*) cmd=$w; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_ucjob_global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_ucjob_commands" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_ucjob_command_options "$cmd") $_ucjob_global" -- "$cur"))
		return
	fi
	case $cmd in
	rm|show|check)
		_ucjob_reply_lines < <(_ucjob_jobs) ;;
	wait)
		_ucjob_reply_lines < <(_ucjob_jobs; _ucjob_job_ids) ;;
	ssh|code)
		# Only the first word after the command is a job.
		local n=0
		for ((i = i + 1; i < COMP_CWORD; i++)); do
			[[ ${COMP_WORDS[i]} == -* ]] || ((n++))
		done
		if ((n == 0)); then
			_ucjob_reply_lines < <(_ucjob_jobs)
		else
			COMPREPLY=()
		fi ;;
	help)
		COMPREPLY=($(compgen -W "$_ucjob_commands" -- "$cur")) ;;
	*)
		COMPREPLY=() ;;
	esac
}

complete -F _ucjob ucjob
