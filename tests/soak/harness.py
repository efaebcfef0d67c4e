"""The soak test's moving parts: a throw-away PostgreSQL, the SQLite file, child processes it kills and restarts,
a webhook receiver and small HTTP helpers (see soak.py)."""
import http.server
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SMTP_SINK = os.path.join(REPO, "tests", "OmsFlow.Templates.Tests", "Email", "smtp_sink.py")
ADMIN_KEY = "soak-admin-key-0123456789abcdef0123456789"
SECRET_KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="  # shared by every process: they read each other's secrets
TERMINAL = ("Closed", "Cancelled", "Rejected")


class SetupError(Exception):
    pass


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    """A port below the usual ephemeral range, so nothing else takes it while the process holding it is down."""
    for _ in range(200):
        port = random.randint(20000, 31000)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SetupError("no free loopback port")


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SetupError(f"timed out after {seconds} s waiting for {what}")


class Postgres:
    """A throw-away PostgreSQL cluster on a loopback port (like the tests' PostgresServer)."""

    def __init__(self):
        self.bin = self._find_bin()
        # Its own folder, not inside the soak's private one: the server runs as user postgres when the soak runs as root.
        self.folder = tempfile.mkdtemp(prefix="omsflow-soak-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()

    @staticmethod
    def _find_bin():
        candidates = [os.environ.get("OMSFLOW_PG_BIN", "")]
        if os.path.isdir("/usr/lib/postgresql"):
            versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v) if v.isdigit() else 0, reverse=True)
            candidates += [os.path.join("/usr/lib/postgresql", v, "bin") for v in versions]
        for candidate in candidates:
            if candidate and os.path.exists(os.path.join(candidate, "pg_ctl")):
                return candidate
        found = shutil.which("pg_ctl")
        if found:
            return os.path.dirname(found)
        raise SetupError("PostgreSQL binaries not found (install postgresql-15 or set OMSFLOW_PG_BIN)")

    def _run(self, tool, *args):
        command = [os.path.join(self.bin, tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise SetupError(f"{tool} failed: {result.stdout}{result.stderr}")
        return result.stdout

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=300"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.folder, "server.log"), "-w", "-t", "60", "start")
        self.query("CREATE DATABASE omsflow", database="postgres")

    def stop(self, remove):
        if os.path.isdir(self.data):
            try:
                self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            except SetupError:
                pass
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def connection_string(self):
        return f"Host=127.0.0.1;Port={self.port};Username=postgres;Database=omsflow;Maximum Pool Size=40"

    shipment_counts_sql = "SELECT id, json_array_length((document::json)->'shipments') FROM orders WHERE id LIKE 'SOAK-%'"

    def query(self, sql, database="omsflow"):
        psql = os.path.join(self.bin, "psql")
        result = subprocess.run([psql, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-At", "-F", "\t", "-c", sql],
                                capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise SetupError(f"psql failed: {result.stderr}")
        return [line.split("\t") for line in result.stdout.splitlines() if line]


class Sqlite:
    def __init__(self, folder):
        self.path = os.path.join(folder, "omsflow.db")

    connection_string = property(lambda self: f"Data Source={self.path}")

    shipment_counts_sql = "SELECT id, json_array_length(document, '$.shipments') FROM orders WHERE id LIKE 'SOAK-%'"

    def query(self, sql):
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30) as connection:
            return [["" if v is None else str(v) for v in row] for row in connection.execute(sql).fetchall()]


class Managed:
    """A child process the soak kills with SIGKILL and starts again with the same command."""

    def __init__(self, name, command, cwd, log_path, ready):
        self.name, self.command, self.cwd, self.log_path, self.ready = name, command, cwd, log_path, ready
        self.process = None
        self.kills = 0

    def start(self):
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
        wait_for(lambda: self._check_alive() and self.ready(), 90, f"{self.name} to be ready")

    def _check_alive(self):
        if self.process.poll() is not None:
            raise SetupError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
        return True

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive:
            self.process.kill()
            self.process.wait()
            self.kills += 1

    def stop(self):
        if self.alive:
            self.process.kill()
            self.process.wait()


class WebhookReceiver:
    """Records every webhook delivery (webhook-id header and body) and answers 204."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.received.append((self.headers.get("webhook-id", ""), body.decode("utf-8", "replace")))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def http_json(port, method, path, body=None, headers=None, timeout=30):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode("utf-8"),
                                     headers={"Authorization": f"Bearer {ADMIN_KEY}", "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def ready(port):
    try:
        return http_json(port, "GET", "/health/ready", timeout=2)[0] == 200
    except (OSError, urllib.error.URLError):
        return False


def copy_definitions(target):
    """The reference definitions, with the review request 1 s after delivery instead of 7 days."""
    source = os.path.join(REPO, "definitions")
    shutil.copytree(source, target)
    flow = os.path.join(target, "workflows", "order-fulfilment.yaml")
    with open(flow, encoding="utf-8") as f:
        text = f.read()
    with open(flow, "w", encoding="utf-8") as f:
        f.write(text.replace("default: 7d", "default: 1s"))
