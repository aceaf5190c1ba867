# fish completion for ucjob(1).
# Install as share/fish/vendor_completions.d/ucjob.fish (make install does).

set -l ucjob_commands add rm list show check prune doctor ssh code key login logout jobs sync wait help

# The -F/-c/--site given on the command line, to pass on to `ucjob list`.
function __ucjob_file_args
	set -l words (commandline -opc)
	set -l i 2
	while test $i -le (count $words)
		switch $words[$i]
			case -F --ssh-config -c --config --site
				set -l j (math $i + 1)
				if test $j -le (count $words)
					echo $words[$i]
					echo $words[$j]
				end
				set i $j
		end
		set i (math $i + 1)
	end
end

# The aliases, and the ports as well once the word starts with a digit
# (each job once, not twice); none already on the line.
function __ucjob_jobs
	set -l args (__ucjob_file_args)
	set -l typed (commandline -opc)
	set -l jobs (ucjob $args list --names 2>/dev/null)
	if string match -qr '^[0-9]' -- (commandline -ct)
		set -a jobs (ucjob $args list 2>/dev/null | awk 'NR > 1 { n = split($2, a, ":"); print a[n] }')
	end
	for j in $jobs
		contains -- $j $typed; or echo $j
	end
end

# Job ids of the block's entries: the JOB column of `ucjob list` (local,
# never the network; `ucjob jobs` asks the account).
function __ucjob_job_ids
	set -l args (__ucjob_file_args)
	ucjob $args list 2>/dev/null | awk 'NR > 1 && $3 != "-" { print $3 }'
end

function __ucjob_sites
	set -l f $UCJOB_CONFIG
	if test -z "$f"
		set -l xdg $XDG_CONFIG_HOME
		test -z "$xdg"; and set xdg $HOME/.config
		set f $xdg/ucjob/config
	end
	test -r $f; and sed -n 's/^[[:space:]]*site[[:space:]]*"\([^"]*\)".*/\1/p' $f
end

complete -c ucjob -f
# global options
complete -c ucjob -s F -l ssh-config -r -F -d 'ssh config to edit'
complete -c ucjob -s c -l config -r -F -d 'ucjob settings file'
complete -c ucjob -l site -x -a '(__ucjob_sites)' -d 'use the settings of a site'
complete -c ucjob -s n -l dry-run -d 'print a diff, write nothing'
complete -c ucjob -s q -l quiet -d 'print only errors'
complete -c ucjob -s v -l verbose -d 'tell what is done'
complete -c ucjob -s h -l help -d 'show help'
complete -c ucjob -s V -l version -d 'show the version'
# commands
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a add -d 'register a job'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a rm -d 'remove jobs'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a list -d 'list the registered jobs'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a show -d "print a job's Host entry"
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a check -d 'does ssh see the entries as written'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a prune -d 'remove the entries whose job is gone'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a doctor -d 'check the setup'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a ssh -d 'run ssh to a job'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a code -d 'open a job in VS Code'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a key -d 'print (or make) your public key'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a login -d 'store your UCloud token'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a logout -d 'forget your UCloud token'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a jobs -d 'list your queued and running UCloud jobs'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a sync -d 'make the block match your UCloud jobs'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a wait -d 'wait until a job answers SSH'
complete -c ucjob -n "not __fish_seen_subcommand_from $ucjob_commands" -a help -d 'show the help of a command'
# add
complete -c ucjob -n '__fish_seen_subcommand_from add' -l name -x -d 'alias of the entry'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l job -x -a '(__ucjob_job_ids)' -d 'UCloud job id'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l wait -d 'wait until the job answers SSH'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l host -x -d 'SSH gateway'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l user -x -d 'remote user'
# A private key for -i and --file: files, but never a .pub.
function __ucjob_private_keys
	__fish_complete_path (commandline -ct) | string match -v -r '\\.pub(\t.*)?$'
end
complete -c ucjob -n '__fish_seen_subcommand_from add' -s i -l identity -r -f -a '(__ucjob_private_keys)' -d 'private key'
complete -c ucjob -n '__fish_seen_subcommand_from add' -s L -l forward -x -d 'forward a local port'
complete -c ucjob -n '__fish_seen_subcommand_from add' -s o -l option -x -d 'extra ssh_config option'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l print -d 'write the entry to stdout'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l force -d 'write even when an earlier line wins'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l no-verify -d 'do not check the new file with ssh -G'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l clean-known-hosts -d 'forget the host keys stored for the job'
complete -c ucjob -n '__fish_seen_subcommand_from add' -l from-clipboard -d 'read the ssh command from the clipboard'
# rm, show
complete -c ucjob -n '__fish_seen_subcommand_from rm' -l all -d 'remove every entry'
complete -c ucjob -n '__fish_seen_subcommand_from rm' -l yes -d 'with --all: do not ask'
complete -c ucjob -n '__fish_seen_subcommand_from rm show check' -a '(__ucjob_jobs)'
complete -c ucjob -n '__fish_seen_subcommand_from ssh code; and test (count (commandline -opc)) -le 2' -a '(__ucjob_jobs)'
# check, prune
complete -c ucjob -n '__fish_seen_subcommand_from check' -l connect -d 'also log in and run true'
complete -c ucjob -n '__fish_seen_subcommand_from check prune' -l timeout -x -d 'ConnectTimeout in seconds'
complete -c ucjob -n '__fish_seen_subcommand_from check' -l json -d 'JSON array'
complete -c ucjob -n '__fish_seen_subcommand_from prune' -l yes -d 'remove without asking'
complete -c ucjob -n '__fish_seen_subcommand_from prune' -l dry-run -d 'only list what would be removed'
# key
complete -c ucjob -n '__fish_seen_subcommand_from key' -l copy -d 'also put the key on the clipboard'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l new -d 'make a new key'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l type -x -a 'ed25519 ecdsa rsa ed25519-sk ecdsa-sk' -d 'key type'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l file -r -f -a '(__ucjob_private_keys)' -d 'the private key'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l comment -x -d "a new key's comment"
complete -c ucjob -n '__fish_seen_subcommand_from key' -l no-passphrase -d 'a new key without passphrase'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l upload -d 'also upload it to your UCloud account'
complete -c ucjob -n '__fish_seen_subcommand_from key' -l title -x -d "the uploaded key's title"
# jobs
complete -c ucjob -n '__fish_seen_subcommand_from jobs' -l json -d 'JSON array'
complete -c ucjob -n '__fish_seen_subcommand_from jobs' -l all -d "every member's jobs in a project"
# sync, wait
complete -c ucjob -n '__fish_seen_subcommand_from sync' -l yes -d 'remove without asking'
complete -c ucjob -n '__fish_seen_subcommand_from wait' -l timeout -x -d 'give up after DUR (90, 5m, 1h)'
complete -c ucjob -n '__fish_seen_subcommand_from wait' -l login -d 'also log in with ssh'
complete -c ucjob -n '__fish_seen_subcommand_from wait; and test (count (commandline -opc)) -le 2' -a '(__ucjob_jobs; __ucjob_job_ids)'
# list
complete -c ucjob -n '__fish_seen_subcommand_from list' -l json -d 'JSON array'
complete -c ucjob -n '__fish_seen_subcommand_from list' -l names -d 'one alias per line'
# help
complete -c ucjob -n '__fish_seen_subcommand_from help' -a "$ucjob_commands"
