/*
 * sha1: SHA-1 (FIPS 180-4) and HMAC-SHA1 (RFC 2104), only to recognise
 * the names hidden in hashed known_hosts lines ("|1|SALT|HASH", where
 * HASH is HMAC-SHA1 keyed with SALT over the name).  Pure: no I/O, no
 * allocation.  Never use it to protect anything: SHA-1 is broken for
 * collisions, and ucjob needs only to ask whether a name matches.
 */
#ifndef UCJOB_SHA1_H
#define UCJOB_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_LEN	20
#define SHA1_BLOCK_LEN	64

struct sha1_ctx {
	uint32_t	h[5];
	uint64_t	bytes;			/* message length so far */
	unsigned char	block[SHA1_BLOCK_LEN];	/* a partial block */
	size_t		used;			/* bytes in block */
};

void	sha1_init(struct sha1_ctx *ctx);
void	sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
/* Pad, write the digest to out and leave ctx to be initialised again. */
void	sha1_final(struct sha1_ctx *ctx, unsigned char out[SHA1_DIGEST_LEN]);

/* The digest of data in one call. */
void	sha1(const void *data, size_t len, unsigned char out[SHA1_DIGEST_LEN]);

/* HMAC-SHA1 of msg under key (a key longer than a block is hashed first). */
void	hmac_sha1(const void *key, size_t keylen, const void *msg,
	    size_t msglen, unsigned char out[SHA1_DIGEST_LEN]);

#endif
