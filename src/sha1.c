/*
 * sha1: SHA-1 as FIPS 180-4 section 6.1 defines it (80 rounds over
 * 512-bit blocks, big-endian words), and HMAC as RFC 2104 builds it on a
 * hash.  Pure: it never reads or writes anything but its arguments.
 */
#include <string.h>

#include "sha1.h"

#define ROTL(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))

static uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* FIPS 180-4 6.1.2: process one 64-byte block into the hash value. */
static void
sha1_block(uint32_t h[5], const unsigned char *m)
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = load_be32(m + 4 * i);
	for (; i < 80; i++)
		w[i] = ROTL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) ^ (~b & d);		/* Ch */
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;			/* Parity */
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) ^ (b & d) ^ (c & d);	/* Maj */
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = ROTL(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = ROTL(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void
sha1_init(struct sha1_ctx *ctx)
{
	/* FIPS 180-4 5.3.1 */
	ctx->h[0] = 0x67452301;
	ctx->h[1] = 0xefcdab89;
	ctx->h[2] = 0x98badcfe;
	ctx->h[3] = 0x10325476;
	ctx->h[4] = 0xc3d2e1f0;
	ctx->bytes = 0;
	ctx->used = 0;
}

void
sha1_update(struct sha1_ctx *ctx, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;

	if (len == 0)
		return;
	ctx->bytes += len;
	if (ctx->used > 0) {
		n = SHA1_BLOCK_LEN - ctx->used;
		if (n > len)
			n = len;
		memcpy(ctx->block + ctx->used, p, n);
		ctx->used += n;
		p += n;
		len -= n;
		if (ctx->used < SHA1_BLOCK_LEN)
			return;
		sha1_block(ctx->h, ctx->block);
		ctx->used = 0;
	}
	for (; len >= SHA1_BLOCK_LEN; p += SHA1_BLOCK_LEN,
	    len -= SHA1_BLOCK_LEN)
		sha1_block(ctx->h, p);
	memcpy(ctx->block, p, len);
	ctx->used = len;
}

void
sha1_final(struct sha1_ctx *ctx, unsigned char out[SHA1_DIGEST_LEN])
{
	uint64_t bits = ctx->bytes * 8;
	int i;

	/* FIPS 180-4 5.1.1: a 1 bit, zeros to 448 mod 512, the length. */
	ctx->block[ctx->used++] = 0x80;
	if (ctx->used > SHA1_BLOCK_LEN - 8) {
		memset(ctx->block + ctx->used, 0, SHA1_BLOCK_LEN - ctx->used);
		sha1_block(ctx->h, ctx->block);
		ctx->used = 0;
	}
	memset(ctx->block + ctx->used, 0, SHA1_BLOCK_LEN - 8 - ctx->used);
	store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->block + 60, (uint32_t)bits);
	sha1_block(ctx->h, ctx->block);
	for (i = 0; i < 5; i++)
		store_be32(out + 4 * i, ctx->h[i]);
	sha1_init(ctx);
}

void
sha1(const void *data, size_t len, unsigned char out[SHA1_DIGEST_LEN])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, data, len);
	sha1_final(&ctx, out);
}

void
hmac_sha1(const void *key, size_t keylen, const void *msg, size_t msglen,
    unsigned char out[SHA1_DIGEST_LEN])
{
	unsigned char k[SHA1_BLOCK_LEN], pad[SHA1_BLOCK_LEN];
	unsigned char inner[SHA1_DIGEST_LEN];
	struct sha1_ctx ctx;
	size_t i;

	/* RFC 2104: H(K ^ opad, H(K ^ ipad, text)), K zero-padded to B. */
	memset(k, 0, sizeof(k));
	if (keylen > SHA1_BLOCK_LEN)
		sha1(key, keylen, k);
	else if (keylen > 0)
		memcpy(k, key, keylen);

	for (i = 0; i < SHA1_BLOCK_LEN; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&ctx);
	sha1_update(&ctx, pad, sizeof(pad));
	sha1_update(&ctx, msg, msglen);
	sha1_final(&ctx, inner);

	for (i = 0; i < SHA1_BLOCK_LEN; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&ctx);
	sha1_update(&ctx, pad, sizeof(pad));
	sha1_update(&ctx, inner, sizeof(inner));
	sha1_final(&ctx, out);
}
