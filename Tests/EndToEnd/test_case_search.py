"""案件查询 (docs/http-api.md, case search): by number, phone, ID number, name, any Chinese
substring of the facts or demand, category, place, status, channel, department and dates; newest
first, a page at a time, only within the caller's scope; bad criteria named."""
import random
import uuid
from datetime import datetime, timedelta, timezone

import requests

from conftest import API, register, registration, wait_for_status
from test_accounts import new_account, session
from test_everyones_worklist import every, get
from test_repeat_lookup import resident_id


def marker(length=4):
    """Chinese characters no other case has (from the CJK block, at random)."""
    return "".join(chr(0x4E00 + random.randrange(0x5000)) for _ in range(length))


def found(headers=None, **criteria):
    return [c["caseNumber"] for c in every("/cases", headers, key="cases", **criteria)]


def test_cases_are_found_by_a_chinese_substring_of_facts_demand_or_name(services):
    mark = marker()
    square = register(registration(facts=f"{mark}：广场舞噪音扰民，每晚到十点。", demand="晚上八点半以后停止")).json()
    market = register(registration(facts=f"{mark}：菜市场清晨装卸货物", demand="请协调装卸时间",
                                   petitioner={"name": f"欧阳{mark}", "phone": "13900001111"})).json()
    assert square["caseNumber"] in found(text="噪音") and market["caseNumber"] not in found(text="噪音")
    assert found(text=mark) == [market["caseNumber"], square["caseNumber"]]  # newest first
    assert found(text=f"{mark} 噪音") == [square["caseNumber"]]  # every word must be found
    assert found(text=f"{mark} 舞噪") == [square["caseNumber"]]  # any substring, across "words"
    assert found(text=f"{mark} 停止") == [square["caseNumber"]]  # the demand too
    assert found(text=f"{mark} 噪音扰民民") == []
    assert found(name=mark[1:3]) == [market["caseNumber"]]
    assert found(name=f"欧阳{mark}")[0] == market["caseNumber"]
    summary = every("/cases", key="cases", text=mark)[0]
    assert summary["petitioner"] == "欧*****" and summary["status"] and summary["category"] == "noise"
    assert "phone" not in summary and "facts" not in summary


def test_cases_are_found_by_number_phone_id_number_and_every_filter(services, db):
    phone, id_number, mark = f"135{uuid.uuid4().int % 10**8:08d}", resident_id(), marker()
    person = {"name": "钱七", "phone": phone, "idNumber": id_number}
    first = register(registration(facts=f"{mark} 楼上漏水", petitioner=person)).json()["caseNumber"]
    second = register(registration(facts=f"{mark} 拖欠工资", category="labour-contract", channel="phone",
                                   petitioner=person, location={"town": "xiawa", "community": "beiguan"})
                      ).json()["caseNumber"]
    wait_for_status(first, "handling")
    wait_for_status(second, "handling")
    assert found(number=first) == [first]
    assert found(phone=phone) == [second, first]
    assert found(phone=f"+86 {phone[:3]}-{phone[3:]}") == [second, first]
    assert found(idNumber=id_number.lower()) == [second, first]
    assert found(phone=f"136{uuid.uuid4().int % 10**8:08d}") == []
    # Nothing is stored in clear: the phone and the ID number are not in the table.
    assert db.execute("SELECT count(*) FROM cases WHERE petitioner_phone = %s OR facts LIKE %s",
                      (phone, f"%{id_number}%")).fetchone()[0] == 0
    assert found(text=mark, category="labour-contract") == [second]
    assert found(text=mark, category="urban-management") == [first]  # a class: its kinds
    assert found(text=mark, town="xiawa") == [second]
    assert found(text=mark, community="xingfu") == [first]
    assert found(text=mark, channel="phone") == [second]
    assert found(text=mark, department="labour") == [second]
    assert found(text=mark, status="handling") == [second, first] and found(text=mark, status="archived") == []
    today = str(datetime.now(timezone(timedelta(hours=8))).date())
    assert found(text=mark, **{"from": today, "to": today}) == [second, first]
    assert found(text=mark, to="2020-01-01") == []


def test_search_stays_within_the_callers_scope(services):
    mark = marker()
    here = register(registration(facts=f"{mark} 噪音")).json()["caseNumber"]
    there = register(registration(facts=f"{mark} 工资", category="labour-contract",
                                  location={"town": "xiawa", "community": "beiguan"})).json()["caseNumber"]
    wait_for_status(here, "handling")
    wait_for_status(there, "handling")
    assert found(session(*new_account("clerk", town="xiawa")), text=mark) == [there]
    assert found(session(*new_account("department", department="urban")), text=mark) == [here]
    assert found(session(*new_account("dispatcher")), text=mark) == [there, here]
    assert found(session(*new_account("followup", town="kenli-street")), text=mark) == [here]
    get("/cases", session(*new_account("expert", expert="kl-03")), expect=403, text=mark)


def test_search_pages_are_stable_and_bad_criteria_are_named(services):
    mark = marker()
    numbers = [register(registration(facts=f"{mark} 第{i}件")).json()["caseNumber"] for i in range(5)]
    seen, after = [], None
    while True:
        page = get("/cases", text=mark, limit=2, **({"after": after} if after else {}))
        seen += [c["caseNumber"] for c in page["cases"]]
        register(registration(facts=f"{mark} 新来的"))  # newer: not on a later page
        after = page.get("next")
        if not after:
            break
    assert seen == numbers[::-1]
    bad = get("/cases", expect=422, text="噪", phone="12", idNumber="123", name="王", **{"from": "2026-13-01"},
              to="2026-01-01", after="nope", status="lost")
    assert {e["field"] for e in bad["errors"]} == {"text", "phone", "idNumber", "name", "from", "after", "status"}
    reversed_dates = get("/cases", expect=422, **{"from": "2026-02-01"}, to="2026-01-01")
    assert [e["field"] for e in reversed_dates["errors"]] == ["to"]
