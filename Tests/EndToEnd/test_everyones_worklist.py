"""Everyone's worklist (docs/http-api.md, worklists): an expert's panels, the visits due, a
supervisor's overdue and supervised work across departments, a clerk's registrations today and
the triage list a page at a time — each showing exactly the caller's own, within their scope."""
from datetime import datetime, timedelta

import requests

from conftest import API, get_case, register, registration, wait_for, wait_for_status
from test_accounts import new_account, session
from test_lifecycle import PANEL, answer, handling_case, post, sign


def get(path, headers=None, expect=200, **query):
    response = requests.get(f"{API}{path}", params=query, headers=headers, timeout=10)
    assert response.status_code == expect, f"{path}: {response.status_code} {response.text}"
    return response.json()


def every(path, headers=None, key="items", **query):
    """All pages of a list, following `next`."""
    items, after = [], None
    while True:
        page = get(path, headers, limit=200, **query, **({"after": after} if after else {}))
        items += page[key]
        after = page.get("next")
        if not after:
            return items


def test_each_expert_sees_exactly_the_panels_awaiting_their_opinion(services):
    number = handling_case()
    answer(number)
    sign(number, "disputed")
    panel = post(f"/cases/{number}/review", {"experts": PANEL}, expect=201)
    on_panel = session(*new_account("expert", expert="kl-01"))
    elsewhere = session(*new_account("expert", expert="kl-06"))

    mine = get("/experts/kl-01/panels", on_panel)
    assert mine["expert"] == "kl-01" and mine["state"] == "awaiting" and mine["counts"]["awaiting"] >= 1
    awaiting = every("/experts/kl-01/panels", on_panel)
    item = next(i for i in awaiting if i["panelId"] == panel["panelId"])
    assert item["caseNumber"] == number and item["department"] == "urban" and item["town"] == "kenli-street"
    assert item["members"] == 5 and item["opinions"] == 0 and item["overdue"] is False and "verdict" not in item
    applied, due = datetime.fromisoformat(item["appliedAt"]), datetime.fromisoformat(item["opinionDueAt"])
    assert due - applied == timedelta(days=10)
    assert [i["opinionDueAt"] for i in awaiting] == sorted(i["opinionDueAt"] for i in awaiting)
    assert all(i["panelId"] != panel["panelId"] for i in every("/experts/kl-06/panels", elsewhere))
    # Another expert's list is refused; an unknown expert is not found; a supervisor sees any.
    get("/experts/kl-06/panels", on_panel, expect=403)
    get("/experts/nobody/panels", expect=404)
    assert any(i["panelId"] == panel["panelId"] for i in every("/experts/kl-01/panels"))

    # The opinion given, the panel leaves "awaiting" and is among "given" with the verdict.
    post(f"/panels/{panel['panelId']}/opinions", {
        "expert": "kl-01", "verdict": "uphold", "reasonable": True, "lawful": True,
        "reasons": "The answer follows the noise rules."}, headers=on_panel)
    assert all(i["panelId"] != panel["panelId"] for i in every("/experts/kl-01/panels", on_panel))
    given = next(i for i in every("/experts/kl-01/panels", on_panel, state="given")
                 if i["panelId"] == panel["panelId"])
    assert given["verdict"] == "uphold" and given["opinions"] == 1 and given["votedAt"]


def test_followup_staff_see_the_visits_due_oldest_first_in_their_town(services):
    here = handling_case()
    there = handling_case(location={"town": "xiawa", "community": "beiguan"})
    for number in (here, there):
        answer(number)
        sign(number, "accepted")
        wait_for(lambda n=number: get_case(n)["visits"], message=f"{number}'s visit scheduled")
    district = session(*new_account("followup"))
    town = session(*new_account("followup", town="kenli-street"))

    due = every("/visits/due", district)
    assert {here, there} <= {i["caseNumber"] for i in due}
    assert [i["scheduledAt"] for i in due] == sorted(i["scheduledAt"] for i in due)
    item = next(i for i in due if i["caseNumber"] == here)
    assert item["round"] == 1 and item["petitioner"] == "王**" and item["phone"] == "138****1234"
    assert item["department"] == "urban" and item["community"] == "xingfu"
    mine = every("/visits/due", town)
    assert here in {i["caseNumber"] for i in mine} and there not in {i["caseNumber"] for i in mine}
    assert get("/visits/due", town)["count"] <= get("/visits/due", district)["count"]

    # Recorded, the visit leaves the list.
    post(f"/cases/{here}/visits", {"method": "phone", "satisfaction": "satisfied"}, expect=201, headers=town)
    assert here not in {i["caseNumber"] for i in every("/visits/due", town)}
    get("/visits/due", session(*new_account("expert", expert="kl-02")), expect=403)


