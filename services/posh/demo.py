"""Demo POSH: the Local Committee of every demo district, workplaces in a few districts (one with a
constituted Internal Committee, one whose IC lacks its external member, one with fewer than ten
workers), complaints routed to the Internal or the Local Committee, and the committees' steps:
copies sent, replies, inquiries, reports and the employer's action; one conciliation settled, one
interim relief, one complaint filed late and admitted on an extension.

Every name and phone number is fictitious: the family name is always "Demo", organisations are
"Demo …" and phones are 9000-04-xxxx.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chassis.demo import DEMO_DISTRICTS, DemoClient

IST = timezone(timedelta(hours=5, minutes=30), "IST")  # the filing limit counts Indian days
WOMEN = ["Kavita", "Shweta", "Nargis", "Pallavi", "Rekha", "Tanvi", "Farah", "Madhu", "Ritu", "Seema"]
MEN = ["Rakesh", "Vivek", "Sameer", "Alok", "Naveen", "Javed", "Manish", "Pradeep"]
COMPLAINANT_JOBS = ["Accounts assistant", "Staff nurse", "Machine operator", "Data entry operator", "Teacher",
                    "Sales executive", "Lab technician"]
RESPONDENT_JOBS = ["Branch manager", "Shift supervisor", "Senior doctor", "Floor in-charge", "Principal",
                   "Regional sales head"]
DESCRIPTIONS = [
    "Demo complaint: the supervisor makes sexually coloured remarks about my clothes in front of colleagues.",
    "Demo complaint: a senior colleague keeps sending me obscene messages late at night and asks me to meet him.",
    "Demo complaint: my manager touched me inappropriately in the store room and threatened my job if I told.",
    "Demo complaint: the in-charge demands that I stay back after hours alone with him, or lose my shift.",
    "Demo complaint: a co-worker shows pornographic videos on his phone to me during the lunch break.",
]
# The three workplaces of a district that has any: name, employees, its Internal Committee.
WORKPLACES = [("Demo Textiles Pvt Ltd", (120, 450), "constituted"),
              ("Demo Hospital and Research Centre", (40, 95), "no_external_member"),
              ("Demo Tailoring Unit", (4, 9), "small")]  # under ten workers: the Local Committee hears it
ROUTES = ["internal", "ic_not_constituted", "small", "internal", "against_employer", "unregistered"]


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    today = datetime.now(IST).date()  # the platform's clock starts from the system's
    phones = iter(range(1, 10**4))

    def person(woman: bool, jobs: list[str], phone: bool = False) -> dict:
        someone = {"name": f"{rng.choice(WOMEN if woman else MEN)} Demo", "designation": rng.choice(jobs)}
        if phone:
            someone["phone"] = f"900004{next(phones):04d}"
        return someone

    for district in DEMO_DISTRICTS:
        client.call("PUT", "/api/v1/posh/local-committees", {
            "district": district, "chairperson": person(True, ["Social worker"]),
            "members": [person(True, ["Advocate"]), person(False, ["NGO representative"]),
                        person(True, ["Block-level officer"])]},
            token=client.token("district_nodal_officer", district))

    workplaces: dict[str, dict[str, str]] = {}  # district → route → the workplace a complaint names
    for district in DEMO_DISTRICTS[:max(1, min(len(DEMO_DISTRICTS), count // 8))]:
        nodal = client.token("district_nodal_officer", district)
        ids = {}
        for name, (fewest, most), committee in WORKPLACES:
            ids[committee] = client.post("/api/v1/posh/workplaces", {
                "name": f"{name} ({district})", "district": district, "employee_count": rng.randint(fewest, most),
                "employer": name}, token=nodal)["workplace_id"]
            if committee == "constituted":  # s.4(2): presiding officer, two members, an external member
                members = {"presiding_officer": person(True, ["Senior manager"]),
                           "members": [person(True, ["Administrative officer"]), person(False, ["Accountant"])],
                           "external_member": person(True, ["Women's rights NGO"])}
            elif committee == "no_external_member":
                members = {"presiding_officer": person(True, ["Nursing superintendent"]),
                           "members": [person(False, ["Administrative officer"])]}
            else:
                continue
            client.call("PUT", f"/api/v1/posh/workplaces/{ids[committee]}/internal-committee", members, token=nodal)
        workplaces[district] = {"internal": ids["constituted"], "against_employer": ids["constituted"],
                                "ic_not_constituted": ids["no_external_member"], "small": ids["small"]}

    committees = {"internal": 0, "local": 0}
    steps = 0
    for n in range(count):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        route = ROUTES[(n // len(DEMO_DISTRICTS)) % len(ROUTES)] if district in workplaces else "unregistered"
        late = n == count - 1 and count >= 5  # filed four months after the incident: waits for an extension
        days_ago = rng.randint(100, 150) if late else rng.randint(3, 80)
        respondents = [person(False, RESPONDENT_JOBS) for _ in range(2 if rng.random() < 0.2 else 1)]
        filed = client.post("/api/v1/posh/complaints", {
            "district": district, "workplace_id": workplaces.get(district, {}).get(route),
            "against_employer": route == "against_employer",
            "complainant": person(True, COMPLAINANT_JOBS, phone=rng.random() < 0.7), "respondents": respondents,
            "incident_date": (today - timedelta(days=days_ago)).isoformat(), "series": rng.random() < 0.3,
            "description": rng.choice(DESCRIPTIONS)})
        committees[filed["committee"]] += 1
        steps += _committee_steps(client, rng, n, filed, district, len(respondents), late)
    return (f"POSH: {len(DEMO_DISTRICTS)} Local Committees, {3 * len(workplaces)} workplaces, {count} complaints "
            f"({committees['internal']} to an Internal Committee, {committees['local']} to a Local Committee), "
            f"{steps} committee steps")


def _committee_steps(client: DemoClient, rng, n: int, filed: dict, district: str, respondents: int,
                     late: bool) -> int:
    """The committee's steps on the n-th complaint (most are early on: copies sent, replies awaited)."""
    path = f"/api/v1/posh/complaints/{filed['complaint_id']}"
    nodal = client.token("district_nodal_officer", district)
    steps = []

    def step(name: str, body: dict) -> None:
        client.post(f"{path}/{name}", body, token=nodal)
        steps.append(name)

    if late:
        step("extension", {"reasons": "Demo: she was in hospital for two months after the incident."})
        return len(steps)
    if n == 2:  # she asks in writing for a transfer while the inquiry goes on
        client.post(f"{path}/interim-relief-request", {"relief": "transfer"}, access_code=filed["access_code"])
        step("interim-relief", {"relief": "transfer"})
    if n == 4:  # she asks for conciliation, and it settles without money
        client.post(f"{path}/conciliation-request", access_code=filed["access_code"])
        step("settlement", {"terms": "Demo: a written apology and a change of the respondent's shift."})
        return len(steps)
    stage = [0, 1, 1, 2, 3, 4, 5][n % 7]  # received, copies sent, replies, inquiry, report, employer's action
    for number in range(1, respondents + 1) if stage >= 1 else ():
        step("copy-sent", {"respondent_no": number})
    for number in range(1, respondents + 1) if stage >= 2 else ():
        step("reply", {"respondent_no": number})
    proved = rng.random() < 0.7
    if stage >= 3:
        step("inquiry", {"finding": "proved" if proved else "not_proved"})
    if stage >= 4:
        action = rng.choice(["written_apology", "warning", "withholding_increments"])
        step("report", {"recommendations": [action, "counselling"] if proved else ["no_action"]})
    if stage >= 5 and proved:
        step("employer-action", {"outcome": "implemented" if rng.random() < 0.8 else "partly_implemented"})
    return len(steps)
