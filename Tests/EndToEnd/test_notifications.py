"""The notifier (issue 17): each moment that matters to the petitioner is one message, in their
language, with the right template and parameters; an opt-out is honoured; the webhook adapter
retries and still delivers once, even when the notifier is killed between sending and recording;
a forged callback is refused; and no clear phone is anywhere but sealed."""
import json
import subprocess
import time
import uuid

import psycopg
import pytest
import requests

from conftest import API, PG_URL, STATE, bearer, get_case, register, registration, wait_for, wait_for_status
from notifications_support import (LOG, PUBLIC, Receiver, logged, moments, nothing_pending, query_code, records,
                                   sign, status, wait_for_moment)
from test_alert_metrics import metric
from test_lifecycle import answer, post, review, sign as sign_off, visit

SECRET = "webhook-secret-for-the-tests-0123456789"


def test_each_moment_is_told_once_in_the_petitioners_language(services):
    number = register(registration(petitioner={"name": "Mary Lee", "phone": "13800005678",
                                               "language": "en"})).json()["caseNumber"]
    wait_for_status(number, "handling")
    answer(number)
    sign_off(number, "disputed")
    wait_for_moment(number, "disputed")
    review(number, ["uphold"] * 5)
    wait_for(lambda: get_case(number)["visits"], message="a scheduled visit")
    visit(number, "satisfied", "archived")
    wait_for_moment(number, "archived", status="accepted")
    told = moments(number)
    # One message a moment (the panel's conclusion and the visit's notice come from one transaction,
    # in either order).
    assert sorted(told) == sorted(["registered", "dispatched", "answered", "disputed", "panel_formed",
                                   "panel_concluded", "visit_coming", "archived"]), told
    rows = {row[0]: row for row in records(number)}
    assert all(row[2] == "en" for row in rows.values())
    assert rows["dispatched"][4]["department"].isascii() and rows["dispatched"][4]["dueDate"]
    assert rows["answered"][4]["outcome"] == "resolved"
    assert rows["panel_formed"][4]["members"] == "5"
    assert rows["panel_concluded"][4]["conclusion"] == "upheld"
    # What went out: one line a message, in English, the phone masked in the log.
    wait_for(lambda: len(logged(number)) == 8, message="eight messages in the log")
    lines = logged(number)
    assert sorted(line["template"] for line in lines) == sorted(told)
    assert all(line["to"] == "138****5678" for line in lines)
    assert lines[0]["text"].startswith("[") and f"number {number}, query code" in lines[0]["text"]
    assert any("answer upheld" in line["text"] for line in lines if line["template"] == "panel_concluded")
    assert len({line["idempotencyKey"] for line in lines}) == 8


def test_chinese_by_default_and_the_redirect_and_withdrawal_moments(services):
    number = register().json()["caseNumber"]
    wait_for_status(number, "handling")
    post(f"/cases/{number}/withdrawal", {"reason": "已与邻居协商解决"})
    wait_for_moment(number, "withdrawn", status="accepted")
    lines = logged(number)
    assert [line["template"] for line in lines] == ["registered", "dispatched", "withdrawn"]
    assert lines[0]["text"].startswith("【") and "查询码" in lines[0]["text"]
    assert "已按您的意愿撤回" in lines[2]["text"]
    assert all(len(line["text"]) <= 70 for line in lines)
    # A matter for the courts: redirected, and told so.
    court = register(registration(category="litigation")).json()["caseNumber"]
    wait_for_status(court, "redirected")
    wait_for_moment(court, "redirected_to_judicial", status="accepted")
    assert [line["template"] for line in logged(court)] == ["registered", "redirected_to_judicial"]
    assert "司法途径" in logged(court)[1]["text"]


