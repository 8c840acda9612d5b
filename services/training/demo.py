"""Demo NAVCHETNA: two courses set by MSP HQ, trainers in the districts, the headcount of the
stations whose personnel are trained, sessions held in several districts (and one still to come),
personnel of every rank enrolled, their attendance (one session's from its CSV sheet), their
assessments and the certificates they earned.

Every name, phone and service number is fictitious: the family name is always "Demo", phones are
9000-02-xxxx and service numbers DEMO-<district>-nnn.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chassis.demo import DEMO_DISTRICTS, DemoClient, Refused

COURSES = [
    {"course_id": "NC-GS-DEMO", "title": "Gender sensitisation for police personnel (demo)",
     "modules": ["Laws protecting women", "Attitudes and stereotypes", "Receiving a survivor at the station"],
     "hours": 6, "pass_mark": 60, "refresher_after_days": 365},
    {"course_id": "NC-POCSO-DEMO", "title": "Child-friendly procedure under POCSO (demo)",
     "modules": ["POCSO offences", "Recording the child's statement", "Support person and CWC"],
     "hours": 4, "pass_mark": 70, "refresher_after_days": 730},
]
STATIONS = {"LKO": ["Hazratganj", "Alambagh", "Gomti Nagar"], "KNP": ["Kalyanpur", "Kotwali", "Swaroop Nagar"],
            "VNS": ["Cantt", "Lanka", "Sigra"], "AGR": ["Hari Parvat", "Tajganj", "Sikandra"],
            "PRJ": ["Civil Lines", "Kydganj", "Colonelganj"], "GKP": ["Cantt", "Shahpur", "Gorakhnath"],
            "MRT": ["Civil Lines", "Lalkurti", "Nauchandi"], "BRL": ["Kotwali", "Prem Nagar", "Izzatnagar"]}
VENUES = ["Police Lines auditorium", "Reserve Police Lines training hall", "Mahila Thana meeting room"]
# Ranks as the personnel of a district are spread: mostly constables.
RANKS = ["constable"] * 5 + ["head_constable"] * 2 + ["sub_inspector"] * 2 + ["inspector", "deputy_sp"]
GIVEN = {"female": ["Kavita", "Meena", "Suman", "Rashmi", "Anita", "Farzana", "Pushpa", "Nidhi"],
         "male": ["Rajesh", "Sanjay", "Ashok", "Irfan", "Vinod", "Pankaj", "Ajay", "Mukesh"],
         "transgender": ["Ruchi"]}
TRAINERS = [("Asha", "female"), ("Vandana", "female"), ("Prakash", "male"), ("Shaheen", "female")]


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    now = datetime.now(timezone.utc)
    hq = client.token("msp_hq")
    for course in COURSES:
        client.post_unless("course_exists", "/api/v1/training/courses", course, token=hq)

    n_sessions = max(1, count // 8)
    districts = [DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)] for n in range(n_sessions)]
    trainers = {}  # district → trainer id
    for n, district in enumerate(dict.fromkeys(districts)):
        given, _ = TRAINERS[n % len(TRAINERS)]
        trainers[district] = _trainer(client, {
            "name": f"{given} Demo", "phone": f"900002{n:04d}", "district": district,
            "course_ids": [course["course_id"] for course in COURSES]})

    strengths = 0
    for district in dict.fromkeys(districts):
        for station in STATIONS[district][:2]:
            client.post("/api/v1/training/station-strength",
                        {"district": district, "police_station": station, "strength": rng.randint(18, 60)},
                        token=client.token("district_nodal_officer", district))
            strengths += 1

    n_held = enrolled = attended = assessed = certified = 0
    person = 0
    for n, district in enumerate(districts):
        course = COURSES[0] if n % 3 != 2 else COURSES[1]
        upcoming = n_sessions >= 3 and n == n_sessions - 1  # the last session is still to come
        starts = (now + timedelta(days=5) if upcoming else now - timedelta(days=1 + 2 * n, hours=2)).replace(
            second=0, microsecond=0)
        nodal = client.token("district_nodal_officer", district)
        size = count // n_sessions + (1 if n < count % n_sessions else 0)
        session = client.post_unless("session_exists", "/api/v1/training/sessions", {
            "course_id": course["course_id"], "district": district, "venue": f"{VENUES[n % len(VENUES)]}, {district}",
            "starts_at": starts.isoformat(), "capacity": size + 5, "trainer_ids": [trainers[district]]},
            token=nodal)
        if session is None:  # an earlier demo run, this very minute, scheduled it
            continue
        n_held += 1
        path = f"/api/v1/training/sessions/{session['session_id']}"

        people = []
        for _ in range(size):
            person += 1
            sex = "transgender" if person % 23 == 0 else ("female" if rng.random() < 0.4 else "male")
            service_number = f"DEMO-{district}-{person:03d}"
            client.post(f"{path}/enrolments", {
                "personnel": {"service_number": service_number, "name": f"{rng.choice(GIVEN[sex])} Demo"},
                "rank": rng.choice(RANKS), "police_station": rng.choice(STATIONS[district][:2]), "sex": sex},
                token=nodal)
            people.append(service_number)
        enrolled += len(people)
        if upcoming:
            continue

        # Most attend the whole course; a few leave early, one or two never come.
        hours = {number: course["hours"] if k == 0 or rng.random() < 0.8 else course["hours"] / 2
                 for k, number in enumerate(people)}
        absent = set(people[-1:]) if len(people) > 4 else set()
        present = [number for number in people if number not in absent]
        if n == 0:  # the first session's attendance comes as the sheet signed at the venue
            sheet = "service_number,hours\n" + "".join(f"{number},{hours[number]:g}\n" for number in present)
            attended += client.post(f"{path}/attendance-sheet", csv=sheet, token=nodal)["recorded"]
        else:
            for number in present:
                client.post(f"{path}/attendance", {"service_number": number, "hours": hours[number]}, token=nodal)
                attended += 1
        for k, number in enumerate(present):
            score = rng.randint(45, 98) if k else rng.randint(course["pass_mark"], 98)
            client.post(f"{path}/assessments", {"service_number": number, "score": score}, token=nodal)
            assessed += 1
            if score >= course["pass_mark"] and hours[number] >= course["hours"]:
                client.post(f"{path}/certificates", {"service_number": number}, token=nodal)
                certified += 1
    return (f"NAVCHETNA: {len(COURSES)} courses, {len(trainers)} trainers, {strengths} station headcounts, "
            f"{n_held} sessions, {enrolled} enrolments, {attended} attended, {assessed} assessed, "
            f"{certified} certificates")


def _trainer(client: DemoClient, body: dict) -> str:
    """The trainer's id; a trainer registered by an earlier demo run is the same trainer."""
    try:
        return client.post("/api/v1/training/trainers", body,
                           token=client.token("district_nodal_officer", body["district"]))["trainer_id"]
    except Refused as refused:
        if refused.problem.get("rule") != "trainer_exists":
            raise
        return "TR-" + refused.problem["detail"].split("registered as TR-", 1)[1][:12]

