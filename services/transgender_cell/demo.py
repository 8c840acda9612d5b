"""Demo Transgender Protection Cell: grievances of several s.18 categories (and other grievances)
registered by the person, a representative or an NGO; most referred by the district cell to the
police station, which registers an FIR or refers a non-cognisable case to the magistrate; a few
investigated to a charge-sheet or a closure report; other grievances redressed by the cell; and
certificate of identity applications, one of them decided by the District Magistrate.

Every name and phone number is fictitious: the family name is always "Demo" and phones are
9000-05-xxxx.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chassis.demo import DEMO_DISTRICTS, DemoClient

IST = timezone(timedelta(hours=5, minutes=30), "IST")
NAMES = ["Reshma", "Payal", "Sanjana", "Kajal", "Salma", "Rani", "Gauri", "Naina", "Arav", "Kabir"]
# In the person's own words: recorded as stated, never chosen from a list.
GENDERS = ["transgender woman", "kinnar", "hijra, she/her", "trans man", "non-binary", "transgender, they/them",
           "kinnar, she/her"]
NGOS = ["Demo Sahyog Trust", "Demo Pehchan Samiti", "Demo Saathi Foundation"]
GRIEVANCES = [
    ("denial_of_public_place", "Demo grievance: the guard stopped me from entering the district hospital's OPD."),
    ("verbal_abuse", "Demo grievance: a shopkeeper abuses me every time I pass the market, in front of everyone."),
    ("removal_from_household", "Demo grievance: my brothers threw me out of our family home and kept my belongings."),
    ("physical_abuse", "Demo grievance: two men beat me at the bus stand at night and took my phone."),
    ("economic_abuse", "Demo grievance: my employer has not paid me for three months because of who I am."),
    ("other_grievance", "Demo grievance: the ration shop refuses my card because the photo does not match."),
    ("sexual_abuse", "Demo grievance: a man I know assaulted me in his room and threatens to post videos."),
    ("forced_labour", "Demo grievance: a contractor makes me work at his kiln without wages and keeps my ID."),
    ("emotional_abuse", "Demo grievance: my landlord humiliates me daily and threatens to throw me out."),
]
STATIONS = {"LKO": ["Hazratganj", "Alambagh", "Gomti Nagar"], "KNP": ["Kalyanpur", "Kotwali", "Swaroop Nagar"],
            "VNS": ["Cantt", "Lanka", "Sigra"], "AGR": ["Hari Parvat", "Tajganj", "Sikandra"],
            "PRJ": ["Civil Lines", "Kydganj", "Colonelganj"], "GKP": ["Cantt", "Shahpur", "Gorakhnath"],
            "MRT": ["Civil Lines", "Lalkurti", "Nauchandi"], "BRL": ["Kotwali", "Prem Nagar", "Izzatnagar"]}
# Offences that are non-cognisable go to the magistrate (BNSS s.174(1)); the rest get an FIR.
NON_COGNISABLE = {"verbal_abuse", "emotional_abuse"}


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    year = datetime.now(IST).year
    phones = iter(range(1, 10**4))

    def someone(phone: bool) -> dict:
        person = {"name": f"{rng.choice(NAMES)} Demo", "gender_identity": rng.choice(GENDERS)}
        if phone:
            person["phone"] = f"900005{next(phones):04d}"
        return person

    n_certificates = max(1, count // 4)
    n_grievances = max(1, count - n_certificates)
    referred = firs = to_magistrate = investigated = resolved = 0
    for n in range(n_grievances):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        category, description = GRIEVANCES[(n + n // len(DEMO_DISTRICTS)) % len(GRIEVANCES)]
        by = ["self", "ngo", "self", "representative"][n % 4]
        form = {"registered_by": by, "person": someone(phone=rng.random() < 0.6), "district": district,
                "category": category, "description": description}
        if by == "ngo":
            form["representative"] = {"name": f"{rng.choice(['Farah', 'Sunil', 'Meera'])} Demo",
                                      "organisation": rng.choice(NGOS)}
        elif by == "representative":
            form["representative"] = {"name": f"{rng.choice(['Gudiya', 'Shabana'])} Demo",
                                      "phone": f"900005{9000 + n:04d}"}
        grievance = client.post("/api/v1/transgender-cell/grievances", form)
        path = f"/api/v1/transgender-cell/grievances/{grievance['id']}"
        cell = client.token("district_nodal_officer", district)
        stage = n % 5  # 0: registered, waiting for the cell; 1: referred; 2-4: the station decided
        if category == "other_grievance":
            if stage:
                client.post(f"{path}/resolution", token=cell)
                resolved += 1
            continue
        if stage == 0:
            continue
        client.post(f"{path}/referral", {"police_station": rng.choice(STATIONS[district])}, token=cell)
        referred += 1
        if stage == 1:
            continue
        station = client.token("station_officer", district)
        if category in NON_COGNISABLE:
            client.post(f"{path}/fir-decision", {"decision": "referred_to_magistrate"}, token=station)
            to_magistrate += 1
            continue
        client.post(f"{path}/fir-decision", {"decision": "fir_registered", "fir_number": f"{300 + n:04d}/{year}"},
                    token=station)
        firs += 1
        if stage == 4:  # investigated: a charge-sheet (mostly), or a closure report
            outcome = "chargesheet" if rng.random() < 0.75 else "closure_report"
            client.post(f"{path}/investigation", {"outcome": outcome}, token=station)
            investigated += 1

    decided = 0
    for n in range(n_certificates):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        application = {"district": district, "applicant": someone(phone=True)}
        if n % 3 == 1:
            application["representative"] = {"name": "Farah Demo", "organisation": rng.choice(NGOS)}
        applied = client.post("/api/v1/transgender-cell/certificates", application)
        if n == 0:  # the District Magistrate issues the first at once
            client.post(f"/api/v1/transgender-cell/certificates/{applied['id']}/decision",
                        {"decision": "issued", "certificate_number": f"TG-{district}-DEMO-{year}-{n + 1:04d}"},
                        token=client.token("district_nodal_officer", district))
            decided += 1
    return (f"Transgender Protection Cell: {n_grievances} grievances ({referred} referred to police, {firs} FIRs, "
            f"{to_magistrate} to the magistrate, {investigated} investigated, {resolved} redressed by the cell), "
            f"{n_certificates} certificate applications, {decided} decided")
