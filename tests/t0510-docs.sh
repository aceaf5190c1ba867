#!/bin/sh
# tests/t0510-docs.sh - --help, the man pages and the three completions
# must agree: for every command the same set of long options, and the same
# global options; help fits 80 columns and ends with an example; the man
# pages are mandoc -Tlint clean (at style level: only manuals this machine
# lacks); README.md is a short front page that opens with the two
# commands and points to the manuals and HACKING.

. "$(dirname "$0")/lib/lib.sh"

MAN=man/ucjob.1

# sorted, one per line, no duplicates
set_of() {
	grep -oE -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' '
}

commands=$("$UCJOB" --help | sed -n '/^Commands:/,/^$/p' |
    awk 'NR > 1 && NF { print $1 }' | sort -u)
like "$commands" '^add$' "ucjob --help lists the commands"

# Long options that man/ucjob.1 gives a command, inside .Ss Commands.
man_options() {
	awk -v cmd="$1" '
		/^\.Ss Commands/ { in_cmds = 1; next }
		in_cmds && /^\.S[hs] / { exit }
		!in_cmds { next }
		/^\.Bl/ { depth++ }
		/^\.El/ { depth-- }
		depth == 1 && /^\.It Cm / { cur = $3 }
		cur == cmd && /^\.It / {
			line = $0
			while (match(line, /Fl -[a-z][a-z-]*/)) {
				print "-" substr(line, RSTART + 3, RLENGTH - 3)
				line = substr(line, RSTART + RLENGTH)
			}
		}' "$MAN" | set_of
}

# The option lines ("  -i, --identity FILE ...") before the global ones.
help_options() {
	"$UCJOB" "$1" --help | sed '/^Global options/,$d' |
	    grep -E '^ +(-[A-Za-z0-9], )?--[a-z]' | sed 's/^ *-[A-Za-z0-9], //' |
	    awk '{ print $1 }' | set_of
}

# A command's own options: without the global ones, which every command
# takes (some help texts repeat one, like prune's --dry-run).
own() {
	for o in $1; do
		case " $GLOBAL " in *" $o "*) ;; *) printf '%s ' "$o" ;; esac
	done
}

bash_options() {
	bash -c '. completions/ucjob.bash; _ucjob_command_options "$1"' bash "$1" |
	    tr ' ' '\n' | set_of
}

fish_options() {
	grep -E "__fish_seen_subcommand_from ([a-z ]* )?$1( |')" completions/ucjob.fish |
	    grep -oE -- ' -l [a-z-]+' | sed 's/ -l /--/' | set_of
}

zsh_options() {
	awk -v cmd="$1" '
		$0 ~ "^\t\t" cmd "\\)" { on = 1 }
		on { print }
		on && /;;/ { exit }' completions/_ucjob | sed 's/\$global//' |
	    sed "s/'\\[[^]]*\\]//g" | set_of
}

GLOBAL=$("$UCJOB" --help | sed -n '/^Global options/,/^$/p' | set_of)
for c in $commands; do
	[ "$c" = help ] && continue
	h=$(own "$(help_options "$c")")
	is "$(own "$(man_options "$c")")" "$h" "$c: man page and --help list the same long options"
	is "$(own "$(bash_options "$c")")" "$h" "$c: bash completion offers the same long options"
	is "$(own "$(fish_options "$c")")" "$h" "$c: fish completion offers the same long options"
	is "$(own "$(zsh_options "$c")")" "$h" "$c: zsh completion offers the same long options"
	width=$("$UCJOB" "$c" --help | awk '{ if (length > w) w = length } END { print w + 0 }')
	check "$c --help fits in 80 columns (widest: $width)" test "$width" -le 80
	last=$("$UCJOB" "$c" --help | sed '/^Global options/,$d' | sed '/^$/d' | tail -n 1)
	like "$last" '^  ucjob ' "$c --help ends with an example"
done

# The global options.
g_help=$("$UCJOB" --help | sed -n '/^Global options/,/^$/p' | set_of)
g_man=$(awk '/^\.Sh DESCRIPTION/ { on = 1 } /^\.Ss Commands/ { exit }
    on && /^\.It Fl/' "$MAN" | sed 's/Fl -/--/g' | set_of)
is "$g_man" "$g_help" "global options: man page and --help agree"
is "$(bash -c '. completions/ucjob.bash; echo "$_ucjob_global"' | tr ' ' '\n' | set_of)" \
    "$g_help" "global options: bash completion agrees"
is "$(grep -E '^complete -c ucjob( -s [A-Za-z])? -l' completions/ucjob.fish |
    grep -v -- ' -n ' | grep -oE -- ' -l [a-z-]+' | sed 's/ -l /--/' | set_of)" \
    "$g_help" "global options: fish completion agrees"
is "$(sed -n '/^\tglobal=(/,/^\t)/p' completions/_ucjob | sed "s/'\\[[^]]*\\]//g" | set_of)" \
    "$g_help" "global options: zsh completion agrees"
width=$("$UCJOB" --help | awk '{ if (length > w) w = length } END { print w + 0 }')
check "ucjob --help fits in 80 columns (widest: $width)" test "$width" -le 80

# Asking for help is no usage error; a missing command is, on stderr.
run "$UCJOB" help --help
is "$STATUS:$ERR" "0:" "ucjob help --help exits 0, nothing on stderr"
like "$OUT" '^Commands:' "ucjob help --help prints the overview"
run "$UCJOB"
is "$STATUS:$OUT" "2:" "ucjob without a command exits 2, nothing on stdout"
like "$ERR" '^usage: ucjob' "ucjob without a command prints the usage on stderr"

# Every command of --help has a completion entry in each shell.
for c in $commands; do
	check "bash completion knows $c" grep -q "_ucjob_commands=\".*\\b$c\\b" completions/ucjob.bash
	check "fish completion knows $c" grep -q -- "-a $c " completions/ucjob.fish
	check "zsh completion knows $c" grep -q "'$c:" completions/_ucjob
done

if command -v mandoc >/dev/null 2>&1; then
	for m in man/ucjob.1 man/ucjob.conf.5; do
		run mandoc -Tlint -W warning "$m"
		is "$OUT$ERR" "" "mandoc -Tlint finds nothing in $m"
		# At style level, only manuals not installed here (and a
		# stale mandoc.db) may be reported.
		run mandoc -Tlint -W style "$m"
		is "$(printf '%s\n%s\n' "$OUT" "$ERR" | grep . |
		    grep -v -e 'STYLE: referenced manual not found' \
		    -e 'outdated mandoc.db')" "" \
		    "mandoc -Tlint -W style reports only missing manuals in $m"
	done
else
	skip "mandoc -Tlint" "mandoc is not installed"
fi

# README.md: the front page.
lines=$(wc -l <README.md | tr -d ' ')
check "README.md is a front page of at most 130 lines ($lines)" test "$lines" -le 130
is "$(grep -m 2 -o '^    make [a-z]*' README.md | tr '\n' ' ')" \
    "    make demo     make check " "README.md opens with make demo and make check"
for ref in 'ucjob(1)' 'ucjob.conf(5)' HACKING LICENSE; do
	check "README.md points to $ref" grep -qF "$ref" README.md
done
check "HACKING is there" test -s HACKING
check "LICENSE is the ISC license" grep -q '^ISC License' LICENSE
grep -q '^\.Os$' man/ucjob.1 && grep -q '^\.Os$' man/ucjob.conf.5 &&
	ok "the man pages say .Os without arguments" ||
	fail "the man pages say .Os without arguments"

done_testing