def test_opting_out_leaves_only_what_the_law_requires(services):
    number = register(registration(petitioner={"name": "李明", "phone": "13900001111",
                                               "smsOptOut": True})).json()["caseNumber"]
    wait_for_status(number, "handling")
    answer(number)
    sign_off(number, "accepted")
    wait_for_moment(number, "visit_coming")
    wait_for_moment(number, "accepted_on_behalf", status="accepted")
    by_moment = {row[0]: row[3] for row in records(number)}
    assert by_moment == {"registered": "accepted", "dispatched": "skipped", "answered": "accepted",
                         "accepted_on_behalf": "accepted", "visit_coming": "skipped"}, by_moment
    wait_for(lambda: len(logged(number)) == 3, message="three messages")
    assert [line["template"] for line in logged(number)] == ["registered", "answered", "accepted_on_behalf"]
    # The case view says so; a redelivered event tells nothing twice (one record per event and moment).
    assert get_case(number)["petitioner"]["smsOptOut"] is True


@pytest.fixture
def webhook_notifier(services):
    """The notifier sending through a local webhook receiver, restored to the log adapter after."""
    receiver = Receiver(secret=SECRET)
    services.stop("notifier")

    def start(**extra):
        env = dict(ONEDOOR_SMS_PROVIDER="webhook", ONEDOOR_SMS_WEBHOOK_URL=receiver.url,
                   ONEDOOR_SMS_WEBHOOK_SECRET=SECRET, ONEDOOR_SMS_TIMEOUT_SECONDS="1",
                   ONEDOOR_SMS_RETRY_BASE_MS="200", ONEDOOR_SMS_MAX_ATTEMPTS="6")
        services.start("notifier", **{**env, **extra})
    start()
    yield receiver, start
    if "notifier" in services.processes:
        services.stop("notifier")
    services.start("notifier")
    receiver.close()


def test_webhook_retries_and_delivers_once(webhook_notifier):
    receiver, _ = webhook_notifier
    receiver.scripted_template = "registered"
    receiver.script = ["500", "timeout", "slow"]
    number = register().json()["caseNumber"]
    wait_for_moment(number, "registered", status="accepted")
    sent = [r for r in receiver.for_case(number) if r["body"]["template"] == "registered"]
    assert [r["step"] for r in sent] == ["500", "timeout", "slow"]
    assert len({r["headers"]["Idempotency-Key"] for r in sent}) == 1
    key = sent[0]["headers"]["Idempotency-Key"]
    assert list(receiver.delivered).count(key) == 1 and receiver.delivered[key]["to"] == "13800001234"
    # Each request is signed.
    assert sent[-1]["signed"].startswith("t=") and ",v1=" in sent[-1]["signed"]
    [row] = [row for row in records(number) if row[0] == "registered"]
    assert row[5] == 3  # three tries on the record
    # The provider's signed callback: delivered; a forged one is refused and changes nothing.
    report = json.dumps({"idempotencyKey": key, "status": "delivered", "reference": "sms-1"}).encode()
    forged = requests.post(f"{API}/notifications/callback", data=report, timeout=5,
                           headers={"Content-Type": "application/json", "Authorization": None,
                                    "X-OneDoor-Signature": sign(report, "not-the-secret")})
    assert forged.status_code == 401 and forged.headers["Content-Type"] == "application/problem+json"
    unsigned = requests.post(f"{API}/notifications/callback", data=report, timeout=5,
                             headers={"Content-Type": "application/json", "Authorization": None})
    assert unsigned.status_code == 401
    stale = requests.post(f"{API}/notifications/callback", data=report, timeout=5,
                          headers={"Content-Type": "application/json", "Authorization": None,
                                   "X-OneDoor-Signature": sign(report, SECRET, time.time() - 3600)})
    assert stale.status_code == 401
    assert [r for r in records(number) if r[0] == "registered"][0][3] == "accepted"
    good = requests.post(f"{API}/notifications/callback", data=report, timeout=5,
                         headers={"Content-Type": "application/json", "Authorization": None,
                                  "X-OneDoor-Signature": sign(report, SECRET)})
    assert good.status_code == 204, good.text
    assert [r for r in records(number) if r[0] == "registered"][0][3] == "delivered"
    # Staff see the record on the case: template, time, outcome; never the text.
    listed = requests.get(f"{API}/cases/{number}/notifications", timeout=5).json()["items"]
    assert listed[0]["moment"] == "registered" and listed[0]["status"] == "delivered"
    assert "text" not in listed[0] and listed[0]["attempts"] == 3
    bad = requests.post(f"{API}/notifications/callback", data=b'{"idempotencyKey": "x", "status": "lost"}',
                        timeout=5, headers={"Content-Type": "application/json", "Authorization": None,
                                            "X-OneDoor-Signature": sign(b'{"idempotencyKey": "x", "status": "lost"}', SECRET)})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


