"""The fault suite (issue 7): while a load generator registers cases over HTTP
and publishes grid events over AMQP, every service is killed with SIGKILL in
turn and restarted, then RabbitMQ is restarted, then PostgreSQL. Afterwards
each accepted registration and each confirmed grid event must have exactly one
case, every case must reach `handling` with one work order and one timeline
row per step, the outbox must drain, and no new dead letter may appear.

Run it with `deploy/fault-suite [--runs 3] [--seconds 60]`; the test command
runs a bounded form (tests/test_fault_suite.py)."""
import json
import os
import subprocess
import threading
import time
import uuid

import pika
import psycopg
import requests

from conftest import AMQP_URL, API, PG_URL, PORTS, ROOT, registration

FAULTS = [f"kill:{name}" for name in PORTS] + ["restart:rabbitmq", "restart:postgres"]


class Load:
    """Registers cases and publishes grid events until stopped; each is retried, with the same
    Idempotency-Key or message id, until the system accepts it."""

    def __init__(self, run, rate):
        self.run, self.rate = run, rate
        self.accepted = {}  # idempotency key -> case number
        self.confirmed = set()  # grid event ids
        self.retries = 0
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.register_cases, daemon=True),
                        threading.Thread(target=self.publish_events, daemon=True)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=300)

    def register_cases(self):
        index = 0
        while not self.stopping.is_set():
            key = f"{self.run}-r{index}"
            body = registration(facts=f"{self.run} registration {index}")
            while True:  # a client retries with the same key until it gets its answer
                try:
                    response = requests.post(f"{API}/cases", json=body, headers={"Idempotency-Key": key}, timeout=10)
                    if response.status_code == 201:
                        self.accepted[key] = response.json()["caseNumber"]
                        break
                except requests.RequestException:
                    pass
                self.retries += 1
                time.sleep(0.5)
            index += 1
            time.sleep(1 / self.rate)

    def publish_events(self):
        index, connection, channel = 0, None, None
        while not self.stopping.is_set():
            event_id = f"{self.run}-g{index}"
            body = json.dumps({
                "schemaVersion": 1, "eventId": event_id, "gridCode": "kl-xingfu-01",
                "reporter": {"id": "w-fault", "name": "Fault suite", "phone": "13700000000"},
                "occurredAt": "2026-11-23T08:00:00Z", "category": "street-lights",
                "description": f"{self.run} grid event {index}", "location": {"latitude": 37.5, "longitude": 118.5},
                "photos": [], "resolvedOnSpot": False}).encode()
            while True:  # an integrator republishes until the broker confirms
                try:
                    if channel is None:
                        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
                        channel = connection.channel()
                        channel.confirm_delivery()
                    channel.basic_publish("onedoor.grid", "grid.kenli", body, pika.BasicProperties(
                        message_id=event_id, content_type="application/json", delivery_mode=2), mandatory=True)
                    self.confirmed.add(event_id)
                    break
                except Exception:  # connection lost, nacked or unroutable: reconnect and send again
                    channel = None
                    self.retries += 1
                    time.sleep(0.5)
            index += 1
            time.sleep(1 / self.rate)
        if connection and connection.is_open:
            connection.close()


def servers(command):
    subprocess.run([str(ROOT / "deploy" / "servers"), command], check=True, timeout=300,
                   env=dict(os.environ, ONEDOOR_INSTANCE="test"), stdout=subprocess.DEVNULL)


def dead_letter_count():
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    count = connection.channel().queue_declare("onedoor.dead-letters", passive=True).method.message_count
    connection.close()
    return count


def wait(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except (psycopg.Error, requests.RequestException):
            pass
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def run_once(services, seconds=60, rate=8, log=print):
    """One run: load, every fault in turn, then the checks. Returns the counts."""
    run = f"fault-{uuid.uuid4().hex[:8]}"
    dead_before = dead_letter_count()
    load = Load(run, rate)
    load.start()
    pause = max(1.0, seconds / len(FAULTS))
    for fault in FAULTS:
        time.sleep(pause)
        kind, name = fault.split(":")
        log(f"{run}: {fault}")
        if kind == "kill":
            services.kill9(name)
            time.sleep(1)
            services.start(name, wait=False)
            services.wait_healthy(name, timeout=120)
        else:
            servers(f"restart-{name}")
            for service in PORTS:
                services.wait_healthy(service, timeout=120)
    time.sleep(pause)
    load.stop()

    expected = len(load.accepted) + len(load.confirmed)
    with psycopg.connect(PG_URL, autocommit=True) as db:
        def counts():
            return db.execute(
                """
                SELECT count(*) AS cases, count(DISTINCT facts) AS distinct_facts,
                       count(*) FILTER (WHERE status = 'handling') AS handling
                FROM cases WHERE facts LIKE %s
                """, (f"{run} %",)).fetchone()
        wait(lambda: counts()[2] >= expected, 300, "every case to reach handling")
        wait(lambda: db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0] == 0, 120,
             "the outbox to drain")
        time.sleep(3)  # anything late would show up now
        stored, distinct, handling = counts()
        doubled_orders = db.execute(
            """
            SELECT count(*) FROM (SELECT w.case_id FROM work_orders w JOIN cases c ON c.id = w.case_id
                                  WHERE c.facts LIKE %s GROUP BY w.case_id HAVING count(*) <> 1) x
            """, (f"{run} %",)).fetchone()[0]
        doubled_steps = db.execute(
            """
            SELECT count(*) FROM (SELECT e.case_id, e.action FROM case_events e JOIN cases c ON c.id = e.case_id
                                  WHERE c.facts LIKE %s GROUP BY e.case_id, e.action HAVING count(*) > 1) x
            """, (f"{run} %",)).fetchone()[0]
        wrong_path = db.execute(
            """
            SELECT count(*) FROM cases c WHERE c.facts LIKE %s AND
              (SELECT array_agg(action ORDER BY seq) FROM case_events WHERE case_id = c.id)
                <> ARRAY['register', 'dispatch', 'receive']
            """, (f"{run} %",)).fetchone()[0]
        registered = {row[0] for row in db.execute(
            "SELECT case_number FROM cases WHERE facts LIKE %s", (f"{run} registration %",)).fetchall()}
    missing_registrations = sum(1 for number in load.accepted.values() if number not in registered)
    result = {
        "run": run, "sent": expected, "stored": stored, "lost": expected - distinct + missing_registrations,
        "doubled": stored - distinct + doubled_orders + doubled_steps, "not_handling": stored - handling,
        "wrong_timeline": wrong_path, "new_dead_letters": dead_letter_count() - dead_before,
        "client_retries": load.retries,
    }
    log(" ".join(f"{key}={value}" for key, value in result.items()))
    return result


def passed(result):
    return (result["lost"] == 0 and result["doubled"] == 0 and result["not_handling"] == 0
            and result["wrong_timeline"] == 0 and result["new_dead_letters"] == 0 and result["sent"] > 0)
