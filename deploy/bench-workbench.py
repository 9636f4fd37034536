"""Times the workbench's pages through the gateway, signed in as a handler and a supervisor
(deploy/bench-workbench sets everything up). Prints p50, p95 and max per page; asserts nothing."""
import argparse
import re
import statistics
import time

import psycopg
import requests


def signed_in(base, login, password):
    session = requests.Session()
    page = session.get(f"{base}/signin", timeout=10)
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.text).group(1)
    answer = session.post(f"{base}/signin", data={"_csrf": token, "login": login, "password": password},
                          allow_redirects=False, timeout=30)
    assert answer.status_code == 303, f"{login} could not sign in: {answer.status_code}"
    return session


def timed(session, url, runs):
    session.get(url(0) if callable(url) else url, timeout=30)  # warm
    times = []
    for index in range(runs):
        target = url(index) if callable(url) else url
        started = time.perf_counter()
        response = session.get(target, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"{target}: {response.status_code}"
    return times


def report(name, times):
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  {name:<46} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms"
          f"   {'within' if p95 < 100 else 'OVER'} the goal")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database", required=True)
    arguments = parser.parse_args()
    with psycopg.connect(arguments.database) as db:
        total = db.execute("SELECT count(*) FROM cases").fetchone()[0]
        numbers = [row[0] for row in db.execute(
            "SELECT c.case_number FROM cases c JOIN work_orders w ON w.case_id = c.id "
            "WHERE w.department_code = 'urban' ORDER BY random() LIMIT %s", (arguments.runs,))]
    print(f"workbench pages over {total} cases, {arguments.runs} requests each, through the gateway "
          f"(client-measured, so an upper bound of the server time); goal p95 < 100 ms")
    handler = signed_in(arguments.base, "bench-urban", arguments.password)
    supervisor = signed_in(arguments.base, "bench-supervisor", arguments.password)
    base = arguments.base
    report("home: handler of urban, 我的待办 (open)", timed(handler, f"{base}/", arguments.runs))
    report("home: handler of urban, 已超期", timed(handler, f"{base}/?state=overdue", arguments.runs))
    report("home: supervisor, overdue across departments", timed(supervisor, f"{base}/", arguments.runs))
    report("case page (handler, random cases of urban)",
           timed(handler, lambda index: f"{base}/cases/{numbers[index % len(numbers)]}", arguments.runs))


if __name__ == "__main__":
    main()
