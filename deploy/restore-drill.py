"""The load and the checks of deploy/restore-test (docs/operations.md, "Backup and restore").

    restore-drill.py load FILE   registrations from two clients; deploy/backup once they run;
                                 then routing stops (its queue and the outbox fill up); prints the
                                 restore point, a moment between the backup and the end
    restore-drill.py check FILE  after the restore: what was registered before that moment is
                                 there exactly once and reaches its department; nothing after it is
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

import pika
import psycopg
import requests

API = f"http://127.0.0.1:{os.environ['ONEDOOR_GATEWAY_PORT']}/api/v1"
HEADERS = {"Authorization": f"Bearer {os.environ.get('ONEDOOR_DRILL_TOKEN', '')}"}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def registration(tag):
    with open(os.path.join(ROOT, "docs/examples/registration.json"), encoding="utf-8") as file:
        body = json.load(file)
    body["facts"] = f"{body['facts']} (restore drill {tag})"
    return body


def load(path):
    done = threading.Event()
    records, lock = [], threading.Lock()

    def client():
        session = requests.Session()
        while not done.is_set():
            tag = str(uuid.uuid4())
            started = time.time()
            response = session.post(f"{API}/cases", json=registration(tag), headers=HEADERS, timeout=30)
            ended = time.time()
            if response.status_code != 201:
                raise SystemExit(f"registration refused: {response.status_code} {response.text}")
            with lock:
                records.append({"tag": tag, "number": response.json()["caseNumber"],
                                "started": started, "ended": ended})

    clients = [threading.Thread(target=client) for _ in range(2)]
    for thread in clients:
        thread.start()
    time.sleep(3)
    subprocess.run([os.path.join(ROOT, "deploy/backup")], check=True, stdout=subprocess.DEVNULL)
    time.sleep(2)
    # Routing stops: registrations before the restore point are announced but not routed (the
    # restored outbox has them sent, no inbox has them), those after it wait in its queue.
    stop_service("routing")
    time.sleep(2)
    target = time.time()
    time.sleep(4)
    done.set()
    for thread in clients:
        thread.join()
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"target": target, "records": records}, file)
    before = sum(1 for r in records if r["ended"] < target)
    print(f"{len(records)} registrations, {before} before the restore point", file=sys.stderr)
    print(datetime.fromtimestamp(target, timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f+00:00"))


def stop_service(name):
    with open(os.path.join(os.environ["ONEDOOR_STATE"], "pids", f"{name}.pid"), encoding="utf-8") as file:
        pid = int(file.read())
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise SystemExit(f"{name} did not stop")


def set_aside_count():
    connection = pika.BlockingConnection(pika.URLParameters(os.environ["ONEDOOR_AMQP_URL"]))
    try:
        return connection.channel().queue_declare("onedoor.set-aside", passive=True).method.message_count
    finally:
        connection.close()


def check(path):
    with open(path, encoding="utf-8") as file:
        drill = json.load(file)
    target, records = drill["target"], drill["records"]
    before = [r for r in records if r["ended"] < target]
    after = [r for r in records if r["started"] > target]
    assert before and after, f"the load did not straddle the restore point: {len(before)} before, {len(after)} after"
    failures = []
    with psycopg.connect(os.environ["ONEDOOR_POSTGRES_URL"], autocommit=True) as db:
        def cases_of(record):
            return db.execute("SELECT case_number FROM cases WHERE facts = %s",
                              (registration(record["tag"])["facts"],)).fetchall()

        for record in before:
            rows = cases_of(record)
            if [row[0] for row in rows] != [record["number"]]:
                failures.append(f"{record['number']} (before the restore point) is there {len(rows)} times")
        for record in after:
            # A case's events, work orders and outbox rows are written in its transactions and
            # reference it: if no case row has its number or its facts, no part of it exists.
            rows = db.execute("SELECT 1 FROM cases WHERE case_number = %s OR facts = %s",
                              (record["number"], registration(record["tag"])["facts"])).fetchall()
            if rows:
                failures.append(f"{record['number']} (after the restore point) exists")
        # Every case the restored database holds reaches its department, those in flight at the
        # restore point among them: the outbox rows it had not sent, or sent without a consumer
        # recording them, are published again.
        restored = [row[0] for row in db.execute(
            "SELECT case_number FROM cases WHERE facts LIKE '%%(restore drill %%'").fetchall()]
        deadline = time.time() + 120
        waiting = set(restored)
        while waiting and time.time() < deadline:
            rows = db.execute("SELECT case_number FROM cases WHERE case_number = ANY(%s) AND status = 'handling'",
                              (list(waiting),)).fetchall()
            waiting -= {row[0] for row in rows}
            time.sleep(0.5)
        failures += [f"{number} did not reach its department after the restore" for number in sorted(waiting)]
    set_aside = set_aside_count()
    if set_aside == 0:
        failures.append("nothing was set aside: routing's queue held the messages from after the restore point")
    print(f"restore test: {len(before)} registered before the restore point, all there once; "
          f"{len(after)} after it, none there; {len(restored)} restored cases at their departments; "
          f"{set_aside} messages set aside", file=sys.stderr)
    if failures:
        print("\n".join(failures[:30]), file=sys.stderr)
        raise SystemExit(f"restore test failed: {len(failures)} problem(s)")


if __name__ == "__main__":
    {"load": load, "check": check}[sys.argv[1]](sys.argv[2])
