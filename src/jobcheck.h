/*
 * jobcheck: what check, prune and doctor share: the config holding the
 * block, read once, and for one entry the ssh -G comparison (verify.h)
 * and a real batch connection classified (parse_ssh.h).  It never
 * changes a file.
 */
#ifndef UCJOB_JOBCHECK_H
#define UCJOB_JOBCHECK_H

#include "parse_ssh.h"
#include "sshtok.h"
#include "ucjob.h"
#include "verify.h"

#define CONNECT_TIMEOUT_DEFAULT	10	/* seconds: ssh's ConnectTimeout */

struct jobcheck {
	struct ctx		*c;
	char			 path[PATH_LEN];	/* holds the block */
	char			*data;
	size_t			 len;
	struct config_doc	 doc;
	/* The config ssh reads first, scanned for winning lines: path
	 * itself, or ~/.ssh/config when the block lives in another file
	 * (rule 10). */
	char			 scan_path[PATH_LEN];
	char			*scan_data;
	size_t			 scan_len;
	size_t			 scan_stop;
	int			 separate;
	const char		*ssh_config;	/* -F for ssh, or NULL */
	char			 ssh_config_buf[PATH_LEN];
};

/* Load settings, find and read the config.  0 or an exit status after
 * printing why; on success the caller calls jobcheck_close. */
int	jobcheck_open(struct ctx *c, struct jobcheck *jc);
void	jobcheck_close(struct jobcheck *jc);

/* Entry i's alias into out. */
void	jobcheck_alias(const struct jobcheck *jc, size_t i, char *out,
	    size_t outlen);

/* Compare what ssh -G makes of entry i with the entry. */
enum verify_status jobcheck_verify(const struct jobcheck *jc, size_t i,
	    struct verify_result *res);

/* Probe ssh runs side by side at most. */
#define CONNECT_PARALLEL	8
/* The most bytes kept of what one probe sends back on each stream. */
#define CONNECT_OUTPUT_MAX	(64 * 1024)

/* One batch connection's outcome. */
struct jobcheck_conn {
	char			alias[256];	/* in: whom to connect to */
	enum connect_result	result;
	/* ssh's error line when it did not get in, control characters
	 * made '?': a job's text never drives the terminal. */
	char			detail[1024];
	/* The keys ssh offered, "FILE, FILE" (from ssh -v), or "". */
	char			offered[512];
};

/*
 * Connect to each conns[i].alias: ssh [-F CONFIG] -v -a -x
 * -o BatchMode=yes -o ConnectTimeout=N -o ClearAllForwardings=yes
 * -o ControlPath=none ALIAS true, CONNECT_PARALLEL at a time, what each
 * sends back bounded by CONNECT_OUTPUT_MAX.  done (may be NULL) is
 * called as each finishes, for progress output.
 */
void	jobcheck_connect_many(const struct jobcheck *jc,
	    struct jobcheck_conn *conns, size_t n, int timeout_s,
	    void (*done)(size_t index, void *arg), void *arg);

/* One alias, as jobcheck_connect_many; detail as conns' detail, with
 * the offered keys added when the key was locked or refused. */
enum connect_result jobcheck_connect(const struct jobcheck *jc,
	    const char *alias, int timeout_s, char *detail, size_t detaillen);

#endif
