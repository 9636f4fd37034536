"""我的待办 (docs/http-api.md, worklists): a department's work orders, soonest due first, marked
overdue and supervised, a page at a time and stable while cases arrive; each handler sees
exactly their own department's."""
import requests

from conftest import API, get_case, register, registration, wait_for
from test_accounts import new_account, session


def worklist(headers, code, **query):
    response = requests.get(f"{API}/departments/{code}/work-orders", params=query, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def every_item(headers, code, **query):
    """All pages of the list, following `next`."""
    items, after = [], None
    while True:
        page = worklist(headers, code, limit=200, **query, **({"after": after} if after else {}))
        items += page["items"]
        after = page.get("next")
        if not after:
            return items


def dispatched(number):
    return wait_for(lambda: (case := get_case(number))["workOrders"] and case, message=f"{number} dispatched")


def test_each_handler_sees_exactly_their_departments_work_orders(services, db):
    urban = session(*new_account("department", department="urban"))
    labour = session(*new_account("department", department="labour"))
    noise = register(registration()).json()["caseNumber"]  # → urban
    wages = register(registration(category="labour-contract")).json()["caseNumber"]  # → labour
    noise_order = dispatched(noise)["workOrders"][0]
    dispatched(wages)

    mine = worklist(urban, "urban", limit=200)
    assert mine["department"] == "urban" and mine["state"] == "open"
    every = every_item(urban, "urban")
    assert noise_order["id"] in [item["workOrderId"] for item in every]
    assert all(item["caseNumber"] != wages for item in every)
    item = next(i for i in every if i["caseNumber"] == noise)
    assert item["petitioner"] == "王**" and item["category"] == "noise" and item["town"] == "kenli-street"
    assert item["community"] == "xingfu" and item["channel"] == "visit" and item["overdue"] is False
    assert set(mine["counts"]) == {"open", "dueSoon", "overdue", "notice", "flagged", "answered"} and mine["counts"]["open"] >= 1
    due = [i["dueAt"] for i in every]
    assert due == sorted(due)
    assert any(i["caseNumber"] == wages for i in every_item(labour, "labour"))
    # Another department's list is refused; a supervisor sees any.
    other = requests.get(f"{API}/departments/labour/work-orders", headers=urban, timeout=5)
    assert other.status_code == 403
    assert worklist({}, "labour")["department"] == "labour"
    assert requests.get(f"{API}/departments/atlantis/work-orders", timeout=5).status_code == 404

    # Overdue and supervised: marked, and in the overdue state.
    db.execute("UPDATE work_orders SET due_at = now() - interval '3 days' WHERE id = %s", (noise_order["id"],))
    db.execute("INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at) "
               "SELECT case_id, id, department_code, 'flagged', due_at FROM work_orders WHERE id = %s",
               (noise_order["id"],))
    late = every_item(urban, "urban", state="overdue")
    flagged = next(i for i in late if i["workOrderId"] == noise_order["id"])
    assert flagged["overdue"] is True and flagged["supervision"] == "flagged"
    assert worklist(urban, "urban", state="overdue")["counts"]["overdue"] >= 1
    assert all(i["overdue"] for i in late)


def test_paging_is_stable_while_cases_are_registered(services):
    urban = session(*new_account("department", department="urban"))
    for _ in range(4):
        register(registration())
    seen, after, pages = [], None, 0
    while True:
        query = {"limit": 3, **({"after": after} if after else {})}
        page = worklist(urban, "urban", **query)
        seen += [(item["dueAt"], item["workOrderId"]) for item in page["items"]]
        register(registration())  # arrives between pages: due later, so it joins at the end or not at all
        pages += 1
        after = page.get("next")
        if not after or pages > 200:
            break
    ids = [work_order for _, work_order in seen]
    assert len(ids) == len(set(ids)), "a work order was listed twice"
    due = [at for at, _ in seen]  # whole seconds in JSON; the order within a second is the database's
    assert due == sorted(due), "pages are not in due order"
    bad = requests.get(f"{API}/departments/urban/work-orders", params={"after": "not-a-cursor"}, headers=urban,
                       timeout=5)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "after"
    too_many = requests.get(f"{API}/departments/urban/work-orders", params={"limit": 1000, "state": "soon"},
                            headers=urban, timeout=5)
    assert too_many.status_code == 422 and {e["field"] for e in too_many.json()["errors"]} == {"limit", "state"}
