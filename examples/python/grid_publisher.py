"""An integrator's grid-management app publishing a grid event to OneDoor.

Publishes persistent JSON to exchange onedoor.grid with publisher confirms and
mandatory routing; the AMQP message_id is the event id, so publishing the same
event again is harmless."""
import argparse
import json
import os
import uuid
from datetime import datetime, timezone

import pika


def make_event(grid, category, description, reporter_id, reporter_name, reporter_phone,
               latitude=37.59, longitude=118.55, resolved_on_spot=False, photos=None, event_id=None):
    return {
        "schemaVersion": 1,
        "eventId": event_id or f"grid-{uuid.uuid4()}",
        "gridCode": grid,
        "reporter": {"id": reporter_id, "name": reporter_name, "phone": reporter_phone},
        "occurredAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "category": category,
        "description": description,
        "location": {"latitude": latitude, "longitude": longitude},
        "photos": photos or [],
        "resolvedOnSpot": resolved_on_spot,
    }


def publish(url, event, routing_key=None):
    """Publishes and waits for the broker's confirm; raises if it is not routed or not taken."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            "onedoor.grid", routing_key or f"grid.{event['gridCode']}.{event['category']}",
            json.dumps(event, ensure_ascii=False).encode(),
            pika.BasicProperties(delivery_mode=2, content_type="application/json",
                                 message_id=event["eventId"], type="grid-event.v1"),
            mandatory=True)
    finally:
        connection.close()
    return event["eventId"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("ONEDOOR_AMQP_URL",
                                                        "amqp://onedoor:onedoor@127.0.0.1:5682/onedoor"))
    parser.add_argument("--grid", required=True)
    parser.add_argument("--category", required=True)
    parser.add_argument("--description", required=True)
    parser.add_argument("--reporter-id", required=True)
    parser.add_argument("--reporter-name", required=True)
    parser.add_argument("--reporter-phone", required=True)
    parser.add_argument("--resolved-on-spot", action="store_true")
    parser.add_argument("--event-id")
    args = parser.parse_args()
    event = make_event(args.grid, args.category, args.description, args.reporter_id, args.reporter_name,
                       args.reporter_phone, resolved_on_spot=args.resolved_on_spot, event_id=args.event_id)
    print(publish(args.url, event))


if __name__ == "__main__":
    main()
