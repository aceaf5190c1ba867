/*
 * identity: what a named key file is, and which key pairs ~/.ssh holds.
 * Only stat(2) and glob(3): nothing is printed, written or run.
 */
#include <sys/stat.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "identity.h"
#include "paths.h"
#include "xmalloc.h"

static int
ends_with_pub(const char *s)
{
	size_t n = strlen(s);

	return n > 4 && strcmp(s + n - 4, ".pub") == 0;
}

enum identity_verdict
identity_judge(const char *given, const char *expanded, char *hint,
    size_t hintlen)
{
	struct stat st;

	hint[0] = '\0';
	if (ends_with_pub(given)) {
		snprintf(hint, hintlen, "%.*s", (int)(strlen(given) - 4),
		    given);
		return IDENTITY_PUBLIC;
	}
	if (stat(expanded, &st) != 0)
		return IDENTITY_MISSING;
	return S_ISREG(st.st_mode) ? IDENTITY_OK : IDENTITY_NOT_FILE;
}

void
key_pairs_find(struct key_pairs *kp)
{
	char pattern[PATH_LEN], priv[PATH_LEN];
	struct stat st;
	glob_t g;
	size_t i, n;

	memset(kp, 0, sizeof(*kp));
	if ((size_t)snprintf(pattern, sizeof(pattern), "%s/.ssh/*.pub",
	    home_dir()) >= sizeof(pattern) || glob(pattern, 0, NULL, &g) != 0)
		return;
	kp->path = xcalloc(g.gl_pathc, sizeof(kp->path[0]));
	for (i = 0; i < g.gl_pathc; i++) {
		n = strlen(g.gl_pathv[i]) - 4;
		if (n >= sizeof(priv))
			continue;
		memcpy(priv, g.gl_pathv[i], n);
		priv[n] = '\0';
		if (stat(priv, &st) == 0 && S_ISREG(st.st_mode))
			kp->path[kp->n++] = xstrdup(priv);
	}
	globfree(&g);
}

void
key_pairs_free(struct key_pairs *kp)
{
	size_t i;

	for (i = 0; i < kp->n; i++)
		free(kp->path[i]);
	free(kp->path);
	memset(kp, 0, sizeof(*kp));
}

size_t
key_pairs_others(const struct key_pairs *kp, const char *used, char *out,
    size_t outlen)
{
	char shown[PATH_LEN];
	size_t i, n = 0, len = 0;

	out[0] = '\0';
	for (i = 0; i < kp->n; i++) {
		if (used != NULL && strcmp(kp->path[i], used) == 0)
			continue;
		if (path_for_config(kp->path[i], shown, sizeof(shown)) != 0)
			continue;
		if (len < outlen)
			len += (size_t)snprintf(out + len, outlen - len, "%s%s",
			    n > 0 ? ", " : "", shown);
		n++;
	}
	return n;
}

enum identity_verdict
identity_problem(const char *given, char *why, size_t whylen)
{
	enum identity_verdict v;
	char path[PATH_LEN], hint[PATH_LEN];

	why[0] = '\0';
	if (path_expand(given, path, sizeof(path)) != 0)
		snprintf(path, sizeof(path), "%s", given);
	switch ((v = identity_judge(given, path, hint, sizeof(hint)))) {
	case IDENTITY_OK:
		break;
	case IDENTITY_PUBLIC:
		snprintf(why, whylen, "identity file '%s' is a public key; ssh "
		    "needs the private one: did you mean %s?", given, hint);
		break;
	case IDENTITY_MISSING:
		snprintf(why, whylen, "identity file %s does not exist (yet); "
		    "ssh cannot log in with it until it does (ucjob key --file "
		    "%s --new makes it)", given, given);
		break;
	case IDENTITY_NOT_FILE:
		snprintf(why, whylen, "identity file %s is not a file", given);
		break;
	}
	return v;
}

int
key_pairs_advice(const char *used, const char *create, const char *key_type,
    char *out, size_t outlen)
{
	struct key_pairs kp;
	char others[PATH_LEN], first[PATH_LEN], shown[PATH_LEN];
	size_t n;

	key_pairs_find(&kp);
	n = key_pairs_others(&kp, used, others, sizeof(others));
	if (n > 0 && path_for_config(kp.path[used != NULL &&
	    strcmp(kp.path[0], used) == 0 && kp.n > 1 ? 1 : 0], first,
	    sizeof(first)) != 0)
		snprintf(first, sizeof(first), "FILE");
	key_pairs_free(&kp);
	if (used != NULL && n == 0)
		return -1;
	if (used != NULL) {
		if (path_for_config(used, shown, sizeof(shown)) != 0)
			snprintf(shown, sizeof(shown), "%s", used);
		snprintf(out, outlen, "using the key %s; ~/.ssh also holds %s "
		    "(choose one with -i %s or the identity-file setting)",
		    shown, others, first);
	}
	else if (n > 0)
		snprintf(out, outlen, "no key pair with a default name "
		    "(id_ed25519, id_ecdsa, id_rsa); ~/.ssh holds %s: choose "
		    "it with -i %s or the identity-file setting, or create %s "
		    "with: ssh-keygen -t %s -f %s", others, first, create,
		    key_type, create);
	else
		snprintf(out, outlen, "no key pair found; create %s with: "
		    "ssh-keygen -t %s -f %s", create, key_type, create);
	return 0;
}
