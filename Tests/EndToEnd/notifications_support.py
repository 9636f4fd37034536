"""Helpers for the petitioner's side: the notifier's records and log, a local SMS webhook, the
status page's API and the one-time codes sent through the log adapter."""
import hashlib
import hmac
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import requests

from conftest import PG_URL, PORTS, ROOT, wait_for

PUBLIC = f"http://127.0.0.1:{PORTS['public']}"
LOG = Path(os.environ.get("ONEDOOR_SMS_LOG_FILE", ROOT / ".local" / "test" / "notifications.log"))


def records(number):
    """The case's notification records from the table: (moment, template, language, status, parameters)."""
    with psycopg.connect(PG_URL, autocommit=True) as db:
        return db.execute(
            """SELECT n.moment, n.template, n.language, n.status, n.parameters, n.attempts
               FROM notifications n JOIN cases c ON c.id = n.case_id
               WHERE c.case_number = %s ORDER BY n.created_at, n.moment""", (number,)).fetchall()


def nothing_pending():
    with psycopg.connect(PG_URL, autocommit=True) as db:
        return db.execute("SELECT count(*) FROM notifications WHERE status = 'pending'").fetchone()[0] == 0


def moments(number):
    return [row[0] for row in records(number)]


def wait_for_moment(number, moment, status=None, timeout=30):
    def seen():
        rows = [row for row in records(number) if row[0] == moment]
        return rows if rows and (status is None or rows[-1][3] == status) else None
    return wait_for(seen, timeout, message=f"{moment} notification of {number}" + (f" {status}" if status else ""))


def logged(number):
    """The log adapter's lines for the case (each message one JSON line), known by their
    idempotency keys (the case's notification ids), so an older run's lines never count."""
    if not LOG.exists():
        return []
    with psycopg.connect(PG_URL, autocommit=True) as db:
        keys = {row[0] for row in db.execute(
            "SELECT n.id::text FROM notifications n JOIN cases c ON c.id = n.case_id WHERE c.case_number = %s",
            (number,)).fetchall()}
    lines = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line for line in lines if line.get("idempotencyKey") in keys]


def one_time_code(number, after=0, timeout=30):
    """The newest one-time code sent to the case's petitioner (read from the log adapter's file)."""
    def sent():
        codes = [line for line in logged(number) if line["template"] == "one_time_code"]
        return codes[after:] and re.search(r"\d{6}", codes[-1]["text"]).group(0)
    return wait_for(sent, timeout, message=f"a one-time code for {number}")


def query_code(number):
    """The query code the registration message carried."""
    def sent():
        lines = [line for line in logged(number) if line["template"] == "registered"]
        return lines and re.search(r"(?:查询码|query code )([2-9A-Z]{8})", lines[0]["text"]).group(1)
    return wait_for(sent, message=f"the registration message of {number}")


def status(number, code, **kwargs):
    return requests.post(f"{PUBLIC}/api/v1/status", json={"caseNumber": number, "code": code}, timeout=10, **kwargs)


def sign(body, secret, timestamp=None):
    timestamp = str(int(timestamp if timestamp is not None else time.time()))
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class Receiver:
    """A local SMS provider: answers each request by the script given (500, a timeout, slow, ok),
    delivers each idempotency key once and remembers every request."""

    def __init__(self, script=(), secret=""):
        self.script = list(script)
        # Only messages of this template follow the script (others are answered ok), when set.
        self.scripted_template = None
        self.secret = secret
        self.requests = []
        self.delivered = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                template = json.loads(body).get("template")
                with receiver.lock:
                    scripted = receiver.scripted_template in (None, template)
                    step = receiver.script.pop(0) if receiver.script and scripted else "ok"
                    receiver.requests.append({"headers": dict(self.headers), "body": json.loads(body), "step": step,
                                              "signed": self.headers.get("X-OneDoor-Signature", "")[:200]})
                if step == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if step == "timeout":
                    time.sleep(3)
                    return
                if step == "slow":
                    time.sleep(0.6)
                key = self.headers["Idempotency-Key"]
                with receiver.lock:
                    duplicate = key in receiver.delivered
                    receiver.delivered.setdefault(key, json.loads(body))
                self.send_response(409 if duplicate else 202)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"reference": f"sms-{key[:8]}"}).encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def for_case(self, number):
        return [r for r in self.requests if r["body"].get("caseNumber") == number]
