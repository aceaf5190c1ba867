# tests/bench/report.awk - the table and the targets of `make bench`,
# from the rows bench.sh collected, one per command and config:
#   hosts block bytes key median_ms runs peak_kib
# Variables: add_label, verify (1 when add verifies with ssh -G),
# peer_label, peer_why (why there is no peer, when there is none).
# POSIX awk only (Debian's default awk is mawk).

function label(k, b) {
	if (k == "floor") return "I/O floor (copy, fsync, rename)"
	if (k == "sshG") return "ssh -G -F FILE HOST"
	if (k == "peer") return peer_label
	if (k == "add") return add_label
	if (k == "addnokh") return add_label ", no known-hosts files"
	if (k == "addv") return "ucjob add (verifies with ssh -G)"
	if (k == "rm") return "ucjob rm"
	if (k == "rmnokh") return "ucjob rm, no known-hosts files"
	if (k == "names") return "ucjob list --names"
	if (k == "json") return "ucjob list --json"
	if (k == "keygenR") return "ssh-keygen -R ALIAS (ucjob's known hosts, " \
	    b " keys)"
	if (k == "keygenF") return "ssh-keygen -F [HOST]:PORT (~/.ssh/" \
	    "known_hosts, 200 hashed keys)"
	return k
}

function size(bytes) {
	if (bytes >= 1048576) return sprintf("%.1f MiB", bytes / 1048576)
	if (bytes >= 1024) return sprintf("%.0f KiB", bytes / 1024)
	return bytes " B"
}

function num(n) {
	return n >= 100000 ? sprintf("%d,%03d", n / 1000, n % 1000) : \
	    n >= 1000 ? sprintf("%d,%03d", n / 1000, n % 1000) : n
}

function ms(x) {
	return x >= 100 ? sprintf("%.0f ms", x) : x >= 10 ? \
	    sprintf("%.1f ms", x) : sprintf("%.2f ms", x)
}

function ratio(x) {
	return x >= 10 ? sprintf("%.0f×", x) : sprintf("%.2f×", x)
}

function has(h, b, k) {
	return ((h SUBSEP b SUBSEP k) in med)
}

function m(h, b, k) {
	return med[h, b, k]
}

function ucjob_key(k) {
	return k == "add" || k == "addnokh" || k == "addv" || k == "rm" || \
	    k == "rmnokh" || k == "names" || k == "json"
}

# The child a command runs, whose memory /usr/bin/time counts too.
function child(k) {
	# add's new job is in neither known-hosts file, so add runs no
	# ssh-keygen; rm's job is in ucjob's.
	if (k == "rm") return "ssh-keygen"
	if (k == "addv") return verify == 1 ? "ssh" : ""
	return ""
}

# target OK TEXT: one line of the target list.
function target(ok, text) {
	ntargets++
	if (ok == "") {
		nskipped++
		printf "- not measured: %s\n", text
		return
	}
	if (ok)
		nmet++
	printf "- %s: %s\n", ok ? "met" : "**NOT MET**", text
}

{
	h = $1; b = $2; k = $4
	if (!((h SUBSEP b) in seen)) {
		seen[h, b] = 1
		ncases++
		case_h[ncases] = h
		case_b[ncases] = b
		bytes[h, b] = $3
	}
	nkeys[h, b]++
	key[h, b, nkeys[h, b]] = k
	med[h, b, k] = $5
	runs[h, b, k] = $6
	peak[h, b, k] = $7
}

