# tests/lib/ucloud.sh - sourced by TAP tests (after lib.sh) that talk to the
# local UCloud double, tests/ucloud/server.py.
#
# Owns: the test CA and server certificate (made with openssl in the test's
# temporary directory), starting the server on a random loopback port and
# stopping it by PID at exit, the server's state file and request log.
# tests/ucloud/README.md describes the state file and the fixtures.
#
#   . "$(dirname "$0")/lib/lib.sh"
#   . "$(dirname "$0")/lib/ucloud.sh"
#   ucloud_start queued-running slurm    # base.json + these fixtures
#   curl --cacert "$UCLOUD_CA" "$UCLOUD_URL/api/jobs/browse" ...
#   ucloud_patch '{"step": 1}'           # the jobs move on
#   ucloud_requests                      # what the server received
#   ucloud_stop                          # the server goes away
#
# Exported after ucloud_start:
#   UCLOUD_URL        https://127.0.0.1:PORT (no trailing slash)
#   UCLOUD_HOST_URL   https://localhost:PORT (the certificate names both)
#   UCLOUD_CA         PEM file of the CA that signed the server certificate
#   UCLOUD_WRONG_CA   PEM file of another CA (the server's certificate does
#                     not verify against it)
#   UCLOUD_STATE      the state file the server reads
#   UCLOUD_LOG        the request log (one JSON object a line)
#   UCLOUD_PID        the server's process id
#   UCLOUD_PYTHON     the python3 interpreter itself (not a pyenv-style
#                     shim, which costs a tenth of a second a start)
# The tokens of tests/ucloud/fixtures/base.json (t0600 proves each works
# as its name says):
#   UCLOUD_API_TOKEN            alice, personal workspace
#   UCLOUD_API_TOKEN_PROJECT    alice, project lab-1 ("Lab One")
#   UCLOUD_API_TOKEN_EXPIRED    alice, expired
#   UCLOUD_API_TOKEN_REVOKED    alice, revoked
#   UCLOUD_API_TOKEN_BOB        bob, personal workspace
#   UCLOUD_REFRESH_TOKEN        alice's browser session
#   UCLOUD_REFRESH_TOKEN_EXPIRED

UCLOUD_API_TOKEN=uc1a2b-0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff
UCLOUD_API_TOKEN_PROJECT=uc3c4d-1111111111111111111111111111111111111111111111111111111111111111
UCLOUD_API_TOKEN_EXPIRED=uc5e6f-2222222222222222222222222222222222222222222222222222222222222222
UCLOUD_API_TOKEN_REVOKED=uc7a8b-3333333333333333333333333333333333333333333333333333333333333333
UCLOUD_API_TOKEN_BOB=uc9c0d-4444444444444444444444444444444444444444444444444444444444444444
UCLOUD_REFRESH_TOKEN=a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90
UCLOUD_REFRESH_TOKEN_EXPIRED=5555555555555555555555555555555555555555555555555555555555555555
export UCLOUD_API_TOKEN UCLOUD_API_TOKEN_PROJECT UCLOUD_API_TOKEN_EXPIRED \
    UCLOUD_API_TOKEN_REVOKED UCLOUD_API_TOKEN_BOB UCLOUD_REFRESH_TOKEN \
    UCLOUD_REFRESH_TOKEN_EXPIRED

UCLOUD_DIR=$TMPD/ucloud
UCLOUD_FIXTURES=$TOP/tests/ucloud/fixtures

# _ucloud_merge FIXTURE...: print base.json merged with the fixtures (a
# name is tests/ucloud/fixtures/NAME.json; anything with a slash is a
# path): lists are joined, objects merged, other values replaced.
_ucloud_merge() {
	"$UCLOUD_PYTHON" - "$UCLOUD_FIXTURES/base.json" "$@" <<'EOF'
import json, os, sys
fixtures = os.path.dirname(sys.argv[1])
def merge(a, b):
    for k, v in b.items():
        if isinstance(v, list) and isinstance(a.get(k), list):
            a[k] = a[k] + v
        elif isinstance(v, dict) and isinstance(a.get(k), dict):
            merge(a[k], v)
        else:
            a[k] = v
    return a
state = {}
for name in sys.argv[1:]:
    path = name if "/" in name else os.path.join(fixtures, name + ".json")
    with open(path) as f:
        merge(state, json.load(f))
json.dump(state, sys.stdout, indent=1)
EOF
}

# _ucloud_install FILE: make FILE the server's state in one rename (the
# server sees a new file, never a half-written one).
_ucloud_install() {
	mv -f "$1" "$UCLOUD_STATE"
}

# ucloud_state FIXTURE...: replace the world by base.json plus FIXTUREs.
# ucloud_state - : replace it by the JSON on stdin, as it is.
ucloud_state() {
	if [ "$1" = - ]; then
		cat >"$UCLOUD_STATE.new" || return 1
	else
		_ucloud_merge "$@" >"$UCLOUD_STATE.new" || return 1
	fi
	_ucloud_install "$UCLOUD_STATE.new"
}

