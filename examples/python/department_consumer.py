"""A department's own system consuming its OneDoor work orders.

Consumes dept.<code> with manual acks: it stores the work order on its side
(here: prints it), reports receipt and an answer back to OneDoor on exchange
onedoor.department-actions (with confirms), and only then acks. A work order
delivered again (same message_id) is recognised and only acked."""
import argparse
import json
import os
import uuid

import pika

ACTIONS = "onedoor.department-actions"


def report(channel, department, action, body):
    channel.basic_publish(
        ACTIONS, f"{department}.{action}", json.dumps({"action": action, **body}, ensure_ascii=False).encode(),
        pika.BasicProperties(delivery_mode=2, content_type="application/json",
                             message_id=f"{department}-{action}-{uuid.uuid4()}"),
        mandatory=True)


def consume(url, department, answer_text=None, limit=None, timeout=30):
    """Handles work orders until `limit` were handled or none came for `timeout` seconds; returns them."""
    seen, handled = set(), []
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_qos(prefetch_count=10)
        for method, properties, body in channel.consume(f"dept.{department}", inactivity_timeout=timeout):
            if method is None:
                break
            if properties.message_id in seen:
                channel.basic_ack(method.delivery_tag)
                continue
            order = json.loads(body)
            print(f"work order {order['workOrderId']} for case {order['caseNumber']}, due {order['dueAt']}")
            report(channel, department, "receive",
                   {"caseNumber": order["caseNumber"], "workOrderId": order["workOrderId"],
                    "departmentCode": department})
            if answer_text:
                report(channel, department, "answer",
                       {"caseNumber": order["caseNumber"], "answer": {"outcome": "resolved", "text": answer_text}})
            channel.basic_ack(method.delivery_tag)  # only after our reports were confirmed
            seen.add(properties.message_id)
            handled.append(order)
            if limit and len(handled) >= limit:
                break
        channel.cancel()
    finally:
        connection.close()
    return handled


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("ONEDOOR_AMQP_URL",
                                                        "amqp://onedoor:onedoor@127.0.0.1:5682/onedoor"))
    parser.add_argument("--department", required=True)
    parser.add_argument("--answer", help="answer every work order with this text")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    consume(args.url, args.department, args.answer, args.limit)


if __name__ == "__main__":
    main()