END {
	print "## Times and peak memory"
	print ""
	print "| hosts | ucjob block | config | command | median | runs | × floor | × ssh -G | 100k / 10k | peak RSS |"
	print "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
	for (c = 1; c <= ncases; c++) {
		h = case_h[c]; b = case_b[c]
		for (i = 1; i <= nkeys[h, b]; i++) {
			k = key[h, b, i]
			x = m(h, b, k)
			fl = has(h, b, "floor") && k != "floor" ? \
			    ratio(x / m(h, b, "floor")) : ""
			sg = has(h, b, "sshG") && k != "sshG" ? \
			    ratio(x / m(h, b, "sshG")) : ""
			lin = h == 100000 && has(10000, b, k) ? \
			    ratio(x / m(10000, b, k)) : ""
			pk = peak[h, b, k] == "-" ? "" : \
			    sprintf("%.1f MiB", peak[h, b, k] / 1024)
			if (pk != "" && child(k) != "")
				pk = pk " (" child(k) ")"
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			    num(h), num(b), size(bytes[h, b]), label(k, b),
			    ms(x), runs[h, b, k], fl, sg, lin, pk
		}
	}
	print ""
	print "## Targets (issue 7)"
	print ""

	h = 10000
	if (has(h, 10, "names") && has(h, 10, "sshG")) {
		r = m(h, 10, "names") / m(h, 10, "sshG")
		target(r <= 0.15, sprintf("list --names on 10,000 hosts ≤ 0.15× " \
		    "ssh -G on the same file: %.3f×", r))
		target(m(h, 10, "names") <= 3, sprintf("list --names on 10,000 " \
		    "hosts ≤ 3 ms median: %s", ms(m(h, 10, "names"))))
	} else {
		target("", "list --names on 10,000 hosts (no 10,000-host run)")
		target("", "list --names ≤ 3 ms (no 10,000-host run)")
	}
	if (has(h, 10, "add")) {
		r = m(h, 10, "add") / m(h, 10, "floor")
		target(r <= 1.5, sprintf("%s on 10,000 hosts ≤ 1.5× the I/O " \
		    "floor: %.2f× (%.2f× without known-hosts files)", add_label,
		    r, m(h, 10, "addnokh") / m(h, 10, "floor")))
	} else
		target("", "add on 10,000 hosts (no 10,000-host run)")
	if (verify != 1)
		target("", "add with verification ≤ 1.2× (ssh -G + I/O floor): " \
		    "this build's add does not verify (no --no-verify)")
	else if (has(h, 10, "addv")) {
		r = m(h, 10, "addv") / (m(h, 10, "sshG") + m(h, 10, "floor"))
		target(r <= 1.2, sprintf("add with verification on 10,000 hosts " \
		    "≤ 1.2× (ssh -G + I/O floor): %.2f×", r))
	} else
		target("", "add with verification (no 10,000-host run)")
	if (has(h, 10, "peer") && has(h, 10, "add")) {
		r = m(h, 10, "peer") / m(h, 10, "add")
		target(r >= 20, sprintf("%s ≥ 20× faster than the npm peer on " \
		    "10,000 hosts: %.0f×", add_label, r))
	} else
		target("", "the npm peer on 10,000 hosts: " \
		    (peer_why != "" ? peer_why : "no 10,000-host run"))

	# Linear growth, every ucjob command, each block size.
	for (c = 1; c <= ncases; c++) {
		h = case_h[c]; b = case_b[c]
		if (h != 100000)
			continue
		if (!((10000 SUBSEP b) in seen)) {
			target("", "linear growth with a block of " b \
			    " (no 10,000-host run)")
			continue
		}
		ok = 1; worst = 0; text = ""
		for (i = 1; i <= nkeys[h, b]; i++) {
			k = key[h, b, i]
			if (!ucjob_key(k) || !has(10000, b, k))
				continue
			r = m(h, b, k) / m(10000, b, k)
			if (r > 12)
				ok = 0
			text = text (text == "" ? "" : ", ") \
			    sprintf("%s %.1f×", label(k, b), r)
		}
		target(ok, "time at 100,000 hosts ≤ 12× the time at 10,000, " \
		    "block of " b ": " text)
	}
	if (!((100000 SUBSEP 10) in seen))
		target("", "linear growth (no 100,000-host run)")

	# Peak memory of ucjob's own process: the rows with no child (a
	# child's peak, ssh-keygen's, counts in /usr/bin/time's figure).
	ok = 1; worst = -1
	for (c = 1; c <= ncases; c++) {
		h = case_h[c]; b = case_b[c]
		for (i = 1; i <= nkeys[h, b]; i++) {
			k = key[h, b, i]
			if (peak[h, b, k] == "-" || child(k) != "")
				continue
			lim = 3 * bytes[h, b] + 4 * 1048576
			r = peak[h, b, k] * 1024 / lim
			if (r > 1)
				ok = 0
			if (r > worst) {
				worst = r
				wtext = sprintf("%s on %s hosts (block %s): %.1f MiB " \
				    "of %.1f MiB allowed", label(k, b), num(h), b,
				    peak[h, b, k] / 1024, lim / 1048576)
			}
		}
	}
	if (worst < 0)
		target("", "peak memory (no ucjob row)")
	else
		target(ok, "peak memory ≤ 3× the config's size + 4 MiB, every " \
		    "ucjob command that runs no child, on every config; the " \
		    "closest: " wtext)

	# A big block: adding or removing one job stays within the bounds.
	b = 1000
	if ((10000 SUBSEP b) in seen) {
		fl = m(10000, b, "floor")
		ra = m(10000, b, "add") / fl
		rr = m(10000, b, "rm") / fl
		target(ra <= 1.5 && rr <= 1.5, sprintf("with 1,000 ucjob " \
		    "entries on 10,000 hosts, add and rm ≤ 1.5× the I/O floor: " \
		    "add %.2f×, rm %.2f× (without known-hosts files: %.2f×, " \
		    "%.2f×; growth and memory: above)", ra, rr,
		    m(10000, b, "addnokh") / fl, m(10000, b, "rmnokh") / fl))
	} else
		target("", "a block of 1,000 entries (no 10,000-host run)")

	printf "\n%d of %d targets met", nmet, ntargets - nskipped
	if (nskipped)
		printf ", %d not measured", nskipped
	print "."

	print ""
	print "## What the rows are"
	print ""
	print "- I/O floor: tests/bench/iofloor.c reads the config, writes it to a"
	print "  new temporary beside a copy (O_EXCL, 0600), fsyncs it, renames it"
	print "  and fsyncs the directory: what any safe writer pays."
	print "- ssh -G: OpenSSH parsing the same file for a host near its end."
	print "- npm peer: tests/bench/peer.mjs with the ssh-config package: parse,"
	print "  append one Host, stringify, and the same safe write as ucjob."
	print "- ucjob add adds a new job (port 64999) to a fresh copy of the"
	print "  config; ucjob rm removes job 20005 of the block; the list commands"
	print "  read the config. Each run starts from fresh copies of the config"
	print "  and of the known-hosts files (hyperfine --prepare, not timed)."
	print "- Known hosts: as for a user who has connected to every job once,"
	print "  ucjob's known-hosts file holds each job's alias in the clear"
	print "  (ucjob's entries say HashKnownHosts no) and ~/.ssh/known_hosts holds"
	print "  200 other hosts, hashed (Debian's default). add looks in both: it"
	print "  runs `ssh-keygen -R` only when its own file names the alias, and"
	print "  `ssh-keygen -F [HOST]:PORT` on ~/.ssh/known_hosts only when that"
	print "  file names it (it hashes the name with each hashed line's salt),"
	print "  so for the new job neither runs; rm runs `ssh-keygen -R` for the"
	print "  alias it removes. The rows \"no known-hosts files\" run without"
	print "  either file, so without any ssh-keygen; the ssh-keygen rows time"
	print "  those programs alone."
	if (has(10000, 10, "keygenF"))
		printf "  On 10,000 hosts, block of 10: ssh-keygen -F alone takes " \
		    "%.2f× the I/O floor and -R %.2f×; add costs %s more with the " \
		    "files than without them, rm %s.\n",
		    m(10000, 10, "keygenF") / m(10000, 10, "floor"),
		    m(10000, 10, "keygenR") / m(10000, 10, "floor"),
		    ms(m(10000, 10, "add") - m(10000, 10, "addnokh")),
		    ms(m(10000, 10, "rm") - m(10000, 10, "rmnokh"))
	print "- Peak RSS is /usr/bin/time's maximum resident set size, which"
	print "  includes a child's (ssh-keygen's, ssh's) when the command ran one."
}
