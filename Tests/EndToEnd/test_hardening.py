"""The holes found by attacking the running system from outside, each closed and
shown here: forged sign-offs, messages that stalled a queue, personal data in the
outbox, actors from request bodies, dropped duplicates, open scopes, half-answered
bad input, wrong report figures, and the hardening of the edges."""
import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import random
import socket
import subprocess
import time
import uuid
from datetime import datetime, timedelta, timezone

import pika
import psycopg
import pytest
import requests

from conftest import (AMQP_URL, API, BIN, GATEWAY, PG_URL, PORTS, ROOT, STATE, bearer, dead_letter, get_case,
                      register, registration, service_postgres_url, wait_for, wait_for_status)
from test_lifecycle import publish_action

SHANGHAI = timezone(timedelta(hours=8))
RABBITMQCTL = ["runuser", "-u", "rabbitmq", "--", "/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", "onedoor-test@localhost"]


def handling_case(**overrides):
    number = register(registration(**overrides)).json()["caseNumber"]
    wait_for_status(number, "handling")
    return number


def answered_case(**overrides):
    number = handling_case(**overrides)
    response = requests.post(f"{API}/cases/{number}/answer", json={"outcome": "resolved", "text": "Done."},
                             timeout=5)
    assert response.status_code == 200, response.text
    return number


# --- 1. sign-off is the petitioner's word -------------------------------------------------------

def test_a_sign_off_over_amqp_by_another_department_is_dead_lettered_and_the_answering_one_is_named(
        services, amqp):
    number = answered_case(category="noise")  # urban's
    forged = publish_action(amqp, "market.sign-off", {"action": "sign-off", "caseNumber": number,
                                                     "signOff": {"decision": "accepted", "channel": "phone"}})
    properties, _ = dead_letter(amqp, forged)
    assert "may record a sign-off only of its own answer" in properties.headers["x-onedoor-reason"]
    assert get_case(number)["status"] == "answered"

    publish_action(amqp, "urban.sign-off", {"action": "sign-off", "caseNumber": number,
                                            "signOff": {"decision": "accepted", "channel": "phone"}})
    case = wait_for_status(number, "follow_up")
    signed = [e for e in case["timeline"] if e["action"] == "accept"][0]
    assert signed["actor"] == "department:urban/system:dept-urban"
    assert signed["reason"] == "on the petitioner's word, via phone: accepted"
    assert "petitioner" != signed["actor"]


# --- 2. one bad message never stalls a queue ----------------------------------------------------

def test_a_message_with_a_huge_header_or_action_is_dead_lettered_bounded_and_the_queue_flows(services, amqp):
    number = handling_case()
    amqp.confirm_delivery()
    huge = f"huge-{uuid.uuid4()}"
    amqp.basic_publish("onedoor.department-actions", "urban.handling-step",
                       json.dumps({"action": "x" * 5000, "caseNumber": number}).encode(),
                       pika.BasicProperties(delivery_mode=2, message_id=huge, content_type="application/json",
                                            headers={"x-big": "a" * 120_000, "x-small": "kept"}),
                       mandatory=True)
    properties, _ = dead_letter(amqp, huge, timeout=20)
    reason = properties.headers["x-onedoor-reason"]
    assert "unknown action (a text of 5000 characters)" in reason and "xxxxxxxxxx" not in reason
    assert len(properties.headers["x-big"].encode()) <= 512 and properties.headers["x-big"].endswith("[truncated]")
    assert properties.headers["x-small"] == "kept"

    # The queue kept flowing and the consumer stayed healthy.
    publish_action(amqp, "urban.handling-step", {"action": "handling-step", "caseNumber": number,
                                                 "step": {"note": "After the huge one."}})
    wait_for(lambda: get_case(number).get("handlingSteps"), message="the next action")
    health = requests.get(f"http://127.0.0.1:{PORTS['department']}/healthz", timeout=5)
    assert health.status_code == 200 and health.json()["components"]["consumer.department-actions"] == "up"


