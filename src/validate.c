/*
 * validate: the checks that keep anything typed or pasted from injecting
 * options into an ssh config (SPEC.md section 3, rule 7).  Pure functions.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate.h"

/* ssh_config(5) keywords of OpenSSH 9.2, plus the old names it still
 * accepts.  Host, Match and Include shape the file and are not options. */
static const char *const ssh_keywords[] = {
	"AddKeysToAgent", "AddressFamily", "BatchMode", "BindAddress",
	"BindInterface", "CASignatureAlgorithms", "CanonicalDomains",
	"CanonicalizeFallbackLocal", "CanonicalizeHostname",
	"CanonicalizeMaxDots", "CanonicalizePermittedCNAMEs",
	"CertificateFile", "ChallengeResponseAuthentication", "CheckHostIP",
	"Ciphers", "ClearAllForwardings", "Compression", "ConnectTimeout",
	"ConnectionAttempts", "ControlMaster", "ControlPath",
	"ControlPersist", "DynamicForward", "EnableEscapeCommandline",
	"EnableSSHKeysign", "EscapeChar", "ExitOnForwardFailure",
	"FingerprintHash", "ForkAfterAuthentication", "ForwardAgent",
	"ForwardX11", "ForwardX11Timeout", "ForwardX11Trusted",
	"GSSAPIAuthentication", "GSSAPIClientIdentity",
	"GSSAPIDelegateCredentials", "GSSAPIKexAlgorithms",
	"GSSAPIKeyExchange", "GSSAPIRenewalForcesRekey",
	"GSSAPIServerIdentity", "GSSAPITrustDns", "GatewayPorts",
	"GlobalKnownHostsFile", "HashKnownHosts", "HostKeyAlgorithms",
	"HostKeyAlias", "HostbasedAcceptedAlgorithms",
	"HostbasedAuthentication", "HostbasedKeyTypes", "Hostname", "IPQoS",
	"IdentitiesOnly", "IdentityAgent", "IdentityFile", "IgnoreUnknown",
	"KbdInteractiveAuthentication", "KbdInteractiveDevices",
	"KexAlgorithms", "KnownHostsCommand", "LocalCommand", "LocalForward",
	"LogLevel", "LogVerbose", "MACs", "NoHostAuthenticationForLocalhost",
	"NumberOfPasswordPrompts", "PKCS11Provider", "PasswordAuthentication",
	"PermitLocalCommand", "PermitRemoteOpen", "Port",
	"PreferredAuthentications", "ProxyCommand", "ProxyJump",
	"ProxyUseFdpass", "PubkeyAcceptedAlgorithms", "PubkeyAcceptedKeyTypes",
	"PubkeyAuthentication", "RekeyLimit", "RemoteCommand",
	"RemoteForward", "RequestTTY", "RequiredRSASize", "RevokedHostKeys",
	"SecurityKeyProvider", "SendEnv", "ServerAliveCountMax",
	"ServerAliveInterval", "SessionType", "SetEnv", "StdinNull",
	"StreamLocalBindMask", "StreamLocalBindUnlink",
	"StrictHostKeyChecking", "SyslogFacility", "TCPKeepAlive", "Tunnel",
	"TunnelDevice", "UpdateHostKeys", "User", "UserKnownHostsFile",
	"VerifyHostKeyDNS", "VisualHostKey", "XAuthLocation",
};

/* What every entry already sets; an extra option would never win. */
static const char *const managed_keywords[] = {
	"Hostname", "Port", "User", "IdentityFile", "IdentitiesOnly",
	"HostKeyAlias", "UserKnownHostsFile", "CheckHostIP",
	"StrictHostKeyChecking", "LocalForward",
	"HashKnownHosts",
};

/* What runs a program or loads code (ProxyCommand, a PKCS#11 library),
 * or weakens the host-key check: refused as an extra option unless the
 * allow-options setting names it. */
static const char *const unsafe_keywords[] = {
	"GlobalKnownHostsFile", "KnownHostsCommand", "LocalCommand",
	"NoHostAuthenticationForLocalhost", "PKCS11Provider",
	"PermitLocalCommand", "ProxyCommand", "ProxyUseFdpass",
	"RemoteCommand", "RevokedHostKeys", "SecurityKeyProvider",
	"StrictHostKeyChecking", "UserKnownHostsFile", "VerifyHostKeyDNS",
	"XAuthLocation",
};

