"""全程可追溯, tamper-evident: the timeline is hash-chained per case, and
`onedoor-admin timeline verify` names the first broken link of a tampered case."""
import os
import subprocess

import psycopg

from conftest import BIN, PG_URL, register, wait_for_status


def verify(*args):
    return subprocess.run([str(BIN / "onedoor-admin"), "timeline", "verify", *args], capture_output=True, text=True,
                          env=dict(os.environ, ONEDOOR_POSTGRES_URL=PG_URL), timeout=120)


def tamper(number, sql, *params):
    """Changes the timeline behind the application's back, as a database owner could."""
    with psycopg.connect(PG_URL) as db:
        db.execute("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only")
        db.execute(sql.replace("{case}", "(SELECT id FROM cases WHERE case_number = %s)"), (*params, number))
        db.execute("ALTER TABLE case_events ENABLE TRIGGER case_events_append_only")


def test_a_changed_timeline_row_is_found_and_named(services):
    number = register().json()["caseNumber"]
    wait_for_status(number, "handling")  # register, dispatch, receive
    clean = verify("--case", number)
    assert clean.returncode == 0 and "0 cases with a broken chain" in clean.stdout, clean.stdout + clean.stderr
    with psycopg.connect(PG_URL) as db:
        reason, digest = db.execute(
            "SELECT reason, hash FROM case_events WHERE seq = 2 AND case_id = "
            "(SELECT id FROM cases WHERE case_number = %s)", (number,)).fetchone()
    try:
        # 1. The dispatch's reason is rewritten: that row's own hash no longer matches.
        tamper(number, "UPDATE case_events SET reason = %s WHERE seq = 2 AND case_id = {case}", "nothing happened")
        found = verify("--case", number)
        assert found.returncode == 1
        assert f"case {number}: first broken link at seq 2: the row was changed" in found.stdout

        # 2. The forger also recomputes that row's hash: now the next row's link breaks.
        tamper(number, "UPDATE case_events SET hash = case_event_digest(prev_hash, case_events) "
                       "WHERE seq = 2 AND case_id = {case}")
        found = verify("--case", number)
        assert found.returncode == 1 and "first broken link at seq 3: its link to the row before" in found.stdout

    finally:
        tamper(number, "UPDATE case_events SET reason = %s, hash = %s WHERE seq = 2 AND case_id = {case}",
               reason, digest)
    assert verify("--case", number).returncode == 0
    whole = verify()
    assert whole.returncode == 0, whole.stdout[-2000:]
    assert verify("--case", "OD-1999-000001").returncode != 0
