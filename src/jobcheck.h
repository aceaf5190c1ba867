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

/*
 * Connect to alias: ssh [-F] -o BatchMode=yes -o ConnectTimeout=N
 * -o ClearAllForwardings=yes -o ControlPath=none ALIAS true.  detail
 * gets ssh's error line when it did not get in.
 */
enum connect_result jobcheck_connect(const struct jobcheck *jc,
	    const char *alias, int timeout_s, char *detail, size_t detaillen);

#endif