def test_a_supervisor_sees_overdue_and_supervised_work_across_departments_in_scope(services, db):
    noise = handling_case()
    wages = handling_case(category="labour-contract")
    far = handling_case(location={"town": "xiawa", "community": "beiguan"})
    orders = {n: get_case(n)["workOrders"][0]["id"] for n in (noise, wages, far)}
    db.execute("UPDATE work_orders SET due_at = now() - interval '4 days' WHERE id = ANY(%s::uuid[])",
               (list(orders.values()),))
    db.execute("INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at) "
               "SELECT case_id, id, department_code, 'notice', due_at FROM work_orders WHERE id = %s",
               (orders[wages],))
    db.execute("INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at) "
               "SELECT case_id, id, department_code, l, due_at FROM work_orders, unnest(ARRAY['notice', 'flagged']) l "
               "WHERE id = %s", (orders[noise],))
    district = session(*new_account("supervisor"))
    town = session(*new_account("supervisor", town="kenli-street"))

    overdue = every("/supervision", district)
    seen = {i["caseNumber"]: i for i in overdue}
    assert {noise, wages, far} <= set(seen) and all(i["overdue"] for i in overdue)
    assert [i["dueAt"] for i in overdue] == sorted(i["dueAt"] for i in overdue)
    assert seen[noise]["department"] == "urban" and seen[wages]["department"] == "labour"
    assert seen[noise]["supervision"] == "flagged" and seen[wages]["supervision"] == "notice"
    flagged = {i["caseNumber"] for i in every("/supervision", district, state="flagged")}
    notices = {i["caseNumber"] for i in every("/supervision", district, state="notice")}
    assert noise in flagged and wages not in flagged and wages in notices and noise not in notices
    labour = {i["caseNumber"] for i in every("/supervision", district, department="labour")}
    assert wages in labour and noise not in labour
    page = get("/supervision", district)
    by_department = {d["department"]: d for d in page["departments"]}
    assert by_department["urban"]["flagged"] >= 1 and by_department["labour"]["notice"] >= 1
    assert by_department["urban"]["overdue"] >= 1

    # A town's supervisor: that town's only.
    mine = {i["caseNumber"] for i in every("/supervision", town)}
    assert noise in mine and far not in mine
    get("/supervision", district, expect=404, department="atlantis")
    get("/supervision", session(*new_account("department", department="urban")), expect=403)
    # The handler's own list marks the same states.
    urban = session(*new_account("department", department="urban"))
    assert noise in {i["caseNumber"] for i in every("/departments/urban/work-orders", urban, state="flagged")}
    assert get("/departments/urban/work-orders", urban)["counts"]["flagged"] >= 1


def test_a_clerk_sees_the_cases_they_registered_today(services):
    clerk = session(*new_account("clerk"))
    other = session(*new_account("clerk"))
    numbers = [requests.post(f"{API}/cases", json=registration(), headers=clerk, timeout=10).json()["caseNumber"]
               for _ in range(3)]
    someone_elses = requests.post(f"{API}/cases", json=registration(), headers=other, timeout=10).json()
    today = get("/registrations", clerk)
    assert today["count"] == 3 and [c["caseNumber"] for c in today["cases"]] == numbers[::-1]
    assert today["cases"][0]["petitioner"] == "王**" and today["cases"][0]["category"] == "noise"
    assert someone_elses["caseNumber"] not in {c["caseNumber"] for c in every("/registrations", clerk, "cases")}
    two = get("/registrations", clerk, limit=2)
    rest = get("/registrations", clerk, after=two["next"])
    assert [c["caseNumber"] for c in two["cases"] + rest["cases"]] == numbers[::-1] and "next" not in rest
    assert get("/registrations", clerk, date="2020-01-01") == {"date": "2020-01-01", "count": 0, "cases": []}
    bad = get("/registrations", clerk, expect=422, date="2026-02-30")
    assert [e["field"] for e in bad["errors"]] == ["date"]
    get("/registrations", expect=403)  # an admin registered nothing of their own: the clerk's list only


def test_the_triage_list_comes_a_page_at_a_time_in_scope(services):
    numbers = [register(registration(category="petition-other")).json()["caseNumber"] for _ in range(3)]
    far = register(registration(category="petition-other", location={"town": "xiawa", "community": "beiguan"}))
    for number in numbers + [far.json()["caseNumber"]]:
        wait_for_status(number, "triage")
    dispatcher = session(*new_account("dispatcher"))
    town = session(*new_account("dispatcher", town="kenli-street"))
    first = get("/triage", dispatcher, limit=2)
    assert len(first["cases"]) == 2 and first["next"] and first["count"] >= 4
    waiting = every("/triage", dispatcher, key="cases")
    ids = [c["caseNumber"] for c in waiting]
    assert set(numbers) <= set(ids) and len(ids) == len(set(ids))
    assert [c["registeredAt"] for c in waiting] == sorted(c["registeredAt"] for c in waiting)
    mine = {c["caseNumber"] for c in every("/triage", town, key="cases")}
    assert set(numbers) <= mine and far.json()["caseNumber"] not in mine
    assert get("/triage", town)["count"] < get("/triage", dispatcher)["count"]
