"""当事人 (#18): a collective petition (集体访) with its representatives, the other parties
(对方当事人) and the amount involved, registered over HTTP, protected like the petitioner's data,
and found again by repeat detection through any representative."""
import json
import uuid

from conftest import API, get_case, register, registration, wait_for
from test_case_search import found
from test_repeat_lookup import lookup, resident_id


def phone():
    return f"139{uuid.uuid4().int % 10**8:08d}"


def collective_petition(representatives, respondent_phone, id_number):
    return registration(
        category="wage-arrears", location={"town": "shengli"},
        facts=f"Thirty workers unpaid for six months by the builder ({uuid.uuid4()}).",
        demand="Pay the wages owed.",
        petitioner={"name": "刘建国", "phone": representatives[0]},
        collective={"people": 30, "representatives": [
            {"name": "陈秀兰", "phone": representatives[1], "idNumber": id_number},
            {"name": "张伟", "phone": representatives[2]},
        ]},
        otherParties=[
            {"kind": "organisation", "role": "respondent", "name": "垦利某建筑工程有限公司", "phone": "0546-2345678"},
            {"kind": "person", "role": "respondent", "name": "王包工", "phone": respondent_phone,
             "idNumber": resident_id()},
        ],
        amountInvolved=1_250_000.5,
    )


def test_a_collective_petition_with_three_representatives_two_respondents_and_its_amount(services, db):
    representatives, respondent = [phone(), phone(), phone()], phone()
    id_number = resident_id()
    response = register(collective_petition(representatives, respondent, id_number))
    assert response.status_code == 201, response.text
    number = response.json()["caseNumber"]

    case = get_case(number)
    assert case["collective"]["people"] == 30
    assert [(p["name"], p["phone"]) for p in case["collective"]["representatives"]] == [
        ("陈秀兰", representatives[1][:3] + "****" + representatives[1][-4:]),
        ("张伟", representatives[2][:3] + "****" + representatives[2][-4:])]
    assert all(p["side"] == "petitioner" and p["role"] == "representative" and p["kind"] == "person"
               for p in case["collective"]["representatives"])
    assert [(p["kind"], p["role"], p["name"]) for p in case["otherParties"]] == [
        ("organisation", "respondent", "垦利某建筑工程有限公司"), ("person", "respondent", "王包工")]
    assert case["otherParties"][1]["phone"] == respondent[:3] + "****" + respondent[-4:]
    assert case["amountInvolved"] == 1_250_000.5
    assert "idNumber" not in str(case)

    # At rest: phones sealed, ID numbers only as keyed hashes; nothing in clear.
    rows = db.execute(
        "SELECT p.phone, p.phone_hash, p.id_hash, p.name FROM case_parties p JOIN cases c ON c.id = p.case_id "
        "WHERE c.case_number = %s ORDER BY p.position", (number,)).fetchall()
    assert len(rows) == 4
    assert all(row[0].startswith("v1:") for row in rows)
    stored = " ".join(str(value) for row in rows for value in row)
    for secret in representatives[1:] + [respondent, id_number, id_number[:10]]:
        assert secret not in stored
    assert rows[0][2] is not None and rows[1][2] is None  # 陈秀兰's ID number, as a hash
    assert db.execute("SELECT collective_people, amount_involved::text FROM cases WHERE case_number = %s",
                      (number,)).fetchone() == (30, "1250000.50")


def test_repeat_detection_finds_the_second_representative(services):
    representatives = [phone(), phone(), phone()]
    first = register(collective_petition(representatives, phone(), resident_id())).json()["caseNumber"]
    # The second representative comes back alone with the same dispute.
    again = register(registration(
        category="wage-arrears", location={"town": "shengli"},
        petitioner={"name": "陈秀兰", "phone": "+86 " + representatives[1]}))
    assert again.status_code == 201, again.text
    case = get_case(again.json()["caseNumber"])
    assert case["repeatOf"] == first
    assert f"repeat of {first}" in case["timeline"][0]["reason"]
    # And the window's lookup finds the collective petition by that representative's phone.
    assert first in [c["caseNumber"] for c in lookup({"phone": representatives[1]}).json()["cases"]]
    # So does case search (案件查询), by the second and the third representative alike.
    for representative in representatives[1:]:
        assert first in found(phone=representative), representative


def test_bad_parties_are_named_field_by_field(services):
    body = registration(
        collective={"people": 3, "representatives": [{"name": "甲", "phone": phone()}] * 5},
        otherParties=[{"kind": "organisation", "role": "respondent", "name": "某公司", "idNumber": resident_id()},
                      {"kind": "person", "role": "respondent", "name": " ", "phone": "一二三四五六七"}],
        amountInvolved=12.345)
    response = register(body)
    assert response.status_code == 422, response.text
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"collective.representatives", "otherParties[0].idNumber", "otherParties[1].name",
            "otherParties[1].phone", "amountInvolved"} <= fields, fields

    too_few = register(registration(collective={"people": 1, "representatives": []}, amountInvolved=-1))
    assert too_few.status_code in (400, 422)
    assert {"collective.people", "amountInvolved"} <= {e["field"] for e in too_few.json()["errors"]}

    wrong_kind = register(registration(otherParties=[{"kind": "robot", "role": "respondent", "name": "X"}]))
    assert wrong_kind.status_code in (400, 422)
    assert any(e["field"].startswith("otherParties") for e in wrong_kind.json()["errors"])


def test_the_work_order_names_the_other_parties_and_the_amount(services, amqp):
    """交办单: the department learns who the dispute is with, phones masked."""
    channel = amqp
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, "onedoor.departments", "urban")
    respondent = phone()
    number = register(registration(
        otherParties=[{"kind": "organisation", "role": "respondent", "name": "幸福广场舞队"},
                      {"kind": "person", "role": "third_party", "name": "物业李经理", "phone": respondent}],
        amountInvolved=800)).json()["caseNumber"]

    def order():
        while True:
            method, _, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return None
            message = json.loads(body)
            if message.get("caseNumber") == number:
                return message

    work_order = wait_for(order, message="urban's work order")
    assert [(p["kind"], p["role"], p["name"]) for p in work_order["otherParties"]] == [
        ("organisation", "respondent", "幸福广场舞队"), ("person", "third_party", "物业李经理")]
    assert work_order["otherParties"][1]["phone"] == respondent[:3] + "****" + respondent[-4:]
    assert respondent not in json.dumps(work_order, ensure_ascii=False)
    assert work_order["amountInvolved"] == 800 and "collective" not in work_order
