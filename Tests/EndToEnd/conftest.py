"""End-to-end fixtures: the five real service binaries against the test
instance's real RabbitMQ and PostgreSQL (started by deploy/test)."""
import os
import functools
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pika
import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("ONEDOOR_BIN", ROOT / ".build" / "debug"))
STATE = Path(os.environ.get("ONEDOOR_STATE", ROOT / ".local" / "test"))
PG_URL = os.environ.get("ONEDOOR_POSTGRES_URL", "postgresql://onedoor:onedoor@127.0.0.1:5452/onedoor")
AMQP_URL = os.environ.get("ONEDOOR_AMQP_URL", "amqp://onedoor:onedoor@127.0.0.1:5692/onedoor")

def _services_table():
    """deploy/services.tsv: name, port, broker user, database role (the one list of the services)."""
    rows = [line.split() for line in (ROOT / "deploy" / "services.tsv").read_text().splitlines()]
    return {row[0]: {"port": int(row[1]), "broker_user": row[2], "database_role": row[3]}
            for row in rows if row and not row[0].startswith("#")}


SERVICES = _services_table()
# The test instance's ports: the table's, moved by 10000 (deploy/lib/common.sh).
PORTS = {name: row["port"] + 10000 for name, row in SERVICES.items()}
GATEWAY = 18080  # deploy/test starts the gateway; every request goes through it, as a client's would
API = f"http://127.0.0.1:{GATEWAY}/api/v1"


def service_postgres_url(name):
    """Each service connects as its own role (least privilege, migration 0010)."""
    return PG_URL.replace("//onedoor:", f"//{SERVICES[name]['database_role']}:", 1)


def service_amqp_url(name):
    """Each service's own broker user (deploy/rabbitmq/users.sh); reports and accounts have none."""
    user = SERVICES[name]["broker_user"]
    return None if user == "-" else AMQP_URL.replace("//onedoor:", f"//{user}:", 1)


@functools.lru_cache(maxsize=None)
def amqp_login(*what):
    """A least-privileged login for an outside system, from the operator's own command:
    amqp_login("department", "urban") or amqp_login("grid")."""
    result = subprocess.run([str(ROOT / "deploy" / "amqp-login"), *what], capture_output=True, text=True,
                            timeout=60, check=True, env=dict(os.environ, ONEDOOR_INSTANCE="test"))
    return result.stdout.strip()


@functools.lru_cache(maxsize=None)
def token(role, name="e2e", department=None, expert=None):
    """A staff token from the operator's own command, signed with the instance's ONEDOOR_AUTH_SECRET."""
    args = [str(BIN / "onedoor-admin"), "token", "issue", "--role", role, "--name", name]
    args += ["--department", department] if department else []
    args += ["--expert", expert] if expert else []
    result = subprocess.run(args, capture_output=True, text=True, timeout=30, check=True)
    return result.stdout.strip()


def bearer(role, **claims):
    return {"Authorization": f"Bearer {token(role, **claims)}"}


_request = requests.api.request


def _request_as_admin(method, url, **kwargs):
    """Every test request to the API carries an admin's token unless it sets its own
    Authorization (None: send none); tests/test_access.py checks roles and scopes."""
    headers = dict(kwargs.pop("headers", None) or {})
    if "/api/" in url and "Authorization" not in headers:
        headers["Authorization"] = f"Bearer {token('admin')}"
    headers = {key: value for key, value in headers.items() if value is not None}
    return _request(method, url, headers=headers, **kwargs)


requests.api.request = _request_as_admin