static int
in_list(const char *kw, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(kw, list[i]) == 0)
			return 1;
	return 0;
}

int
ssh_keyword_known(const char *kw)
{
	return in_list(kw, ssh_keywords,
	    sizeof(ssh_keywords) / sizeof(ssh_keywords[0]));
}

int
ssh_keyword_managed(const char *kw)
{
	return in_list(kw, managed_keywords,
	    sizeof(managed_keywords) / sizeof(managed_keywords[0]));
}

const char *
ssh_keyword_refusal(const char *kw, const char *const *allow, size_t nallow)
{
	if (strcasecmp(kw, "StrictHostKeyChecking") == 0)
		return "is set by ucjob itself: choose it with the "
		    "host-key-checking setting (ask or accept-new)";
	if (ssh_keyword_managed(kw))
		return "is set by ucjob itself; use the matching ucjob option "
		    "instead";
	if (in_list(kw, unsafe_keywords, sizeof(unsafe_keywords) /
	    sizeof(unsafe_keywords[0])) && !in_list(kw, allow, nallow))
		return "runs a program or weakens the host-key check; name it "
		    "in the allow-options setting to allow it (see "
		    "ucjob.conf(5))";
	return NULL;
}

int
ssh_keyword_unsafe(const char *kw)
{
	return in_list(kw, unsafe_keywords, sizeof(unsafe_keywords) /
	    sizeof(unsafe_keywords[0]));
}

int
port_parse(const char *s, int *port)
{
	long v = 0;
	size_t i;

	if (s == NULL || s[0] == '\0' || strlen(s) > 5)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int
is_name_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int
name_valid(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= max || !is_name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

int
alias_valid(const char *s)
{
	return name_valid(s, 255);
}

int
job_valid(const char *s)
{
	return name_valid(s, 128);
}

int
user_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '$') {
		char buf[256];

		if (n >= sizeof(buf))
			return 0;
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		return name_valid(buf, 255);
	}
	return name_valid(s, 255);
}

/* An IPv6 literal as inet_pton(3) reads it (ssh passes it on as is). */
static int
ipv6_valid(const char *s)
{
	struct in6_addr a;

	return inet_pton(AF_INET6, s, &a) == 1;
}

int
host_valid(const char *s)
{
	size_t i, n;

	if (s == NULL || s[0] == '\0')
		return 0;
	/* "[::1]" is URL syntax: HostName takes the bare address. */
	if (strchr(s, ':') != NULL)
		return ipv6_valid(s);
	n = strlen(s);
	if (n > 253 || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!is_name_char((unsigned char)s[i]))
			return 0;
	return 1;
}

int
value_valid(const char *s, int allow_space)
{
	const unsigned char *p;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '#' || *p == '"' ||
		    *p == '\'' || *p == '\\')
			return 0;
		if (*p == ' ' && !allow_space)
			return 0;
	}
	/* Leading or trailing spaces would not survive ssh's tokenizer. */
	if (s[0] == ' ' || s[strlen(s) - 1] == ' ')
		return 0;
	return 1;
}

int
path_valid(const char *s)
{
	return value_valid(s, 1) && strchr(s, '%') == NULL &&
	    strstr(s, "${") == NULL;
}

size_t
visible_step(const char *s, size_t n, int *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int cp, min;
	size_t len, i;

	*bad = 1;
	if (p[0] < 0x80) {
		*bad = p[0] < 0x20 || p[0] == 0x7f;
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else
		return 1;	/* a raw C1 byte, or no lead byte */
	if (len > n)
		return 1;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 1;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and past U+10FFFF are no UTF-8. */
	if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 1;
	*bad = cp <= 0x9f;
	return len;
}

void
visible_copy(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i, j, step, len;
	int bad;

	if (outlen == 0)
		return;
	for (len = 0; len < n && s[len] != '\0'; len++)
		;
	/* j never passes i, so out may be s. */
	for (i = 0, j = 0; i < len; i += step) {
		step = visible_step(s + i, len - i, &bad);
		if (bad) {
			if (j + 1 >= outlen)
				break;
			out[j++] = '?';
			step = 1;
			continue;
		}
		if (j + step >= outlen)
			break;
		memmove(out + j, s + i, step);
		j += step;
	}
	out[j] = '\0';
}