# ucloud_patch JSON: set the top-level keys of the JSON object in the
# state (replacing them): '{"step": 2}', '{"faults": [...]}'.
ucloud_patch() {
	"$UCLOUD_PYTHON" - "$UCLOUD_STATE" "$1" >"$UCLOUD_STATE.new" <<'EOF' || return 1
import json, sys
with open(sys.argv[1]) as f:
    state = json.load(f)
state.update(json.loads(sys.argv[2]))
json.dump(state, sys.stdout, indent=1)
EOF
	_ucloud_install "$UCLOUD_STATE.new"
}

# ucloud_requests: print the request log, one JSON object a line, oldest
# first: {"method","path","rawQuery","query":{name:[values]},
# "headers":{name:value},"body","time"}.
ucloud_requests() {
	cat "$UCLOUD_LOG"
}

# ucloud_requests_clear: forget the requests so far.
ucloud_requests_clear() {
	: >"$UCLOUD_LOG"
}

# ucloud_stop: stop the server now (its port then refuses connections).
ucloud_stop() {
	if [ -n "${UCLOUD_PID:-}" ]; then
		kill "$UCLOUD_PID" 2>/dev/null
		wait "$UCLOUD_PID" 2>/dev/null
		# Never signal the number again: it may be another process's.
		UCLOUD_PID=
	fi
	return 0
}

# _ucloud_certs: a CA, a server certificate it signs (127.0.0.1 and
# localhost), and an unrelated CA. EC keys: quick to make.
_ucloud_certs() {
	(
	cd "$UCLOUD_DIR" || exit 1
	for ca in ca wrong-ca; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		    -nodes -keyout "$ca.key" -out "$ca.pem" -days 2 \
		    -subj "/CN=ucjob test $ca" \
		    -addext basicConstraints=critical,CA:TRUE \
		    -addext keyUsage=critical,keyCertSign,cRLSign || exit 1
	done
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout server.key -out server.csr -subj /CN=127.0.0.1 || exit 1
	printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
	    'basicConstraints=CA:FALSE' 'extendedKeyUsage=serverAuth' >server.ext
	openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
	    -CAcreateserial -out server.pem -days 2 -extfile server.ext || exit 1
	) >"$UCLOUD_DIR/openssl.log" 2>&1
}

# ucloud_start [FIXTURE...]: make the certificates, write the state
# (base.json plus FIXTUREs), start the server, wait (at most 10 s) until it
# has written its port, and stop it at exit. Bails out when it cannot.
ucloud_start() {
	command -v python3 >/dev/null 2>&1 || skip_all "python3 is missing"
	command -v openssl >/dev/null 2>&1 || skip_all "openssl is missing"
	UCLOUD_PYTHON=$(python3 -c 'import sys; print(sys.executable)') &&
	    [ -x "$UCLOUD_PYTHON" ] || skip_all "python3 does not run"
	mkdir -p "$UCLOUD_DIR" || exit 1
	UCLOUD_STATE=$UCLOUD_DIR/state.json
	UCLOUD_LOG=$UCLOUD_DIR/requests.jsonl
	UCLOUD_CA=$UCLOUD_DIR/ca.pem
	UCLOUD_WRONG_CA=$UCLOUD_DIR/wrong-ca.pem
	if ! _ucloud_certs; then
		echo "Bail out! openssl could not make the test certificates"
		sed 's/^/# /' "$UCLOUD_DIR/openssl.log"
		exit 1
	fi
	ucloud_state "$@" || {
		echo "Bail out! cannot write the UCloud state"
		exit 1
	}
	rm -f "$UCLOUD_DIR/port"
	"$UCLOUD_PYTHON" "$TOP/tests/ucloud/server.py" --state "$UCLOUD_STATE" \
	    --cert "$UCLOUD_DIR/server.pem" --key "$UCLOUD_DIR/server.key" \
	    --port-file "$UCLOUD_DIR/port" --log "$UCLOUD_LOG" \
	    </dev/null >"$UCLOUD_DIR/server.out" 2>&1 &
	UCLOUD_PID=$!
	add_cleanup ucloud_stop
	_ucloud_tries=0
	while [ ! -s "$UCLOUD_DIR/port" ]; do
		if ! kill -0 "$UCLOUD_PID" 2>/dev/null ||
		    [ "$_ucloud_tries" -ge 200 ]; then
			echo "Bail out! the UCloud double did not start"
			sed 's/^/# /' "$UCLOUD_DIR/server.out"
			exit 1
		fi
		_ucloud_tries=$((_ucloud_tries + 1))
		sleep 0.05
	done
	_ucloud_port=$(cat "$UCLOUD_DIR/port")
	UCLOUD_URL=https://127.0.0.1:$_ucloud_port
	UCLOUD_HOST_URL=https://localhost:$_ucloud_port
	export UCLOUD_URL UCLOUD_HOST_URL UCLOUD_CA UCLOUD_WRONG_CA \
	    UCLOUD_STATE UCLOUD_LOG UCLOUD_PID UCLOUD_PYTHON
}
