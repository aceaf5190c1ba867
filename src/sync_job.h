/*
 * sync_job: the account side that sync, wait and `add --job` share: a
 * job's SSH endpoint from its updates, one job fetched by id, when the
 * job last started, and when the account got a given public key.  What
 * the server sends is untrusted and read through endpoint.h and
 * ucloud.h.  It never prints: failures come back as one line in why.
 */
#ifndef UCJOB_SYNC_JOB_H
#define UCJOB_SYNC_JOB_H

#include <stddef.h>

#include "endpoint.h"
#include "http.h"
#include "ucloud.h"

/* The job's endpoint (endpoint_from_updates on its updates): 1 and *ep,
 * 0 when it has none, -1 when the line that would give it was refused
 * (why: one line without control characters). */
int	sync_job_endpoint(const struct ucloud_job *job, struct endpoint *ep,
	    char *why, size_t whylen);

/* GET /api/jobs/retrieve?id=ID&includeUpdates=true into *job (free it
 * with ucloud_job_free).  0, or -1 with why; *transient is then set when
 * the failure may pass (no answer, or a 5xx). */
int	sync_job_retrieve(const struct http_client *cl, const char *id,
	    struct ucloud_job *job, int *transient, char *why,
	    size_t whylen);

/* Whether state is final: SUCCESS, FAILURE or EXPIRED. */
int	sync_job_final(const char *state);

/* Unix ms of the job's last update whose state is RUNNING, or -1. */
long long sync_job_started(const struct ucloud_job *job);

/*
 * When the account got the key of line ("type base64 ..."): the newest
 * createdAt of the account's keys equal to it (GET /api/ssh/browse).
 * 0 and *created (-1 when the account has no such key), or -1 with why.
 */
int	sync_key_created(const struct http_client *cl, const char *line,
	    long long *created, char *why, size_t whylen);

#endif
