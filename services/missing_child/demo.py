"""Demo Vatsalya: missing children reported at police stations (the station's own FIR, or a parent's
report on which the station registers the e-FIR), found children reported by police, railway police,
a CWC and the public, some of them the same children under another spelling (Hindi or Latin), so
that potential matches are proposed; a few confirmed, one or two children restored to their
families, and one case handed to the AHTU on suspected trafficking. One found child in a CCI's care
was never produced before the CWC: the district view shows it overdue.

Every name and phone number is fictitious: the family name is always "Demo" and the phones are
9000-01-xxxx.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chassis.demo import DEMO_DISTRICTS, DemoClient

# The name the family gives, how a found child (or a finder) may give it, and the sex.
CHILDREN = [
    ("Sunita", "सुनीता", "girl"), ("Rahul", "राहुल", "boy"), ("Pooja", "Puja", "girl"),
    ("Vikas", "विकास", "boy"), ("Anjali", "अंजलि", "girl"), ("Suresh", "Sooresh", "boy"),
    ("Kamla", "कमला", "girl"), ("Mohd. Arif", "Md Arif", "boy"), ("Priyanka", "प्रियंका", "girl"),
    ("Deepak", "Dipak", "boy"), ("Geeta", "गीता", "girl"), ("Imran", "इमरान", "boy"),
    ("Neha", "नेहा", "girl"), ("Sachin", "सचिन", "boy"), ("Shabnam", "शबनम", "girl"),
    ("Aakash", "Akash", "boy"), ("Rekha", "रेखा", "girl"), ("Manoj", "मनोज", "boy"),
    ("Nazia", "नाज़िया", "girl"), ("Arjun", "अर्जुन", "boy"), ("Radha", "राधा", "girl"),
    ("Faizan", "फ़ैज़ान", "boy"), ("Sonam", "सोनम", "girl"), ("Govind", "गोविंद", "boy"),
    ("Meena", "मीना", "girl"), ("Amit", "अमित", "boy"), ("Khushi", "ख़ुशी", "girl"),
    ("Ravi", "रवि", "boy"), ("Shalini", "शालिनी", "girl"), ("Tarun", "तरुण", "boy"),
]
PARENTS = {"father": ["Ramesh", "Mahesh", "Salim", "Dinesh", "Harish", "Anwar"],
           "mother": ["Sarla", "Kusum", "Rukhsana", "Sushila", "Lata", "Parveen"]}
# What the family describes, and how the officer who found the child wrote the same mark down.
MARKS = [("mole on the left cheek", "mole left cheek"), ("burn scar on the right hand", "burn mark right hand"),
         ("birthmark on the neck", "birth mark neck"), ("cut scar above the left eyebrow", "scar left eyebrow"),
         ("missing front tooth", "front tooth missing"), ("black thread on the right wrist", "black thread wrist")]
CLOTHES = ["blue school uniform", "red frock", "green kurta and white pyjama", "yellow t-shirt and black shorts",
           "pink salwar kameez", "grey sweater and jeans"]
CIRCUMSTANCES = [
    "Demo report: left for school in the morning and did not come home.",
    "Demo report: separated from the family in the crowd at the mela.",
    "Demo report: went to the shop near the house in the evening and did not return.",
    "Demo report: was playing outside the house and could not be found by night.",
    "Demo report: left home after being scolded, seen last near the bus stand.",
]
STATIONS = {"LKO": ["Hazratganj", "Alambagh", "Gomti Nagar"], "KNP": ["Kalyanpur", "Kotwali", "Swaroop Nagar"],
            "VNS": ["Cantt", "Lanka", "Sigra"], "AGR": ["Hari Parvat", "Tajganj", "Sikandra"],
            "PRJ": ["Civil Lines", "Kydganj", "Colonelganj"], "GKP": ["Cantt", "Shahpur", "Gorakhnath"],
            "MRT": ["Civil Lines", "Lalkurti", "Nauchandi"], "BRL": ["Kotwali", "Prem Nagar", "Izzatnagar"]}
PLACES = ["bus stand", "railway station platform 1", "main market", "temple fair ground", "school gate",
          "ghat", "roadways depot"]
PET_NAMES = ["Munna", "Guddu", "Chhotu", "Baby"]


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    now = datetime.now(timezone.utc)  # the platform's clock starts from the system's
    pairs = max(1, count // 5)  # children reported missing and, later, found
    found_alone = max(0, count * 2 // 5 - pairs)  # found children nobody has reported missing (yet)
    missing_alone = max(1, count - 2 * pairs - found_alone)

    missing = []  # (report id, district, child)
    proposed, confirmed, restored = 0, [], 0
    for n in range(pairs + missing_alone):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        given, other_spelling, sex = CHILDREN[n % len(CHILDREN)]
        child = {"given": given, "other_spelling": other_spelling, "sex": sex, "age": rng.randint(4, 15),
                 "marks": rng.choice(MARKS)}
        child["height"] = 78 + 6 * child["age"] + rng.randint(-4, 4)
        child["last_seen"] = now - timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 12))
        report = _missing_report(rng, n, district, child)
        filed = client.post("/api/v1/missing-children/missing-reports", report,
                            token=client.token("station_officer", district))
        missing.append((filed["report_id"], district, child))
        proposed += len(filed["potential_matches"])  # found children reported before (an earlier demo run)

    for n, (report_id, district, child) in enumerate(missing[:pairs]):
        # Most are found in their own district; some turn up in the next one, at the railway station.
        found_in = district if rng.random() < 0.7 else DEMO_DISTRICTS[(n + 1) % len(DEMO_DISTRICTS)]
        filed = client.post("/api/v1/missing-children/found-reports", _found_pair_report(rng, now, found_in, child),
                            token=client.token("station_officer", found_in))
        proposed += len(filed["potential_matches"])
        ours = [p for p in filed["potential_matches"] if p["missing_report_id"] == report_id]
        if ours and len(confirmed) < max(1, pairs * 3 // 8):
            client.post(f"/api/v1/missing-children/matches/{ours[0]['match_id']}/confirm",
                        {"note": "Demo: the mother identified the child on a video call; marks tally."},
                        token=client.token("station_officer", district))
            confirmed.append((report_id, district, child))
    for report_id, district, child in confirmed[:1 if len(confirmed) < 3 else 2]:
        relationship = "mother" if rng.random() < 0.5 else "father"
        client.post(f"/api/v1/missing-children/reports/{report_id}/recovery", {
            "outcome": "restored", "note": "Demo: restored at the station after counselling.",
            "received_by": {"name": f"{rng.choice(PARENTS[relationship])} Demo", "relationship": relationship}},
            token=client.token("station_officer", district))
        restored += 1

    with_cwc = 0
    for n in range(found_alone):
        district = DEMO_DISTRICTS[(n * 3 + 1) % len(DEMO_DISTRICTS)]
        kind = ["sighting", "cwc", "police", "cwc", "railway", "police", "sighting", "cci"][n % 8]
        report = _found_alone_report(rng, now, district, kind)
        if kind == "sighting":
            client.post("/api/v1/missing-children/sightings", report)
            continue
        officer = client.token("station_officer", district)
        filed = client.post("/api/v1/missing-children/found-reports", report, token=officer)
        proposed += len(filed["potential_matches"])
        if kind == "police":  # found more than a day ago: produced before the CWC since
            client.post(f"/api/v1/missing-children/reports/{filed['report_id']}/recovery",
                        {"outcome": "produced_before_cwc", "note": "Demo: produced before the CWC, sent to a CCI."},
                        token=officer)
        with_cwc += kind in ("police", "cwc")

    report_id, district, _ = missing[-1]  # never one of the pairs
    client.post(f"/api/v1/missing-children/reports/{report_id}/trafficking",
                {"note": "Demo: a neighbour saw the child board a bus with an unknown placement agent."},
                token=client.token("station_officer", district))
    return (f"Vatsalya: {len(missing)} missing and {pairs + found_alone} found children, {proposed} potential "
            f"matches, {len(confirmed)} confirmed, {restored} restored, {with_cwc} with the CWC, 1 with the AHTU")


def _missing_report(rng, n: int, district: str, child: dict) -> dict:
    station = rng.choice(STATIONS[district])
    relationship = "mother" if rng.random() < 0.4 else "father"
    by = ["parent_guardian", "police_station", "parent_guardian", "childline"][n % 4]
    report = {
        "reported_by": by,
        "child": {"name": f"{child['given']} Demo", "sex": child["sex"],
                  "age": {"min_years": child["age"], "max_years": child["age"]}, "height_cm": child["height"],
                  "identifying_marks": child["marks"][0], "clothing": rng.choice(CLOTHES),
                  "languages": ["Hindi"] if rng.random() < 0.8 else ["Hindi", "Bhojpuri"],
                  "photo_ref": f"demo-photo-{n:04d}"},
        "last_seen": {"district": district, "police_station": station, "locality": rng.choice(PLACES),
                      "at": child["last_seen"].isoformat()},
        "circumstances": rng.choice(CIRCUMSTANCES),
        "guardian": {"name": f"{rng.choice(PARENTS[relationship])} Demo", "phone": f"900001{n:04d}",
                     "relationship": relationship},
        "police_station": station,
    }
    if by == "police_station":
        report["fir_number"] = f"{100 + n:04d}/{child['last_seen'].year}"
    return report


def _found_pair_report(rng, now: datetime, district: str, child: dict) -> dict:
    """The same child, found in the last day: the name as the child gave it, the age estimated."""
    found_at = max(child["last_seen"] + timedelta(hours=6), now - timedelta(hours=rng.randint(2, 18)))
    by = rng.choice(["police", "railway_police"])
    return {
        "reported_by": by, "now_with": by,
        "child": {"name": child["other_spelling"], "sex": child["sex"],
                  "age": {"min_years": max(0, child["age"] - 1), "max_years": min(17, child["age"] + 2)},
                  "height_cm": child["height"] + rng.randint(0, 3), "identifying_marks": child["marks"][1],
                  "languages": ["Hindi"]},
        "found": {"district": district, "police_station": rng.choice(STATIONS[district]),
                  "locality": rng.choice(PLACES), "at": found_at.isoformat()},
        "circumstances": f"Demo report: found alone and crying; says {'she' if child['sex'] == 'girl' else 'he'} "
                         "came by train or bus from home.",
    }


def _found_alone_report(rng, now: datetime, district: str, kind: str) -> dict:
    """A found child nobody has reported missing: unnamed, or known by a pet name only."""
    age = rng.randint(3, 14)
    hours_ago = rng.randint(3, 15) if kind in ("railway", "sighting") else rng.randint(30, 200)
    reported_by, now_with = {"sighting": ("public", "not_in_care"), "cwc": ("cwc", "cwc"),
                             "police": ("police", "police"), "railway": ("railway_police", "railway_police"),
                             "cci": ("cci", "cci")}[kind]
    report = {
        "reported_by": reported_by, "now_with": now_with,
        "child": {"sex": rng.choice(["girl", "boy"]) if kind != "sighting" else "unknown",
                  "age": {"min_years": age, "max_years": age + 3}, "clothing": rng.choice(CLOTHES)},
        "found": {"district": district, "locality": rng.choice(PLACES),
                  "at": (now - timedelta(hours=hours_ago)).isoformat()},
        "circumstances": "Demo report: child found alone, cannot tell the address.",
    }
    if kind != "sighting":
        report["child"]["height_cm"] = 80 + 6 * age + rng.randint(-5, 5)
        if rng.random() < 0.5:
            report["child"]["name"] = rng.choice(PET_NAMES)
    else:
        report["finder"] = {"name": "Shopkeeper Demo", "phone": f"900001{9000 + rng.randint(0, 999)}"}
    return report
