/*
 * validate: the rules for every value ucjob writes into an ssh config
 * (SPEC.md section 3, rule 7).  Pure functions over strings; no I/O.
 * A value that passes here can be written on a config line without
 * quoting tricks: it holds no whitespace controls, '#', quotes or newlines.
 */
#ifndef UCJOB_VALIDATE_H
#define UCJOB_VALIDATE_H

#include <stddef.h>

/* Port 1-65535 written in decimal digits only; 0 and sets *port on success. */
int	port_parse(const char *s, int *port);

/* Alias: [A-Za-z0-9._-]+, not starting with '-'; at most 255 bytes. */
int	alias_valid(const char *s);

/* Host: a DNS name (letters, digits, '-', '.', '_') or an IP literal
 * (IPv4 dotted quad, or IPv6 without brackets, as HostName takes it). */
int	host_valid(const char *s);

/* User name: [A-Za-z0-9._-]+ (plus '$' at the end, as Samba uses). */
int	user_valid(const char *s);

/* Job id: [A-Za-z0-9._-]+. */
int	job_valid(const char *s);

/* A free value (a path, an option argument): printable, no control
 * characters, no '#', no quotes, no backslash, not empty.  Spaces are
 * allowed only when allow_space is set (the writer then quotes it). */
int	value_valid(const char *s, int allow_space);

/* A path written into an ssh config (IdentityFile, UserKnownHostsFile):
 * value_valid(s, 1), and no '%' or "${", which ssh would expand as
 * tokens and environment variables. */
int	path_valid(const char *s);

/* ssh_config keyword known to OpenSSH 9.x (case-insensitive). */
int	ssh_keyword_known(const char *kw);

/* Keywords that ucjob itself writes in every entry (HostName, Port, ...):
 * an extra option must not name them. */
int	ssh_keyword_managed(const char *kw);

/* Keywords that run a program, load code or weaken the host-key check
 * (ProxyCommand, KnownHostsCommand, UserKnownHostsFile, ...). */
int	ssh_keyword_unsafe(const char *kw);

/*
 * Why kw may not be an extra option (options setting, add -o): managed
 * by ucjob, or unsafe and not named in allow (the allow-options
 * setting).  NULL when it may.
 */
const char *ssh_keyword_refusal(const char *kw, const char *const *allow,
	    size_t nallow);

/*
 * Text from a server, a config read back or a job reaching a terminal:
 * the one rule for what may be shown as it is.  visible_step looks at
 * the character starting at s (n > 0 bytes left): it returns its length
 * in bytes and sets *bad when it must not be shown: a C0 control, DEL,
 * a C1 control (U+0080-U+009F, as UTF-8 or as a raw byte) or a byte
 * that starts no valid UTF-8 sequence (then the length is 1).
 */
size_t	visible_step(const char *s, size_t n, int *bad);

/*
 * Copy at most n bytes of s (up to a NUL) into out, each character
 * visible_step calls bad replaced by '?', never cutting a character in
 * two; out is always NUL-terminated.  out may be s itself.
 */
void	visible_copy(const char *s, size_t n, char *out, size_t outlen);

#endif