def test_killed_between_sending_and_recording_still_one_delivery(services, webhook_notifier):
    receiver, start = webhook_notifier
    wait_for(nothing_pending, message="no message waiting to be sent")
    services.stop("notifier")
    services.start("notifier", wait=True, **{"ONEDOOR_SMS_PROVIDER": "webhook",
                                               "ONEDOOR_SMS_WEBHOOK_URL": receiver.url,
                                               "ONEDOOR_SMS_WEBHOOK_SECRET": SECRET,
                                               "ONEDOOR_FAULT": "crash-after-send:notifier"})
    number = register().json()["caseNumber"]
    services.wait_exit("notifier", timeout=30)  # killed with SIGKILL right after the provider took it
    assert [r["step"] for r in receiver.for_case(number)] == ["ok"]
    assert [r[3] for r in records(number) if r[0] == "registered"] == ["pending"]
    start()
    wait_for_moment(number, "registered", status="accepted")
    sent = [r for r in receiver.for_case(number) if r["body"]["template"] == "registered"]
    assert len(sent) == 2 and len({r["headers"]["Idempotency-Key"] for r in sent}) == 1
    assert len([key for key in receiver.delivered if key == sent[0]["headers"]["Idempotency-Key"]]) == 1


def test_a_message_that_keeps_failing_is_flagged_to_the_clerks(webhook_notifier, services):
    receiver, start = webhook_notifier
    services.stop("notifier")
    receiver.script = ["500"] * 50
    start(ONEDOOR_SMS_MAX_ATTEMPTS="2", ONEDOOR_SMS_BREAKER_THRESHOLD="100")
    number = register().json()["caseNumber"]
    wait_for_moment(number, "registered", status="failed")
    failed = requests.get(f"{API}/notifications/failed", timeout=5, headers=bearer("clerk")).json()
    assert any(item["caseNumber"] == number and item["moment"] == "registered" for item in failed["items"])
    assert failed["count"] >= 1
    # What the alert OneDoorNotificationsFailing watches.
    assert metric("notifier", "onedoor_notifications_total", outcome="failed") >= 1
    # Not for every role: a department's handler has no such list.
    assert requests.get(f"{API}/notifications/failed", timeout=5,
                        headers=bearer("department", department="urban")).status_code == 403
    receiver.script = []


def test_no_clear_phone_anywhere_but_sealed(services):
    phone = "1370000" + str(uuid.uuid4().int)[:4]
    number = register(registration(petitioner={"name": "赵六", "phone": phone})).json()["caseNumber"]
    wait_for_status(number, "handling")
    answer(number)
    wait_for_moment(number, "answered", status="accepted")
    code = query_code(number)
    page = status(number, code)
    assert page.status_code == 200 and phone not in page.text
    public_page = requests.get(f"{PUBLIC}/", timeout=5)
    assert phone not in public_page.text
    for log in list((STATE / "logs").glob("*.log")) + [LOG]:
        assert phone not in log.read_text(errors="replace"), f"{log} holds the clear phone"
    with psycopg.connect(PG_URL, autocommit=True) as db:
        for table in ("notifications", "outbox", "case_events", "one_time_codes", "case_query_codes", "inbox"):
            rows = db.execute(f"SELECT t::text FROM {table} t").fetchall()
            assert not any(phone in row[0] for row in rows), f"{table} holds the clear phone"
        row = db.execute("SELECT to_jsonb(c) - 'petitioner_phone' FROM cases c WHERE case_number = %s",
                         (number,)).fetchone()
        assert phone not in json.dumps(row[0], ensure_ascii=False)
    assert subprocess.run(["grep", "-r", "-l", phone, str(STATE / "logs")], capture_output=True).returncode == 1
