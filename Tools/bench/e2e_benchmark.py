"""The end-to-end benchmark behind deploy/bench-e2e: prints figures, asserts nothing.

1. Throughput: wrk registers cases from --clients connections for --seconds;
   the rate is cases per second from the first request to the last work order
   received by the department service. wrk, not Python, sends them: a load
   generator in Python took a third of a core that the system under test needs.
2. Latency at half that rate: registrations paced for --seconds; each case's
   latency runs from sending the request to the work order's receipt
   (work_orders.received_at, same host clock); p50 and p99.
3. pgbench -N (TPC-B without the contended branch/teller updates) against the
   same PostgreSQL, in the same run, and the ratio.
4. Each service's resident memory (RSS)."""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

PORT = int(os.environ.get("ONEDOOR_GATEWAY_PORT", "8080"))
API = f"http://127.0.0.1:{PORT}/api/v1"
PG_URL = os.environ.get("ONEDOOR_POSTGRES_URL", "postgresql://onedoor:onedoor@127.0.0.1:5442/onedoor")
HEADERS = {"Authorization": f"Bearer {os.environ['ONEDOOR_TOKEN']}"}
local = threading.local()


def connection():
    """This thread's keep-alive connection (http.client: a fraction of requests' CPU per request)."""
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    return local.connection


def register(run, index):
    body = {"channel": "visit", "petitioner": {"name": "基准", "phone": "13800001234"},
            "facts": f"{run} benchmark case {index}", "demand": "Benchmark.", "category": "noise",
            "location": {"town": "kenli-street", "community": "xingfu"}}
    sent = time.time()
    connection().request("POST", "/api/v1/cases", body=json.dumps(body).encode(), headers={
        **HEADERS, "Content-Type": "application/json", "Idempotency-Key": f"{run}-{index}"})
    response = connection().getresponse()
    payload = response.read()
    if response.status != 201:
        raise SystemExit(f"registration refused: {response.status} {payload[:200]!r}")
    return json.loads(payload)["caseNumber"], sent


def receipts(db, run):
    """case number → epoch seconds of its work order's receipt, for the run's received cases."""
    rows = db.execute(
        """
        SELECT c.case_number, extract(epoch FROM w.received_at) FROM cases c JOIN work_orders w ON w.case_id = c.id
        WHERE c.facts LIKE %s AND w.received_at IS NOT NULL
        """, (f"{run} %",)).fetchall()
    return {number: float(at) for number, at in rows}


def wait_received(db, run, count, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        seen = receipts(db, run)
        if len(seen) >= count:
            return seen
        time.sleep(0.2)
    raise SystemExit(f"only {len(receipts(db, run))} of {count} work orders received within {timeout} s")


def throughput(db, clients, seconds):
    """(end-to-end cases/s, accepted requests/s, cases, refused requests) of a wrk run."""
    run = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.time()
    result = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", str(Path(__file__).with_name("register.lua")),
         API.removesuffix("/api/v1"), "--", run, os.environ["ONEDOOR_TOKEN"]],
        capture_output=True, text=True, check=True)
    accepted = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    refused = int(next(iter(re.findall(r"Non-2xx or 3xx responses: (\d+)", result.stdout)), 0))
    cases = db.execute("SELECT count(*) FROM cases WHERE facts LIKE %s", (f"{run} %",)).fetchone()[0]
    seen = wait_received(db, run, cases)
    return cases / (max(seen.values()) - start), accepted, cases, refused


def latency(db, rate, seconds):
    run = f"bench-{uuid.uuid4().hex[:8]}"
    sent = {}
    total = int(rate * seconds)
    start = time.time()

    def paced(index):
        time.sleep(max(0.0, start + index / rate - time.time()))
        number, at = register(run, index)
        sent[number] = at
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(paced, range(total)))
    seen = wait_received(db, run, total)
    latencies = sorted((seen[number] - at) * 1000 for number, at in sent.items())
    return statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1], total


def pgbench(seconds):
    result = subprocess.run(
        [os.environ["ONEDOOR_PGBENCH"], "-N", "-c", "8", "-j", "2", "-T", str(seconds), "-h", "127.0.0.1",
         "-p", os.environ["ONEDOOR_PG_PORT"], "-U", "onedoor", "onedoor_pgbench"],
        capture_output=True, text=True, env=dict(os.environ, PGPASSWORD="onedoor"), check=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("tps"))
    return float(line.split("=")[1].split()[0])


def rss():
    sizes = {}
    for pidfile in sorted(Path(os.environ["ONEDOOR_PIDS"]).glob("*.pid")):
        pid = pidfile.read_text().strip()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmRSS"))
        sizes[pidfile.stem] = kb / 1024
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=20)
    options = parser.parse_args()
    with psycopg.connect(PG_URL, autocommit=True) as db:
        rate, accept_rate, cases, refused = throughput(db, options.clients, options.seconds)
        print(f"end to end: {rate:.0f} cases/s from registration to the department's receipt "
              f"({cases} cases, {options.clients} connections for {options.seconds} s; "
              f"registrations accepted at {accept_rate:.0f}/s, {refused} refused)")
        p50, p99, total = latency(db, rate / 2, options.seconds)
        print(f"latency at half that rate ({rate / 2:.0f}/s, {total} cases): p50 {p50:.1f} ms, p99 {p99:.1f} ms "
              f"(goal p99 < 100 ms)")
    tps = pgbench(options.seconds)
    print(f"pgbench -N on the same PostgreSQL: {tps:.0f} TPS; ratio {rate / tps:.3f} (goal >= 0.35)")
    print("RSS: " + ", ".join(f"{name} {mb:.0f} MiB" for name, mb in rss().items()))


if __name__ == "__main__":
    main()
