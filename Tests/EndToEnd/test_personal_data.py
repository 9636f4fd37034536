"""Personal data: phone numbers are sealed at rest (key from configuration),
ID numbers are never stored, the case view masks the phone, the department's
work order carries the phone it needs, and no log line or broadcast event
holds a clear identity number or phone."""
import json
import uuid

import pika
import psycopg

from conftest import AMQP_URL, PG_URL, STATE, get_case, register, registration, wait_for, wait_for_status
from test_routing import resident_id


def test_identity_data_is_sealed_masked_and_kept_out_of_logs_and_events(services):
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    tap = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(tap, "onedoor.events", "#")
    channel.queue_bind(tap, "onedoor.departments", "urban")

    id_number = resident_id()
    phone = "135" + str(uuid.uuid4().int)[:8]
    number = register(registration(petitioner={"name": "李红", "phone": phone, "idNumber": id_number})).json()[
        "caseNumber"]
    wait_for_status(number, "handling")

    with psycopg.connect(PG_URL) as db:
        row = db.execute("SELECT petitioner_phone, petitioner_phone_masked, cases::text FROM cases "
                         "WHERE case_number = %s", (number,)).fetchone()
    sealed, masked, whole_row = row
    assert sealed.startswith("v1:") and phone not in whole_row and id_number[:17] not in whole_row
    assert masked == phone[:3] + "****" + phone[-4:]
    assert get_case(number)["petitioner"] == {"name": "李红", "phone": masked, "language": "zh-CN",
                                              "smsOptOut": False}

    messages = []

    def drain():
        while True:
            method, _, body = channel.basic_get(tap, auto_ack=True)
            if method is None:
                return any(m[0] == "urban" and number in m[1] for m in messages)
            messages.append((method.routing_key, body.decode()))
    wait_for(drain, message="the work order")
    order = next(json.loads(body) for key, body in messages if key == "urban" and number in body)
    assert order["petitioner"] == {"name": "李红", "phone": phone}  # the department must call them
    events = [body for key, body in messages if key != "urban"]
    assert events and not any(phone in body or id_number[:17] in body for body in events)
    connection.close()

    for log in (STATE / "logs").glob("*.log"):
        text = log.read_text(errors="replace")
        assert id_number[:17] not in text and phone not in text, log.name
