"""Upgrades (issue 19, item 5; docs/operations.md, "Upgrading"): the new version's migration is
applied and each service restarted in turn (SIGTERM, then the binary started again and healthy)
while a client registers cases through the gateway. Nothing is lost, nothing is doubled, and the
only refusal the client sees is 503 with Retry-After."""
import collections
import os
import shutil
import subprocess
import threading
import time
import uuid

import requests

from conftest import API, BIN, PG_URL, PORTS, ROOT, registration, wait_for

# An expand step of a new version: added beside what the running services use, read by nothing yet.
REHEARSAL = """CREATE TABLE upgrade_rehearsal (id integer PRIMARY KEY, noted_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX cases_upgrade_rehearsal ON cases (registered_at, id);
"""


class Client:
    """Registers cases one after another; each is retried with its Idempotency-Key until accepted,
    as docs/http-api.md tells clients to, and every answer other than 201 is kept."""

    def __init__(self, run):
        self.run = run
        self.accepted = {}
        self.refusals = []
        self.answers = collections.Counter()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.register, daemon=True)

    def register(self):
        index = 0
        while not self.stopping.is_set():
            key = f"{self.run}-{index}"
            body = registration(facts=f"{self.run} registration {index}")
            while True:
                try:
                    answer = requests.post(f"{API}/cases", json=body, headers={"Idempotency-Key": key}, timeout=15)
                except requests.RequestException as error:
                    self.refusals.append(("no answer", repr(error)))
                    time.sleep(0.5)
                    continue
                self.answers[answer.status_code] += 1
                if answer.status_code == 201:
                    self.accepted[key] = answer.json()["caseNumber"]
                    break
                self.refusals.append((answer.status_code, answer.headers.get("Retry-After")))
                time.sleep(float(answer.headers.get("Retry-After") or 1) / 5)
            index += 1
            time.sleep(0.05)


def test_a_rolling_upgrade_loses_nothing_and_refuses_only_with_503_and_retry_after(services, db, tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(ROOT / "deploy" / "migrations", migrations)
    (migrations / "9001_upgrade_rehearsal.sql").write_text(REHEARSAL)
    client = Client(f"upgrade-{uuid.uuid4().hex[:6]}")
    client.thread.start()
    try:
        time.sleep(2)
        migrated = subprocess.run([str(BIN / "onedoor-admin"), "migrate", "--directory", str(migrations)],
                                  env=dict(os.environ, ONEDOOR_POSTGRES_URL=PG_URL), capture_output=True, text=True,
                                  timeout=120)
        assert migrated.returncode == 0, migrated.stderr
        for name in list(PORTS):
            assert services.stop(name) == 0, f"{name} did not stop cleanly on SIGTERM"
            services.start(name)
            time.sleep(1)
        time.sleep(2)
    finally:
        client.stopping.set()
        client.thread.join(timeout=120)
        db.execute("DROP TABLE IF EXISTS upgrade_rehearsal")
        db.execute("DROP INDEX IF EXISTS cases_upgrade_rehearsal")
        db.execute("DELETE FROM schema_migrations WHERE version = 9001")

    print(f"answers during the upgrade: {dict(client.answers)}")
    assert len(client.accepted) >= 20, f"too few registrations to tell: {client.answers}"
    assert client.answers[503] > 0, "intake's restart was never seen: the test would prove nothing"
    unexpected = [refusal for refusal in client.refusals if refusal[0] != 503 or not refusal[1]]
    assert not unexpected, f"refused otherwise than 503 with Retry-After: {unexpected[:5]} ({client.answers})"
    numbers = set(client.accepted.values())
    assert len(numbers) == len(client.accepted), "two registrations answered with the same case"
    pattern = f"{client.run} registration %"
    stored = db.execute("SELECT count(*), count(DISTINCT facts) FROM cases WHERE facts LIKE %s", (pattern,)).fetchone()
    assert stored == (len(client.accepted), len(client.accepted)), "a registration lost or doubled"
    wait_for(lambda: db.execute(
        "SELECT count(*) FROM cases WHERE facts LIKE %s AND status = 'handling'", (pattern,)).fetchone()[0]
        == len(client.accepted), timeout=60, message="every case received by its department")
    orders = db.execute(
        "SELECT count(*) FROM work_orders w JOIN cases c ON c.id = w.case_id WHERE c.facts LIKE %s",
        (pattern,)).fetchone()[0]
    assert orders == len(client.accepted), "each case has exactly one work order"
