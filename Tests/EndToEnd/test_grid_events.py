"""Grid events in, department queues out, dead letters an operator can work with —
proven with the Python examples (a standard client, not our Swift code)."""
import copy
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import jsonschema
import pika
import pytest
import requests

from conftest import AMQP_URL, API, BIN, ROOT, amqp_login, dead_letter, get_case, wait_for, wait_for_status

sys.path.insert(0, str(ROOT / "examples" / "python"))
import department_consumer  # noqa: E402
import grid_publisher  # noqa: E402

SCHEMA = json.loads((ROOT / "docs" / "schemas" / "grid-event.v1.schema.json").read_text())
SCHEMA_V2 = json.loads((ROOT / "docs" / "schemas" / "grid-event.v2.schema.json").read_text())


def event(**overrides):
    base = grid_publisher.make_event(
        "kl-xingfu-01", "street-lights", "Street light at the east gate is out.", "gw-117", "Li Na", "13700001111",
        photos=["https://photos.example/gw-117/1.jpg"])
    base.update(overrides)
    return base


def case_of(db, event_id):
    row = db.execute("SELECT case_number FROM cases WHERE source_event_id = %s", (event_id,)).fetchone()
    return row and row[0]


def raw_publish(body, message_id, content_type="application/json", routing_key="grid.kl.test"):
    """As an integrator would: with the grid login, which may publish grid.# events only."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_login("grid")))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish("onedoor.grid", routing_key, body, pika.BasicProperties(
            delivery_mode=2, content_type=content_type, message_id=message_id), mandatory=True)
    finally:
        connection.close()


def admin(*args):
    result = subprocess.run([str(BIN / "onedoor-admin"), "dead-letters", *args], capture_output=True, text=True,
                            env=dict(os.environ, ONEDOOR_AMQP_URL=AMQP_URL), timeout=60)
    return result


def test_a_grid_event_from_the_python_example_becomes_a_case(services, db):
    published = event()
    jsonschema.validate(published, SCHEMA)
    event_id = grid_publisher.publish(amqp_login("grid"), published)
    number = wait_for(lambda: case_of(db, event_id), message="the grid event's case")
    case = wait_for_status(number, "handling")
    assert case["channel"] == "grid"
    assert case["location"] == {"town": "kenli-street", "community": "xingfu", "grid": "kl-xingfu-01",
                                "address": "37.59,118.55"}
    assert case["department"]["code"] == "urban"
    assert case["timeline"][0]["actor"] == "grid:gw-117"


def test_a_version_1_events_photo_links_are_kept_with_the_case(services, db):
    published = event(photos=["https://photos.example/gw-117/1.jpg", "https://photos.example/gw-117/2.jpg"])
    grid_publisher.publish(amqp_login("grid"), published)
    number = wait_for(lambda: case_of(db, published["eventId"]), message="the grid event's case")
    attachments = requests.get(f"{API}/cases/{number}/attachments", timeout=5).json()["attachments"]
    assert [(a["source"], a["url"], a["fileName"]) for a in attachments] == [
        ("grid_photo", "https://photos.example/gw-117/1.jpg", "photo-1"),
        ("grid_photo", "https://photos.example/gw-117/2.jpg", "photo-2")]
    assert all("href" not in a and "sha256" not in a and a["addedBy"] == "grid:gw-117" for a in attachments)


def test_a_version_2_event_brings_its_photos_documents_and_parties(services, db):
    published = event(
        schemaVersion=2,
        photos=[{"url": "https://photos.example/gw-117/wall.jpg", "takenAt": "2026-12-01T08:30:00Z",
                 "caption": "裂缝的围墙"}],
        attachments=[{"url": "https://grid.example/docs/notice.pdf", "name": "物业通知.pdf",
                      "mediaType": "application/pdf"}],
        collective={"people": 12, "representatives": [{"name": "赵敏", "phone": "13700002222"}]},
        otherParties=[{"kind": "organisation", "role": "respondent", "name": "某物业服务有限公司"}],
        amountInvolved=36000)
    jsonschema.validate(published, SCHEMA_V2)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(published, SCHEMA)
    grid_publisher.publish(amqp_login("grid"), published)
    number = wait_for(lambda: case_of(db, published["eventId"]), message="the version 2 event's case")
    case = get_case(number)
    assert case["collective"]["people"] == 12
    assert [p["name"] for p in case["collective"]["representatives"]] == ["赵敏"]
    assert [(p["kind"], p["name"]) for p in case["otherParties"]] == [("organisation", "某物业服务有限公司")]
    assert case["amountInvolved"] == 36000
    attachments = requests.get(f"{API}/cases/{number}/attachments", timeout=5).json()["attachments"]
    assert [(a["source"], a["fileName"], a["mediaType"]) for a in attachments] == [
        ("grid_photo", "裂缝的围墙", "image/*"), ("grid_attachment", "物业通知.pdf", "application/pdf")]


def test_the_same_event_published_again_makes_no_second_case(services, db):
    published = event()
    for _ in range(3):
        grid_publisher.publish(amqp_login("grid"), published)
    number = wait_for(lambda: case_of(db, published["eventId"]), message="the case")
    wait_for_status(number, "handling")
    marker = grid_publisher.publish(amqp_login("grid"), event())  # behind the duplicates in the queue
    wait_for(lambda: case_of(db, marker), message="the marker's case")
    assert db.execute("SELECT count(*) FROM cases WHERE source_event_id = %s",
                      (published["eventId"],)).fetchone()[0] == 1


def test_resolved_on_the_spot_is_a_closed_record_that_still_counts(services, db):
    published = event(resolvedOnSpot=True)
    grid_publisher.publish(amqp_login("grid"), published)
    number = wait_for(lambda: case_of(db, published["eventId"]), message="the case")
    case = get_case(number)
    assert case["resolvedOnSpot"] is True and case["status"] == "follow_up" and case["workOrders"] == []


def bad_inputs():
    missing = event()
    del missing["gridCode"]
    yield "not-json", b"this is not json", "application/json", "invalid body: body: is not valid JSON"
    yield "wrong-type", json.dumps(event()).encode(), "text/plain", "content type must be application/json"
    yield "missing", json.dumps(missing).encode(), "application/json", "gridCode: is required"
    yield "bad-photo", json.dumps(event(photos=["ftp://x/1.jpg"])).encode(), "application/json", "photos: each must"
    yield "bad-phone", json.dumps(event(reporter={"id": "g", "name": "n", "phone": "call me"})).encode(), \
        "application/json", "reporter.phone"
    yield "unknown-grid", json.dumps(event(gridCode="nowhere-99")).encode(), "application/json", \
        "unknown grid code 'nowhere-99'"
    yield "unknown-category", json.dumps(event(category="ufo")).encode(), "application/json", "unknown category 'ufo'"
    yield "oversized", json.dumps(event(description="x" * 300_000)).encode(), "application/json", "over the limit"
    yield "version-3", json.dumps(event(schemaVersion=3)).encode(), "application/json", "unknown schema version 3"
    yield "v2-field-in-v1", json.dumps(event(amountInvolved=5000)).encode(), "application/json", \
        "amountInvolved: needs schemaVersion 2"


def test_each_kind_of_bad_input_is_dead_lettered_with_its_reason_and_the_queue_flows(services, db, amqp):
    sent = {}
    for name, body, content_type, reason in bad_inputs():
        message_id = f"bad-{name}-{uuid.uuid4()}"
        if body.startswith(b"{"):  # keep message_id == eventId so only the intended fault is present
            payload = json.loads(body)
            payload["eventId"] = message_id
            body = json.dumps(payload).encode()
        raw_publish(body, message_id, content_type)
        sent[message_id] = reason
    mismatched = f"other-{uuid.uuid4()}"
    raw_publish(json.dumps(event()).encode(), mismatched)
    sent[mismatched] = "must equal eventId"
    good = grid_publisher.publish(amqp_login("grid"), event())

    wait_for(lambda: case_of(db, good), message="the valid event behind the bad ones")
    for message_id, reason in sent.items():
        properties, _ = dead_letter(amqp, message_id)
        headers = properties.headers
        assert reason in headers["x-onedoor-reason"], (message_id, headers["x-onedoor-reason"])
        assert headers["x-original-exchange"] == "onedoor.grid"
        assert headers["x-original-routing-key"] == "grid.kl.test"
        assert headers["x-dead-lettered-at"]
        assert case_of(db, message_id) is None


def test_the_json_schema_and_the_code_agree(services, db):
    # Every valid sample passes the schema; every bad sample that is JSON fails it too.
    jsonschema.validate(event(), SCHEMA)
    jsonschema.validate(event(resolvedOnSpot=True, photos=[]), SCHEMA)
    for name, body, content_type, _ in bad_inputs():
        if name in ("not-json", "wrong-type", "unknown-grid", "unknown-category"):
            continue  # not a matter of shape: reference data and transport
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(json.loads(body), SCHEMA)
    # What the code emits to departments carries what the contract promises.
    sample = event()
    grid_publisher.publish(amqp_login("grid"), sample)
    number = wait_for(lambda: case_of(db, sample["eventId"]), message="the case")
    order = get_case(wait_for_status(number, "handling")["caseNumber"])["workOrders"][0]
    assert {"id", "department", "round", "dispatchedAt", "dueAt"} <= set(order)


def test_a_department_consumer_in_python_receives_its_work_order_and_answers(services, db):
    # Market regulation runs its own system: the department service leaves dept.market to it.
    services.stop("department")
    services.start("department", ONEDOOR_DEPARTMENTS="housing,labour,police,justice,court,civil-affairs,urban,"
                                                     "culture,women,petition")
    try:
        published = event(category="consumer", description="Shop refuses refund for a broken kettle.")
        grid_publisher.publish(amqp_login("grid"), published)
        number = wait_for(lambda: case_of(db, published["eventId"]), message="the case")
        handled = department_consumer.consume(amqp_login("department", "market"), "market", answer_text="Refund arranged.", limit=1,
                                              timeout=30)
        assert [o["caseNumber"] for o in handled] == [number]
        case = wait_for_status(number, "answered")
        assert [e["action"] for e in case["timeline"]] == ["register", "dispatch", "receive", "answer"]
        assert case["timeline"][2]["actor"] == "department:market/system:dept-market"
        assert case["answers"][0]["text"] == "Refund arranged."
    finally:
        services.stop("department")
        services.start("department")


def test_an_operator_lists_and_replays_a_dead_letter_after_fixing_reference_data(services, db):
    grid = f"kl-new-{uuid.uuid4().hex[:6]}"
    published = event(gridCode=grid)
    grid_publisher.publish(amqp_login("grid"), published)
    listed = wait_for(lambda: (r := admin("list", "--limit", "10000")).returncode == 0
                      and published["eventId"] in r.stdout and r.stdout, message="the dead letter in the list")
    line = next(l for l in listed.splitlines() if published["eventId"] in l)
    assert f"unknown grid code '{grid}'" in line and "onedoor.grid" in line

    # The event carries the reporter's phone: its body rests sealed; --open reveals it, noted on stderr.
    shown = admin("show", published["eventId"])
    assert shown.returncode == 0 and "x-onedoor-reason" in shown.stdout and "body sealed" in shown.stdout
    assert '"gridCode"' not in shown.stdout
    opened = admin("show", "--open", published["eventId"])
    assert opened.returncode == 0 and '"gridCode"' in opened.stdout and "revealed" in opened.stderr

    db.execute("INSERT INTO grids (code, town_code, community_code, name) VALUES (%s, 'kenli-street', 'xingfu', "
               "'A new grid')", (grid,))
    replayed = admin("replay", published["eventId"])
    assert replayed.returncode == 0, replayed.stderr
    assert "1 replayed" in replayed.stdout
    number = wait_for(lambda: case_of(db, published["eventId"]), message="the replayed event's case")
    assert wait_for_status(number, "handling")["location"]["grid"] == grid
    assert published["eventId"] not in admin("list", "--limit", "10000").stdout

    assert admin("replay", "no-such-letter").returncode != 0
    refused = admin("purge")
    assert refused.returncode != 0 and "--yes" in refused.stderr
