/*
 * fileperm_win32: the owner and access control list of a config, checked
 * the way the Windows port of OpenSSH checks them: the owner must be the
 * user, SYSTEM or the Administrators group, and only those may be
 * allowed to change the file.  It never changes a permission.
 */
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileperm_win32.h"

/* Access that lets someone change the file or its permissions. */
#define WRITE_ACCESS	(FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | \
			WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)

/* The user running ucjob (TOKEN_USER), malloc'ed, or NULL. */
static TOKEN_USER *
current_user(void)
{
	TOKEN_USER *user;
	HANDLE token;
	DWORD n = 0;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return NULL;
	(void)GetTokenInformation(token, TokenUser, NULL, 0, &n);
	if (n == 0 || (user = malloc(n)) == NULL) {
		CloseHandle(token);
		return NULL;
	}
	if (!GetTokenInformation(token, TokenUser, user, n, &n)) {
		free(user);
		user = NULL;
	}
	CloseHandle(token);
	return user;
}

/* Whether sid is the user, SYSTEM or Administrators. */
static int
trusted(PSID sid, PSID me)
{
	return EqualSid(sid, me) || IsWellKnownSid(sid, WinLocalSystemSid) ||
	    IsWellKnownSid(sid, WinBuiltinAdministratorsSid);
}

/* "DOMAIN\name" of sid, else its S-1-... form, into buf (UTF-8). */
static const char *
sid_name(PSID sid, char *buf, size_t len)
{
	wchar_t name[256], domain[256], *text = NULL;
	DWORD nn = 256, nd = 256;
	SID_NAME_USE use;
	char *s = NULL, *d = NULL;

	if (LookupAccountSidW(NULL, sid, name, &nn, domain, &nd, &use) &&
	    (s = wide_to_utf8(name)) != NULL &&
	    (d = wide_to_utf8(domain)) != NULL)
		snprintf(buf, len, "%s%s%s", d, d[0] != '\0' ? "\\" : "", s);
	else if (ConvertSidToStringSidW(sid, &text) &&
	    (s = wide_to_utf8(text)) != NULL)
		snprintf(buf, len, "%s", s);
	else
		snprintf(buf, len, "an unknown account");
	free(s);
	free(d);
	if (text != NULL)
		LocalFree(text);
	return buf;
}

int
fileperm_check(void *handle, const char *path, char *why, size_t whylen,
    char *fix, size_t fixlen)
{
	PSECURITY_DESCRIPTOR sd = NULL;
	ACCESS_ALLOWED_ACE *ace;
	TOKEN_USER *me;
	PSID owner = NULL;
	PACL dacl = NULL;
	char who[300];
	DWORD i;
	int rc = 0;

	if (GetSecurityInfo((HANDLE)handle, SE_FILE_OBJECT,
	    OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
	    NULL, &dacl, NULL, &sd) != ERROR_SUCCESS)
		return 0;	/* a file system without ACLs (FAT) */
	if ((me = current_user()) == NULL) {
		LocalFree(sd);
		return 0;
	}
	if (owner != NULL && !trusted(owner, me->User.Sid)) {
		snprintf(why, whylen, "%s is owned by %s, not by you; OpenSSH "
		    "would refuse it too", path, sid_name(owner, who,
		    sizeof(who)));
		snprintf(fix, fixlen, "takeown /f \"%s\" (as an administrator)",
		    path);
		rc = 1;
	}
	for (i = 0; rc == 0 && dacl != NULL && i < dacl->AceCount; i++) {
		if (!GetAce(dacl, i, (void **)&ace) ||
		    ace->Header.AceType != ACCESS_ALLOWED_ACE_TYPE ||
		    (ace->Header.AceFlags & INHERIT_ONLY_ACE) != 0 ||
		    (ace->Mask & WRITE_ACCESS) == 0 ||
		    trusted((PSID)&ace->SidStart, me->User.Sid))
			continue;
		snprintf(why, whylen, "%s is writable by %s, which OpenSSH "
		    "refuses", path, sid_name((PSID)&ace->SidStart, who,
		    sizeof(who)));
		snprintf(fix, fixlen, "icacls \"%s\" /inheritance:r /grant:r "
		    "\"%%USERNAME%%:F\"", path);
		rc = 1;
	}
	free(me);
	LocalFree(sd);
	return rc;
}

int
fileperm_check_path(const char *path, char *why, size_t whylen, char *fix,
    size_t fixlen)
{
	wchar_t *w;
	HANDLE h;
	int rc;

	if ((w = path_to_wide(path)) == NULL)
		return -1;
	h = CreateFileW(w, READ_CONTROL, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE)
		return -1;
	rc = fileperm_check(h, path, why, whylen, fix, fixlen);
	CloseHandle(h);
	return rc;
}