def test_every_work_queue_has_a_delivery_limit_set_by_policy(services):
    listed = subprocess.run(RABBITMQCTL + ["list_queues", "-p", "onedoor", "-q", "name", "policy"],
                            capture_output=True, text=True, timeout=60, check=True).stdout
    policies = dict(line.split("\t")[:2] for line in listed.splitlines() if "\t" in line)
    for queue in ("routing.cases", "review.cases", "followup.cases", "department.actions", "intake.grid-events",
                  "dept.urban"):
        assert policies.get(queue) == "onedoor-delivery-limit", (queue, policies.get(queue))
    assert policies.get("onedoor.dead-letters") != "onedoor-delivery-limit"
    definitions = subprocess.run(RABBITMQCTL + ["list_policies", "-p", "onedoor", "-q"], capture_output=True,
                                 text=True, timeout=60, check=True).stdout
    assert '"delivery-limit":20' in definitions.replace(" ", "")


# --- 3. personal data sealed where it rests -----------------------------------------------------

def resident_id():
    digits = "3705" + "".join(random.choice("0123456789") for _ in range(13))
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return digits + "10X98765432"[sum(int(d) * w for d, w in zip(digits, weights)) % 11]


def test_no_clear_phone_or_id_number_in_any_table_or_queue(services, db, amqp):
    phone = "139" + "".join(random.choice("0123456789") for _ in range(8))
    id_number = resident_id()
    body = registration(petitioner={"name": "赵明", "phone": phone, "idNumber": id_number})
    number = register(body).json()["caseNumber"]
    wait_for_status(number, "handling")
    # A grid event that is refused carries its reporter's phone into the dead letters.
    grid_phone = "137" + "".join(random.choice("0123456789") for _ in range(8))
    event_id = f"grid-{uuid.uuid4()}"
    amqp.confirm_delivery()
    amqp.basic_publish("onedoor.grid", "grid.kl-none.noise", json.dumps({
        "schemaVersion": 1, "eventId": event_id, "gridCode": "no-such-grid", "category": "noise",
        "description": "Loud music.", "reportedAt": "2026-11-01T10:00:00Z",
        "reporter": {"id": "gw-1", "name": "网格员", "phone": grid_phone}}).encode(),
        pika.BasicProperties(delivery_mode=2, message_id=event_id, content_type="application/json"), mandatory=True)
    properties, dead_body = dead_letter(amqp, event_id)
    assert properties.content_type == "application/vnd.onedoor.sealed"

    tables = [row[0] for row in db.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
    assert "outbox" in tables and "cases" in tables
    for table in tables:
        for secret in (phone, id_number, grid_phone):
            found = db.execute(f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE %s', (f"%{secret}%",))
            assert found.fetchone()[0] == 0, f"{secret} in clear in {table}"
    sealed = db.execute("SELECT sealed, body FROM outbox WHERE message_type = 'work-order' AND body LIKE 'v1:%' "
                        "ORDER BY id DESC LIMIT 1").fetchone()
    assert sealed and sealed[0] is True

    queues = subprocess.run(RABBITMQCTL + ["list_queues", "-p", "onedoor", "-q", "--no-table-headers", "name"],
                            capture_output=True,
                            text=True, timeout=60, check=True).stdout.split()
    for queue in queues:
        tags = []
        while True:
            method, peeked, payload = amqp.basic_get(queue, auto_ack=False)
            if method is None:
                break
            tags.append(method.delivery_tag)
            text = payload.decode(errors="replace") + json.dumps(peeked.headers or {}, default=str)
            for secret in (phone, id_number, grid_phone):
                assert secret not in text, f"{secret} in clear on {queue}"
        for tag in tags:
            amqp.basic_nack(tag, requeue=True)


def test_each_service_sees_only_its_own_outbox_rows_and_reports_none(services):
    register()
    time.sleep(1)
    with psycopg.connect(service_postgres_url("routing"), autocommit=True) as routing:
        producers = {row[0] for row in routing.execute("SELECT DISTINCT producer FROM outbox").fetchall()}
        # Its own rows, and the shared case steps (no personal data; every relay publishes them).
        assert producers <= {"routing", "case-steps"} and "routing" in producers
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            routing.execute("INSERT INTO outbox (producer, exchange, routing_key, message_id, message_type, body) "
                            "VALUES ('intake', 'x', 'y', %s, 't', '{}')", (str(uuid.uuid4()),))
    with psycopg.connect(service_postgres_url("reports"), autocommit=True) as reports:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reports.execute("SELECT count(*) FROM inbox")


def test_sent_outbox_rows_and_processed_inbox_rows_are_deleted_after_the_retention(services, db):
    old, fresh = f"old-{uuid.uuid4()}", f"fresh-{uuid.uuid4()}"
    for message_id, age in ((old, "8 days"), (fresh, "1 day")):
        db.execute("INSERT INTO outbox (producer, exchange, routing_key, message_id, message_type, body, sent_at) "
                   "VALUES ('followup', 'onedoor.events', 'x', %s, 't', '{}', now() - %s::interval)",
                   (message_id, age))
        db.execute("INSERT INTO inbox (consumer, sender, message_id, processed_at) "
                   "VALUES ('retention-test', '', %s, now() - %s::interval)", (message_id, age))
    services.stop("followup")
    services.start("followup", ONEDOOR_RETENTION_INTERVAL_SECONDS="1")
    try:
        wait_for(lambda: db.execute("SELECT count(*) FROM outbox WHERE message_id = %s", (old,)).fetchone()[0] == 0
                 and db.execute("SELECT count(*) FROM inbox WHERE message_id = %s", (old,)).fetchone()[0] == 0,
                 timeout=20, message="the retention sweep")
        assert db.execute("SELECT count(*) FROM outbox WHERE message_id = %s", (fresh,)).fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM inbox WHERE message_id = %s", (fresh,)).fetchone()[0] == 1
    finally:
        services.stop("followup")
        services.start("followup")


# --- 5. duplicates are per sender, reused ids refused -------------------------------------------

def test_a_message_id_another_department_used_is_not_dropped_and_a_reused_id_is_dead_lettered(services, amqp):
    urban_case = handling_case(category="noise")
    market_case = handling_case(category="consumer")
    shared_id = f"dept-action-{uuid.uuid4()}"

    def publish(routing_key, body):
        amqp.confirm_delivery()
        amqp.basic_publish("onedoor.department-actions", routing_key, json.dumps(body).encode(),
                           pika.BasicProperties(delivery_mode=2, message_id=shared_id,
                                                content_type="application/json"), mandatory=True)

    urban_step = {"action": "handling-step", "caseNumber": urban_case, "step": {"note": "Urban's step."}}
    publish("urban.handling-step", urban_step)
    wait_for(lambda: get_case(urban_case).get("handlingSteps"), message="urban's step")
    publish("market.handling-step", {"action": "handling-step", "caseNumber": market_case,
                                     "step": {"note": "Market's step, same id."}})
    steps = wait_for(lambda: get_case(market_case).get("handlingSteps"), message="market's step (not dropped)")
    assert steps[0]["note"] == "Market's step, same id."

    publish("urban.handling-step", urban_step)  # a redelivery: nothing happens
    publish("urban.handling-step", {**urban_step, "step": {"note": "Another body."}})
    properties, _ = dead_letter(amqp, shared_id)
    assert properties.headers["x-onedoor-reason"] == "message id reused with a different body"
    assert len(get_case(urban_case)["handlingSteps"]) == 1


# --- 6 and 9. tokens: scopes fail closed; algorithm, extensions and lifetime checked -------------

def forged_token(claims, alg="HS256", extra_header=None):
    secret = os.environ["ONEDOOR_AUTH_SECRET"].encode()
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    header = {"alg": alg, "typ": "JWT", **(extra_header or {})}
    signing_input = f"{part(header)}.{part(claims)}"
    digest = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}[alg]
    signature = base64.urlsafe_b64encode(hmac.new(secret, signing_input.encode(), digest).digest()).rstrip(b"=")
    return f"{signing_input}.{signature.decode()}"


def claims(hours=1, **extra):
    now = time.time()
    return {"sub": "Forger", "iat": now, "exp": now + hours * 3600, **extra}


def status_with(token, method="get", path="/triage", body=None):
    return getattr(requests, method)(f"{API}{path}", json=body, timeout=5,
                                     headers={"Authorization": f"Bearer {token}"}).status_code


def test_tokens_with_another_algorithm_a_crit_extension_or_a_long_life_are_refused(services):
    assert status_with(forged_token(claims(role="supervisor"))) == 200  # the forging itself is right
    assert status_with(forged_token(claims(role="supervisor"), alg="HS512")) == 401
    assert status_with(forged_token(claims(role="supervisor"), extra_header={"crit": ["x-bind"],
                                                                               "x-bind": 1})) == 401
    assert status_with(forged_token(claims(hours=24, role="supervisor"))) == 401
    no_iat = claims(hours=24, role="supervisor")
    del no_iat["iat"]
    assert status_with(forged_token(no_iat)) == 401
    issued = subprocess.run([str(BIN / "onedoor-admin"), "token", "issue", "--role", "clerk", "--name", "x",
                             "--hours", "13"], capture_output=True, text=True)
    assert issued.returncode != 0 and "at most 12" in issued.stderr


def test_a_role_that_needs_a_scope_and_has_none_is_refused(services):
    number = handling_case()
    assert status_with(forged_token(claims(role="department")), "post", f"/cases/{number}/handling-steps",
                       {"note": "No department named."}) == 403
    assert status_with(forged_token(claims(role="department")), "get", f"/cases/{number}") == 403
    assert status_with(forged_token(claims(role="expert")), "get", f"/panels/{uuid.uuid4()}") == 403
    assert get_case(number).get("handlingSteps", []) == []


# --- 7. bad input answered completely -----------------------------------------------------------

def fields(response):
    assert response.status_code == 422, response.text
    return {error["field"]: error["problem"] for error in response.json()["errors"]}


def test_every_bad_field_of_a_registration_is_named_at_once(services):
    body = registration(channel="fax", category="no-such-kind", facts="",
                        petitioner={"name": "王\u0000伟", "phone": "一二三四五六七", "idNumber": "123"})
    named = fields(register(body))
    assert set(named) >= {"channel", "category", "facts", "petitioner.name", "petitioner.phone",
                          "petitioner.idNumber"}, named
    assert "NUL" in named["petitioner.name"]
    assert fields(register(registration(facts="\u0000")))["facts"].startswith("must not contain NUL")
    for phone in ("①②③④⑤⑥⑦⑧", "١٢٣٤٥٦٧٨"):
        assert "petitioner.phone" in fields(register(registration(petitioner={"name": "李", "phone": phone})))
    for name in ("\u200b\u200b", "\u202e", "\u00ad"):
        assert "visible" in fields(register(registration(petitioner={"name": name, "phone": "13800001234"})))[
            "petitioner.name"]
    combining = "a" + "\u0301" * 250  # one grapheme cluster, hundreds of bytes
    assert "bytes" in fields(register(registration(petitioner={"name": combining, "phone": "13800001234"})))[
        "petitioner.name"]


def test_a_key_given_twice_is_refused(services):
    text = json.dumps(registration())[:-1] + ', "channel": "phone"}'
    response = requests.post(f"{API}/cases", data=text.encode(), timeout=5,
                             headers={"Content-Type": "application/json"})
    assert fields(response)["channel"] == "is given more than once"


def test_an_action_names_its_out_of_set_value_beside_the_other_bad_fields(services):
    number = handling_case()
    response = requests.post(f"{API}/cases/{number}/handling-steps", json={"mediation": "magic", "note": 5},
                             timeout=5)
    assert set(fields(response)) == {"mediation", "note"}


def test_amqp_actions_have_a_body_limit_and_a_content_type(services, amqp):
    number = handling_case()
    amqp.confirm_delivery()
    plain, big = f"plain-{uuid.uuid4()}", f"big-{uuid.uuid4()}"
    amqp.basic_publish("onedoor.department-actions", "urban.handling-step", b"not json",
                       pika.BasicProperties(delivery_mode=2, message_id=plain, content_type="text/plain"))
    amqp.basic_publish("onedoor.department-actions", "urban.handling-step",
                       json.dumps({"action": "handling-step", "caseNumber": number,
                                   "step": {"note": "x" * 70_000}}).encode(),
                       pika.BasicProperties(delivery_mode=2, message_id=big, content_type="application/json"))
    assert "content type must be application/json" in dead_letter(amqp, plain)[0].headers["x-onedoor-reason"]
    assert "over the limit of 65536" in dead_letter(amqp, big)[0].headers["x-onedoor-reason"]


def test_the_gateway_answers_its_own_refusals_as_problems(services):
    gateway = f"http://127.0.0.1:{GATEWAY}"
    too_large = requests.post(f"{API}/cases", data=b"x" * (2 * 1024 * 1024), timeout=10,
                              headers={"Content-Type": "application/json"})
    assert too_large.status_code == 413 and too_large.headers["Content-Type"] == "application/problem+json"
    assert too_large.json()["status"] == 413
    for method in ("PUT", "DELETE", "FOO"):
        refused = requests.request(method, f"{API}/cases", timeout=5)
        assert refused.status_code == 405, (method, refused.status_code)
        assert refused.headers["Allow"] == "GET, POST" and refused.json()["status"] == 405
    assert requests.post(f"{API}/triage", timeout=5).headers["Allow"] == "GET"
    missing = requests.get(f"{gateway}/api/v1/nothing-here", timeout=5)
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "application/problem+json"
    # Outside /api/ the workbench answers, with a page that says so.
    page = requests.get(f"{gateway}/nothing-here", timeout=5)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html") and "没有找到" in page.text
    answer = requests.get(f"{API}/triage", timeout=5)
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Server"] == "nginx"  # no version


def test_the_gateway_does_not_log_query_strings(services):
    secret = f"token-{uuid.uuid4()}"
    requests.get(f"{API}/triage?access_token={secret}", timeout=5)
    time.sleep(0.5)
    log = (STATE / "logs" / "gateway-access.log").read_text(errors="replace")
    assert "/api/v1/triage" in log and secret not in log


def test_report_filters_naming_nothing_known_are_refused(services):
    response = requests.get(f"{API}/reports/departments?period=2026-11&town=atlantis&category=no-such&"
                            "channel=fax&department=nobody", headers=bearer("supervisor"), timeout=5)
    assert set(fields(response)) == {"town", "category", "channel", "department"}
    assert requests.get(f"{API}/reports/summary?period=2026-11&town=atlantis", headers=bearer("supervisor"),
                        timeout=5).status_code == 422


# --- 8. reports tell the truth -----------------------------------------------------------------

def overdue(filters=""):
    month = datetime.now(SHANGHAI).strftime("%Y-%m")
    response = requests.get(f"{API}/reports/departments?period={month}&department=urban{filters}",
                            headers=bearer("supervisor"), timeout=5)
    assert response.status_code == 200, response.text
    report = response.json()
    lines = report["departments"]
    return (lines[0]["overdue"] if lines else 0), report["filters"]


def test_an_order_is_overdue_only_once_its_due_time_has_passed_and_filters_apply(services, db):
    number = handling_case(category="noise")  # urban's, window visit, kenli-street
    scoped = "&town=kenli-street&category=noise&channel=visit"
    db.execute("UPDATE work_orders SET due_at = now() + interval '3 minutes' "
               "WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)", (number,))
    before, before_scoped, other_channel = overdue()[0], overdue(scoped)[0], overdue("&channel=phone")[0]
    db.execute("UPDATE work_orders SET due_at = now() - interval '1 minute' "
               "WHERE case_id = (SELECT id FROM cases WHERE case_number = %s)", (number,))
    assert overdue()[0] == before + 1
    after_scoped, echoed = overdue(scoped)
    assert after_scoped == before_scoped + 1
    assert echoed == {"town": "kenli-street", "category": "noise", "channel": "visit", "department": "urban"}
    assert overdue("&channel=phone")[0] == other_channel


# --- 9. the edges -------------------------------------------------------------------------------

def test_a_logged_value_cannot_forge_a_log_line(services, amqp):
    number = handling_case()
    forged = publish_action(amqp, "urban.answer", {"action": "shrug\nFORGED-LINE level=info all is well",
                                                   "caseNumber": number})
    dead_letter(amqp, forged)
    lines = (STATE / "logs" / "e2e-department.log").read_text(errors="replace").splitlines()
    assert any("FORGED-LINE" in line for line in lines)
    assert not any(line.startswith("FORGED-LINE") for line in lines)


def test_erlang_distribution_and_epmd_listen_on_loopback_only(services):
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout.splitlines()
    for port in ("4369", "25692"):
        addresses = [line.split()[3] for line in listening if line.split()[3].endswith(f":{port}")]
        assert addresses, f"nothing listens on {port}"
        assert all(a.startswith(("127.0.0.1:", "[::1]:")) for a in addresses), addresses


def test_a_service_closes_a_connection_whose_headers_never_finish(services):
    with socket.create_connection(("127.0.0.1", PORTS["intake"]), timeout=20) as connection:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
        started = time.time()
        assert connection.recv(1024) == b""  # closed by the server (ONEDOOR_HTTP_IDLE_SECONDS=5 here)
        assert time.time() - started < 15


def test_an_idle_publisher_keeps_its_connection(services):
    before = (STATE / "logs" / "e2e-intake.log").read_text(errors="replace").count("outbox relay failed")
    time.sleep(25)  # over twice the tests' 10 s heartbeat without a message
    number = register().json()["caseNumber"]
    wait_for_status(number, "handling", timeout=20)
    after = (STATE / "logs" / "e2e-intake.log").read_text(errors="replace").count("outbox relay failed")
    assert after == before


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_oversized_bodies_are_refused_unread_and_memory_returns(services):
    pid = services.processes["intake"].pid
    url = f"http://127.0.0.1:{PORTS['intake']}/api/v1/cases"
    headers = {"Content-Type": "application/json", "Authorization": bearer("clerk")["Authorization"]}
    body = b"{" + b" " * (900 * 1024) + b"}"
    requests.post(url, data=b"{}", headers=headers, timeout=5)
    idle = rss_kib(pid)

    def send(_):
        try:
            return requests.post(url, data=body, headers=headers, timeout=30).status_code
        except requests.RequestException:
            return "closed"
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(send, range(200)))
    assert all(a in (413, "closed") for a in answers) and answers.count(413) > 0, set(answers)
    time.sleep(2)
    after = rss_kib(pid)
    print(f"intake RSS idle {idle} KiB, after 200 refused 900 KiB bodies {after} KiB")
    assert after < idle + 40 * 1024, (idle, after)
    number = register().json()["caseNumber"]
    assert number


# --- 10. one consumer per department queue ----------------------------------------------------

def test_a_department_with_its_own_system_is_not_consumed_by_the_department_service(services, tmp_path, amqp):
    sample = (ROOT / "deploy" / "reference" / "sample-district.yaml").read_text()
    line = "  - {code: market, name: Market regulation, nameZh: 市场监管局, tier: district}"
    assert line in sample
    edited = tmp_path / "own-system.yaml"
    edited.write_text(sample.replace(line, line[:-1] + ", handledBy: own-system}"))
    env = dict(os.environ, ONEDOOR_POSTGRES_URL=PG_URL, ONEDOOR_AMQP_URL=AMQP_URL)

    def apply(path):
        result = subprocess.run([str(BIN / "onedoor-admin"), "reference", "apply", "--actor", "e2e", str(path)],
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr

    def consumers(queue):
        return amqp.queue_declare(queue, passive=True).method.consumer_count

    apply(edited)
    try:
        services.stop("department")
        services.start("department")
        assert consumers("dept.market") == 0 and consumers("dept.urban") == 1
    finally:
        apply(ROOT / "deploy" / "reference" / "sample-district.yaml")
        services.stop("department")
        services.start("department")
    assert consumers("dept.market") == 1
