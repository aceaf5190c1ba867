#!/usr/bin/env python3
"""tests/ucloud/server.py - a local stand-in for UCloud's HTTP API.

Owns the test double of the calls in UCLOUD-API.md and API-EXTRA.md (the
refresh exchange, logout, jobs browse/retrieve, ssh key create/browse/
delete, API token browse and project retrieve), with the shapes and error answers of UCloud's Go source
(core2/ and provider-integration/shared/ in SDU-eScience/UCloud). Python 3
standard library only.

Usage: server.py --state STATE.json --cert CERT.pem --key KEY.pem
                 --port-file FILE --log REQUESTS.jsonl [--host 127.0.0.1]

It binds a random free port on the loopback address, then writes the port
to --port-file (atomically), so a test polls for that file. The world (users,
tokens, jobs, keys, faults) is read from --state and read again whenever that
file changes; every request received is appended to --log as one JSON line.
tests/ucloud/README.md describes the state file.
"""

import argparse
import base64
import gzip
import http.server
import json
import os
import re
import secrets
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

FINAL_STATES = ("SUCCESS", "FAILURE", "EXPIRED")
JOB_STATES = ("IN_QUEUE", "RUNNING", "CANCELING", "SUSPENDED") + FINAL_STATES
# The key types UCloud accepts (core2/pkg/orchestrator/ssh.go, validPrefixes).
KEY_PREFIXES = (
    "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ssh-ed25519@openssh.com",
    "ssh-ed25519", "ssh-rsa",
)
DEFAULT_ACCESS_LIFETIME_MS = 10 * 60 * 1000


def now_ms():
    return int(time.time() * 1000)


class HttpError(Exception):
    """An answer other than 200: UCloud's error body unless raw is set."""

    def __init__(self, status, why, raw=None):
        Exception.__init__(self, why)
        self.status = status
        self.why = why
        self.raw = raw


def go_bool(text):
    """strconv.ParseBool, as UCloud's query parser uses it."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise HttpError(400, "Invalid request supplied")


def go_int(text):
    """strconv.ParseInt(text, 10, 64): an optional sign and digits."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise HttpError(400, "Invalid request supplied")
    value = int(text, 10)
    if not -2**63 <= value < 2**63:
        raise HttpError(400, "Invalid request supplied")
    return value


def query_get(query, name):
    """url.Values.Get: the first value, "" when absent (absent and empty
    are the same to UCloud's parser)."""
    values = query.get(name)
    return values[0] if values else ""