class Services:
    """Starts, stops and kills the service processes."""

    def __init__(self):
        self.processes = {}
        (STATE / "logs").mkdir(parents=True, exist_ok=True)

    def env(self, extra=None, name=None):
        env = dict(os.environ)
        env.update(
            ONEDOOR_POSTGRES_URL=service_postgres_url(name) if name else PG_URL,
            ONEDOOR_AMQP_URL=(service_amqp_url(name) if name else AMQP_URL) or "",
            ONEDOOR_AMQP_HEARTBEAT="10",
            ONEDOOR_HTTP_IDLE_SECONDS="5",  # test_hardening waits out a slow client
            # test_accounts: credentials rechecked every 2 s (30 by default), cheap bcrypt, a 3 s lockout.
            ONEDOOR_CREDENTIAL_RECHECK_SECONDS="2",
            ONEDOOR_BCRYPT_COST="4",
            ONEDOOR_SIGNIN_LOCK_SECONDS="3",
            # test_attachments: a 1 MiB file limit, so the oversize file is cheap to send.
            ONEDOOR_ATTACHMENT_MAX_BYTES=str(1 << 20),
            **{f"ONEDOOR_{name.upper()}_PORT": str(port) for name, port in PORTS.items()},
        )
        env.pop("ONEDOOR_FAULT", None)
        env.update(extra or {})
        return env

    def start(self, name, wait=True, **extra):
        log = open(STATE / "logs" / f"e2e-{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            [str(BIN / f"onedoor-{name}")], env=self.env(extra, name), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        if wait:
            self.wait_healthy(name)
        return self.processes[name]

    def wait_healthy(self, name, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            process = self.processes[name]
            assert process.poll() is None, f"{name} exited with {process.returncode}; see {STATE}/logs/e2e-{name}.log"
            try:
                if requests.get(f"http://127.0.0.1:{PORTS[name]}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} not healthy within {timeout}s")

    def stop(self, name, timeout=15):
        """SIGTERM (graceful shutdown); returns the exit code."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout=timeout)

    def kill9(self, name):
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=10)

    def wait_exit(self, name, timeout=30):
        process = self.processes.pop(name)
        return process.wait(timeout=timeout)

    def stop_all(self):
        return {name: self.stop(name) for name in list(self.processes)}


@pytest.fixture(scope="session")
def services():
    running = Services()
    for name in PORTS:
        running.start(name, wait=False)
    for name in PORTS:
        running.wait_healthy(name)
    yield running
    codes = running.stop_all()
    assert all(code == 0 for code in codes.values()), f"unclean shutdown on SIGTERM: {codes}"


@pytest.fixture
def db():
    with psycopg.connect(PG_URL, autocommit=True) as connection:
        yield connection


@pytest.fixture
def amqp():
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    yield connection.channel()
    connection.close()


def registration(**overrides):
    body = {
        "channel": "visit",
        "petitioner": {"name": "王秀英", "phone": "13800001234"},
        "facts": f"Night-time noise from the square ({uuid.uuid4()}).",
        "demand": "End rehearsals by 20:30.",
        "category": "noise",
        "location": {"town": "kenli-street", "community": "xingfu", "address": "Xingfu Road 12"},
    }
    body.update(overrides)
    return body


def register(body=None, key=None, timeout=10):
    headers = {"Idempotency-Key": key} if key else {}
    return requests.post(f"{API}/cases", json=body or registration(), headers=headers, timeout=timeout)


def get_case(number):
    response = requests.get(f"{API}/cases/{number}", timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for(predicate, timeout=30, interval=0.2, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


def wait_for_status(number, status, timeout=30):
    return wait_for(lambda: (c := get_case(number))["status"] == status and c, timeout,
                    message=f"case {number} to be {status}")


def dead_letter(channel, message_id, timeout=10):
    """The parked dead letter with this id (others are returned to the queue)."""
    def look():
        found = None
        tags = []
        while True:
            method, properties, body = channel.basic_get("onedoor.dead-letters", auto_ack=False)
            if method is None:
                break
            tags.append(method.delivery_tag)
            if properties.message_id == message_id:
                found = (properties, body)
        for tag in tags:
            channel.basic_nack(tag, requeue=True)
        return found
    return wait_for(look, timeout, message=f"dead letter {message_id}")