def items_per_page(number):
    """fndapi.ItemsPerPage: 50 by default, at most 1000."""
    if number <= 0:
        return 50
    return min(number, 1000)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class World:
    """The state file and what the server changed itself (keys created,
    access tokens issued, sessions ended). Guarded by one lock."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.stamp = None
        self.state = {}
        self.jobs = []
        self.keys = []
        self.keys_source = None
        self.next_key_id = 1
        self.access = {}        # JWT -> {"user", "expiresAt"}
        self.ended = set()      # refresh tokens logged out
        self.fault_hits = {}

    def refresh(self):
        """Read the state file again when it changed (caller holds lock)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp == self.stamp:
            return
        try:
            with open(self.path, encoding="utf-8") as f:
                state = json.load(f)
        except (OSError, ValueError) as e:
            # A half-written file: keep the old world, try next time.
            sys.stderr.write("server.py: cannot read the state: %s\n" % e)
            return
        self.stamp = stamp
        self.state = state
        self.fault_hits = {}
        # The jobs as of the state's step, newest first (the default
        # order of UCloud's browse), made once per version of the file.
        self.jobs = [self.visible_job(self.fill_job(j, i)) for i, j in
                     enumerate(state.get("jobs", []) + self.generated())]
        self.jobs.sort(key=lambda j: (-j["createdAt"],
                                      -int(j["id"]) if j["id"].isdigit() else 0))
        source = json.dumps(state.get("sshKeys", []), sort_keys=True)
        if source != self.keys_source:
            self.keys_source = source
            self.keys = [self.fill_key(k) for k in state.get("sshKeys", [])]
        ids = [int(k["id"]) for k in self.keys if str(k["id"]).isdigit()]
        self.next_key_id = max([self.next_key_id] + [i + 1 for i in ids])

    def generated(self):
        """Jobs made from "generateJobs" stanzas (for paging tests)."""
        out = []
        for g in self.state.get("generateJobs", []):
            first_id = int(g.get("firstId", 100000))
            first_port = int(g.get("firstPort", 20000))
            host = g.get("host", "ssh.cloud.sdu.dk")
            for n in range(int(g.get("count", 0))):
                port = first_port + n
                out.append({
                    "id": str(first_id + n),
                    "owner": {"createdBy": g.get("createdBy", "alice"),
                              "project": g.get("project")},
                    "specification": {"name": "gen-%d" % n},
                    "status": {"state": g.get("state", "RUNNING")},
                    "updates": [
                        {"state": "IN_QUEUE", "status": "Your job is now in the queue"},
                        {"state": g.get("state", "RUNNING"),
                         "status": "SSH: Connected! Available at: ssh ucloud@%s -p %d"
                         % (host, port)},
                    ],
                })
        return out

    def fill_job(self, job, index):
        """A job of the state with UCloud's other fields filled in."""
        job = json.loads(json.dumps(job))
        created = job.get("createdAt", 1764000000000 + index * 1000)
        job.setdefault("id", str(5000 + index))
        job["id"] = str(job["id"])
        job.setdefault("createdAt", created)
        owner = job.setdefault("owner", {})
        owner.setdefault("createdBy", "alice")
        owner.setdefault("project", None)
        spec = job.setdefault("specification", {})
        spec.setdefault("name", None)
        app = spec.setdefault("application", {})
        app.setdefault("name", "terminal-ubuntu")
        app.setdefault("version", "0.8.6")
        spec.setdefault("product", {"id": "u1-standard-1",
                                    "category": "u1-standard",
                                    "provider": "k8s"})
        spec.setdefault("replicas", 1)
        spec.setdefault("parameters", {})
        spec.setdefault("resources", [])
        spec.setdefault("timeAllocation", {"hours": 1, "minutes": 0, "seconds": 0})
        spec.setdefault("sshEnabled", True)
        job.setdefault("permissions", {"myself": ["ADMIN"], "others": []})
        updates = []
        for n, u in enumerate(job.get("updates", [])):
            u = dict(u)
            u.setdefault("timestamp", created + (n + 1) * 1000)
            u.setdefault("state", None)
            u.setdefault("status", None)
            if "statusRepeat" in u:
                u["status"] = (u["status"] or "") * int(u.pop("statusRepeat"))
            updates.append(u)
        job["updates"] = updates
        status = job.setdefault("status", {})
        status.setdefault("expiresAt", None)
        status.setdefault("startedAt", None)
        status.setdefault("allowRestart", False)
        status.setdefault("resolvedApplication", {"metadata": {"name": app["name"], "version": app["version"]}})
        status.setdefault("jobParametersJson", {"siteVersion": 3, "request": {}})
        return job

    def fill_key(self, key):
        key = dict(key)
        key["id"] = str(key.get("id", self.next_key_id))
        if key["id"].isdigit():
            self.next_key_id = max(self.next_key_id, int(key["id"]) + 1)
        key.setdefault("owner", "alice")
        key.setdefault("createdAt", 1764000000000)
        key["fingerprint"] = ""
        spec = key.setdefault("specification", {})
        spec.setdefault("title", key.pop("title", "key"))
        spec.setdefault("key", key.pop("key", ""))
        return key

    def visible_job(self, job):
        """The job as of the state's "step" (default 0): an update with a
        greater "step" has not happened yet; status.state is that of the
        last update with a state unless the job gives one."""
        step = self.state.get("step", 0)
        job = dict(job)
        updates = [dict(u) for u in job["updates"]
                   if u.get("step", 0) <= step]
        for u in updates:
            u.pop("step", None)
        job["updates"] = updates
        status = dict(job["status"])
        if "state" not in status or status.get("state") is None:
            state = "IN_QUEUE"
            for u in updates:
                if u.get("state"):
                    state = u["state"]
            status["state"] = state
        job["status"] = status
        return job


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ucloud-double/1"

    def log_message(self, fmt, *args):
        pass

    # Every method goes through one dispatcher.
    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_PATCH(self):
        self.dispatch()

    def read_body(self):
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            n = int(length)
        except ValueError:
            return b""
        return self.rfile.read(n) if n > 0 else b""

    def log_request_line(self, path, query, raw_query, body):
        record = {
            "time": now_ms(),
            "method": self.command,
            "path": path,
            "rawQuery": raw_query,
            "query": query,
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
        }
        line = json.dumps(record, sort_keys=True) + "\n"
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(line)

    def send(self, status, payload, raw=None):
        data = raw if raw is not None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        if raw is None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
            # As SendResponseOrError (shared/pkg/rpc/00_module.go).
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                data = gzip.compress(data)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
        else:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_stream(self, size):
        """A 200 of size bytes without a Content-Length: it ends when
        the connection closes, so curl cannot refuse it up front."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b" " * 65536
        try:
            while size > 0:
                self.wfile.write(chunk[:min(size, len(chunk))])
                size -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_error_body(self, err):
        if err.raw is not None:
            self.send(err.status, None, raw=err.raw.encode("utf-8"))
        else:
            # util.HttpError as UCloud marshals it.
            self.send(err.status, {"statusCode": err.status, "why": err.why,
                                   "errorCode": "", "detailedCode": 0})

    def dispatch(self):
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        body = self.read_body()
        self.log_request_line(path, query, split.query, body)
        world = self.server.world
        with world.lock:
            world.refresh()
            fault = self.fault(world, path)
        if fault is not None:
            delay = float(fault.get("delay", 0))
            if delay > 0:
                time.sleep(delay)
            if "streamBytes" in fault:
                self.send_stream(int(fault["streamBytes"]))
                return
            if "status" in fault:
                self.send_error_body(HttpError(int(fault["status"]),
                                               fault.get("why", "Internal Server Error"),
                                               fault.get("body")))
                return
        try:
            with world.lock:
                status, payload = self.route(world, path, query, body)
        except HttpError as err:
            self.send_error_body(err)
            return
        if status is None:
            self.send(404, None, raw=b"404 page not found\n")
            return
        self.send(status, payload)

    def fault(self, world, path):
        """The first fault of the state matching this request, if any."""
        for n, f in enumerate(world.state.get("faults", [])):
            if f.get("path", "*") not in ("*", path):
                continue
            if f.get("method", self.command) != self.command:
                continue
            hits = world.fault_hits.get(n, 0)
            if "times" in f and hits >= int(f["times"]):
                continue
            world.fault_hits[n] = hits + 1
            return f
        return None

    def route(self, world, path, query, body):
        method = self.command
        table = {
            ("POST", "/auth/refresh"): self.auth_refresh,
            ("POST", "/auth/logout"): self.auth_logout,
            ("GET", "/api/jobs/browse"): self.jobs_browse,
            ("GET", "/api/jobs/retrieve"): self.jobs_retrieve,
            ("POST", "/api/ssh"): self.ssh_create,
            ("GET", "/api/ssh/browse"): self.ssh_browse,
            ("DELETE", "/api/ssh"): self.ssh_delete,
            ("GET", "/api/tokens/browse"): self.tokens_browse,
            ("GET", "/api/projects/v2/retrieve"): self.projects_retrieve,
        }
        handler = table.get((method, path))
        if handler is None:
            if any(p == path for (_, p) in table):
                raise HttpError(405, "Method Not Allowed", raw="Method Not Allowed\n")
            return None, None
        return 200, handler(world, query, body)

    # Authentication ---------------------------------------------------

    def bearer(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        return header[len("Bearer "):]

    def token_entry(self, world, token, kind):
        for t in world.state.get("tokens", []):
            if t.get("token") == token and t.get("kind", "api") == kind:
                return t
        return None

    def alive(self, entry):
        if entry.get("revoked"):
            return False
        expires = entry.get("expiresAt")
        return expires is None or now_ms() < int(expires)

    def actor(self, world):
        """Who calls, as (username, project or None). A bad API token gets
        403 (launcher/00_module.go, authenticateViaApiToken); a bad or
        expired JWT 401 (API-EXTRA.md; "jwtFailureStatus" changes it)."""
        bearer = self.bearer()
        forbidden = 403
        if not bearer:
            raise HttpError(forbidden, "Forbidden")
        if bearer.startswith("uc"):
            # An API token, pinned to its workspace: Project is ignored.
            parts = bearer[2:].split("-")
            if len(parts) != 2:
                raise HttpError(forbidden, "Invalid token supplied")
            try:
                int(parts[0], 16)
            except ValueError:
                raise HttpError(forbidden, "Invalid token supplied")
            entry = self.token_entry(world, bearer, "api")
            if entry is None or not self.alive(entry):
                raise HttpError(forbidden, "Forbidden")
            user = entry.get("user", "alice")
            project = entry.get("project")
            if project is not None and user not in self.members(world, project):
                raise HttpError(forbidden, "Forbidden")
            return user, project
        entry = world.access.get(bearer) or self.token_entry(world, bearer, "jwt")
        if entry is None or not self.alive(entry):
            raise HttpError(int(world.state.get("jwtFailureStatus", 401)),
                            "Unauthorized")
        user = entry.get("user", "alice")
        project = self.headers.get("Project") or None
        if project is not None and user not in self.members(world, project):
            raise HttpError(forbidden, "Forbidden")
        return user, project

    def members(self, world, project):
        p = world.state.get("projects", {}).get(project)
        return (p or {}).get("members", {})

    def auth_refresh(self, world, query, body):
        token = self.bearer()
        if token is None:
            raise HttpError(403, "Forbidden")
        entry = self.token_entry(world, token, "refresh")
        if entry is None or not self.alive(entry) or token in world.ended:
            raise HttpError(401, "Unauthorized")
        user = entry.get("user", "alice")
        lifetime = int(world.state.get("accessTokenLifetimeMs",
                                       DEFAULT_ACCESS_LIFETIME_MS))
        issued = int(time.time())
        expires = now_ms() + lifetime
        person = world.state.get("users", {}).get(user, {})
        header = {"alg": "RS256", "typ": "JWT"}
        claims = {"sub": user, "iat": issued, "exp": expires // 1000,
                  "aud": ["all:write"], "iss": "cloud.sdu.dk",
                  "role": "USER", "principalType": "password",
                  "firstNames": person.get("firstNames", user),
                  "lastName": person.get("lastName", ""),
                  "sessionReference": b64url(secrets.token_bytes(12))}
        jwt = ".".join([b64url(json.dumps(header).encode()),
                        b64url(json.dumps(claims).encode()),
                        b64url(secrets.token_bytes(64))])
        world.access[jwt] = {"user": user, "expiresAt": expires,
                             "refresh": token}
        csrf = entry.get("csrf") or secrets.token_hex(16)
        return {"accessToken": jwt, "csrfToken": csrf}

    def auth_logout(self, world, query, body):
        token = self.bearer()
        if token is None:
            raise HttpError(403, "Forbidden")
        if self.token_entry(world, token, "refresh") is not None:
            world.ended.add(token)
        return {}

    def tokens_browse(self, world, query, body):
        """The API tokens of the caller's workspace (API-EXTRA.md): the
        id is the decimal value of the token's hex part."""
        user, project = self.actor(world)
        text = query_get(query, "itemsPerPage")
        per_page = items_per_page(go_int(text) if text else 0)
        nxt = query_get(query, "next")
        start = go_int(nxt) if nxt else 0
        items = []
        for t in world.state.get("tokens", []):
            if t.get("kind", "api") != "api" or not self.alive(t):
                continue
            if t.get("user", "alice") != user or t.get("project") != project:
                continue
            created = int(t.get("createdAt", 1763000000000))
            expires = t.get("expiresAt")
            if expires is None:
                expires = created + 365 * 86400 * 1000
            items.append({
                "id": str(int(t["token"][2:].split("-")[0], 16)),
                "createdAt": created,
                "owner": {"createdBy": user, "project": project},
                "permissions": {"myself": ["ADMIN"], "others": []},
                "specification": {"title": t.get("title", "ucjob test token"),
                                  "description": "", "provider": None,
                                  "requestedPermissions": [],
                                  "expiresAt": int(expires)},
                "status": {"token": None,
                           "server": world.state.get("server", "https://cloud.sdu.dk")},
            })
        page = items[start:start + per_page]
        following = start + per_page
        return {"items": page,
                "next": str(following) if following < len(items) else None,
                "itemsPerPage": per_page}

    def projects_retrieve(self, world, query, body):
        user, _ = self.actor(world)
        wanted = query_get(query, "id")
        p = world.state.get("projects", {}).get(wanted)
        if p is None or user not in p.get("members", {}):
            raise HttpError(404, "Not found")
        members = p.get("members", {})
        return {"id": wanted, "createdAt": 1760000000000,
                "modifiedAt": 1760000000000,
                "specification": {"parent": None, "title": p.get("title", wanted),
                                  "canConsumeResources": True},
                "status": {"archived": False, "isFavorite": False,
                           "isHidden": False,
                           "members": [{"username": m, "role": r}
                                       for m, r in sorted(members.items())],
                           "groups": [], "settings": {},
                           "myRole": members[user],
                           "path": p.get("title", wanted)}}

    # Jobs -------------------------------------------------------------

    def job_flags(self, query):
        flags = {}
        for name in ("includeUpdates", "includeParameters", "includeApplication",
                     "includeOthers", "includeSupport", "includeProduct"):
            text = query_get(query, name)
            flags[name] = go_bool(text) if text != "" else False
        return flags

    def strip(self, job, flags):
        """jobsProcessFlags (core2/pkg/orchestrator/job.go), on a copy."""
        job = dict(job)
        if not flags["includeApplication"]:
            job["status"] = dict(job["status"])
            job["status"].pop("resolvedApplication", None)
        if not flags["includeParameters"]:
            job["status"] = dict(job["status"])
            job["status"].pop("jobParametersJson", None)
        if not flags["includeUpdates"]:
            job["updates"] = []
        return job

    def can_see(self, world, user, project, job):
        owner = job["owner"]
        if project is None:
            return owner.get("project") is None and owner["createdBy"] == user
        return owner.get("project") == project

    def jobs_browse(self, world, query, body):
        user, project = self.actor(world)
        flags = self.job_flags(query)
        text = query_get(query, "itemsPerPage")
        per_page = items_per_page(go_int(text) if text else 0)
        state = query_get(query, "filterState")
        if state and state not in JOB_STATES:
            raise HttpError(400, "Invalid request supplied")
        created_by = query_get(query, "filterCreatedBy")
        app = query_get(query, "filterApplication")
        nxt = query_get(query, "next")
        start = 0
        if nxt:
            try:
                start = int(nxt)
            except ValueError:
                raise HttpError(400, "Invalid request supplied")
        matching = []
        for job in world.jobs:
            if not self.can_see(world, user, project, job):
                continue
            if state and job["status"]["state"] != state:
                continue
            if created_by and job["owner"]["createdBy"] != created_by:
                continue
            if app and job["specification"]["application"]["name"] != app:
                continue
            matching.append(job)
        page = matching[start:start + per_page]
        following = start + per_page
        return {"items": [self.strip(j, flags) for j in page],
                "next": str(following) if following < len(matching) else None,
                "itemsPerPage": per_page}

    def jobs_retrieve(self, world, query, body):
        user, project = self.actor(world)
        flags = self.job_flags(query)
        wanted = query_get(query, "id")
        for job in world.jobs:
            if job["id"] != wanted:
                continue
            if self.can_see(world, user, project, job):
                return self.strip(job, flags)
        raise HttpError(404, "Not found")

    # SSH keys ---------------------------------------------------------

    def json_body(self, body):
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise HttpError(400, "Invalid request supplied")

    def bulk_items(self, body):
        request = self.json_body(body)
        if not isinstance(request, dict) or not isinstance(request.get("items", []), list):
            raise HttpError(400, "Invalid request supplied")
        items = request.get("items") or []
        for item in items:
            if not isinstance(item, dict):
                raise HttpError(400, "Invalid request supplied")
        return items

    def ssh_create(self, world, query, body):
        user, _ = self.actor(world)
        items = self.bulk_items(body)
        for item in items:
            key = item.get("key", "")
            if not isinstance(key, str) or not isinstance(item.get("title", ""), str):
                raise HttpError(400, "Invalid request supplied")
            if not key.strip().startswith(KEY_PREFIXES):
                raise HttpError(400, "Not a valid ssh key")
        responses = []
        created = now_ms()
        for item in items:
            key_id = str(world.next_key_id)
            world.next_key_id += 1
            world.keys.append({"id": key_id, "owner": user, "createdAt": created,
                               "fingerprint": "",
                               "specification": {"title": item.get("title", ""),
                                                 "key": item["key"].strip()}})
            responses.append({"id": key_id})
        return {"responses": responses}

    def ssh_browse(self, world, query, body):
        user, _ = self.actor(world)
        text = query_get(query, "itemsPerPage")
        per_page = items_per_page(go_int(text) if text else 0)
        nxt = query_get(query, "next")
        after = go_int(nxt) if nxt else None
        mine = sorted((k for k in world.keys if k["owner"] == user),
                      key=lambda k: int(k["id"]))
        if after is not None:
            mine = [k for k in mine if int(k["id"]) > after]
        page = mine[:per_page]
        # As ssh.go: a full page always names a next cursor, even when
        # nothing follows it.
        nxt = page[-1]["id"] if len(page) >= per_page else None
        return {"items": page, "next": nxt, "itemsPerPage": per_page}

    def ssh_delete(self, world, query, body):
        user, _ = self.actor(world)
        ids = set()
        for item in self.bulk_items(body):
            value = item.get("id")
            if isinstance(value, str) and value.isdigit():
                ids.add(value)
        world.keys = [k for k in world.keys
                      if not (k["owner"] == user and k["id"] in ids)]
        return {}


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address, context, world, log_path):
        http.server.HTTPServer.__init__(self, address, Handler)
        self.context = context
        self.world = world
        self.log_path = log_path
        self.log_lock = threading.Lock()

    def get_request(self):
        sock, addr = self.socket.accept()
        # The handshake happens in the request's thread, so a client
        # that never finishes one cannot stall the others.
        return self.context.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        # A client that refused our certificate, or hung up: not an error.
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    world = World(args.state)
    with world.lock:
        world.refresh()
    open(args.log, "a").close()
    server = Server((args.host, 0), context, world, args.log)
    port = server.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
