"""Demo outreach and SAARTHI: activities of every programme across the districts with their reach by
sex and age band (one district's from its CSV activity sheet), SAARTHI panic alerts (one
acknowledged, one left open), incidents reported on routes and stops, and unsafe-stop reports.

Officer ids are demo-…, vehicle numbers UP..DEMO…: nothing here names a real person or vehicle.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from chassis.demo import DEMO_DISTRICTS, DemoClient
from contracts.outreach import ACTIVITY_SHEET_COLUMNS

IST = timezone(timedelta(hours=5, minutes=30), "IST")  # activities are dated in India
# programme, SAATHI stage, where it is held, and who it reaches: {(sex, age band): (fewest, most)}
PROGRAMMES = [
    ("ru_ba_ru", None, [("school", "Government Girls Inter College"), ("college", "Degree College")],
     {("female", "0_17"): (60, 160), ("male", "0_17"): (20, 90), ("female", "18_30"): (0, 12)}),
    ("akshaya", None, [("school", "Kasturba Gandhi Balika Vidyalaya"), ("school", "Kanya Inter College")],
     {("female", "0_17"): (40, 120), ("female", "18_30"): (0, 25)}),
    ("saathi", "enrolment", [("college", "Degree College")],
     {("female", "18_30"): (10, 35), ("male", "18_30"): (5, 20), ("transgender", "18_30"): (0, 1)}),
    ("adhikaar", None, [("gram_panchayat", "Gram Panchayat"), ("ward", "Ward")],
     {("female", "18_30"): (15, 50), ("female", "31_60"): (25, 80), ("female", "61_plus"): (0, 12),
      ("male", "31_60"): (5, 20)}),
    ("jagriti", None, [("market", "Main Market"), ("bus_depot", "Roadways Bus Depot"),
                       ("railway_station", "Railway Station")],
     {("female", "18_30"): (20, 90), ("female", "31_60"): (20, 70), ("male", "18_30"): (20, 80),
      ("male", "31_60"): (10, 60), ("female", "0_17"): (0, 30), ("transgender", "31_60"): (0, 2)}),
    ("mission_shakti_beat", None, [("gram_panchayat", "Gram Panchayat"), ("ward", "Ward")],
     {("female", "18_30"): (10, 40), ("female", "31_60"): (15, 50), ("female", "61_plus"): (2, 15),
      ("male", "31_60"): (0, 10)}),
    ("saathi", "training", [("college", "Degree College")],
     {("female", "18_30"): (8, 30), ("male", "18_30"): (4, 15)}),
    ("saathi", "activity", [("market", "Main Market"), ("bus_depot", "Roadways Bus Depot")],
     {("female", "18_30"): (20, 60), ("male", "18_30"): (10, 40), ("female", "31_60"): (10, 30)}),
]
VILLAGES = ["Rampur", "Sarai", "Bhagwanpur", "Nagla", "Madhopur", "Chandpur"]
ROUTES = ["City bus route 11", "City bus route 24", "E-rickshaw route 3", "Roadways route 7"]
STOPS = ["Bus stand gate 2", "Flyover underpass stop", "Medical college stop", "Industrial area stop",
         "Railway station back gate"]
UNSAFE = [["poor_lighting"], ["poor_lighting", "isolated"], ["no_police_presence"], ["harassment_seen"],
          ["isolated", "no_shelter"], ["harassment_seen", "no_police_presence"]]
# Roughly where each demo district is, for the panic alerts' positions.
CENTRES = {"LKO": (26.85, 80.95), "KNP": (26.45, 80.33), "VNS": (25.32, 82.97), "AGR": (27.18, 78.01),
           "PRJ": (25.44, 81.85), "GKP": (26.76, 83.37), "MRT": (28.98, 77.71), "BRL": (28.37, 79.43)}


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    today = datetime.now(IST).date()  # the platform's clock starts from the system's
    on_sheet = max(1, count // 5)
    recorded = people = 0
    for n in range(count - on_sheet):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        days_ago = 1 + (n // len(DEMO_DISTRICTS)) * 3 + rng.randint(0, 2)  # one activity a district a day at most
        activity = _activity(rng, n, district, today - timedelta(days=days_ago))
        if client.post_unless("duplicate_activity", "/api/v1/outreach/activities", activity,
                        token=client.token("station_officer", district)) is not None:
            recorded += 1
            people += sum(count for bands in activity["reach"].values() for count in bands.values())

    # Lucknow's officers send the activities of the weeks before as one sheet.
    rows, reached = [], []
    for n in range(on_sheet):
        activity = _activity(rng, n, "LKO", today - timedelta(days=16 + 2 * n))
        cells = {"programme": activity["programme"], "saathi_stage": activity.get("saathi_stage", ""),
                 "place_kind": activity["place"]["kind"], "place_name": activity["place"]["name"],
                 "date": activity["date"], "officers": ";".join(activity["officers"]),
                 **{f"{sex}_{band}": count for sex, bands in activity["reach"].items()
                    for band, count in bands.items()}}
        rows.append(",".join(str(cells.get(column, "")) for column in ACTIVITY_SHEET_COLUMNS))
        reached.append(sum(count for bands in activity["reach"].values() for count in bands.values()))
    sheet = "\n".join([",".join(ACTIVITY_SHEET_COLUMNS), *rows]) + "\n"
    summary = client.post("/api/v1/outreach/activity-sheets/LKO", csv=sheet,
                          token=client.token("station_officer", "LKO"))
    recorded += summary["recorded"]
    not_recorded = set(summary["duplicate_lines"]) | {rejected["line"] for rejected in summary["rejected"]}
    people += sum(count for line, count in enumerate(reached, 2) if line not in not_recorded)

    # SAARTHI: two panic buttons pressed just now; Lucknow's control room acknowledges its alert at once.
    now = datetime.now(timezone.utc)
    alerts = []
    for n, district in enumerate(["LKO", "VNS"]):
        latitude, longitude = CENTRES[district]
        alerts.append(client.post("/api/v1/outreach/saarthi/panic-alerts", {
            "district": district, "vehicle": f"UP{32 + n}DEMO{rng.randint(1, 9999):04d}",
            "route": rng.choice(ROUTES), "pressed_at": (now - timedelta(minutes=1 + n)).isoformat(),
            "location": {"latitude": round(latitude + rng.uniform(-0.05, 0.05), 5),
                         "longitude": round(longitude + rng.uniform(-0.05, 0.05), 5)}},
            token=client.token("station_officer", district)))
    client.post(f"/api/v1/outreach/saarthi/incidents/{alerts[0]['incident_id']}/acknowledgement",
                token=client.token("district_nodal_officer", alerts[0]["district"]))

    incidents = max(2, count // 10)
    for n in range(incidents):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        kind = ["harassment", "stalking", "unsafe_driving", "overcrowding"][n % 4]
        incident = client.post("/api/v1/outreach/saarthi/incidents", {
            "district": district, "kind": kind, "route": rng.choice(ROUTES), "stop": rng.choice(STOPS),
            "occurred_at": (now - timedelta(days=n, hours=rng.randint(1, 10))).isoformat(),
            "description": f"Demo report: {kind.replace('_', ' ')} on the evening bus, reported by a passenger."},
            token=client.token("station_officer", district))
        if n % 2 == 0:  # the district acknowledges every other one, and closes those a day old or more
            path = f"/api/v1/outreach/saarthi/incidents/{incident['incident_id']}"
            nodal = client.token("district_nodal_officer", district)
            client.post(f"{path}/acknowledgement", token=nodal)
            if n >= 2:
                client.post(f"{path}/closure", {"resolution": "referred_to_police_station"}, token=nodal)

    stop_reports = max(2, count // 4)
    for n in range(stop_reports):  # two of three about two stops in Lucknow: its hotspots
        district = "LKO" if n % 3 else DEMO_DISTRICTS[(n // 3) % len(DEMO_DISTRICTS)]
        client.post("/api/v1/outreach/saarthi/unsafe-stops", {
            "district": district, "stop_name": STOPS[n % 3] if n % 3 else rng.choice(STOPS),
            "route": rng.choice(ROUTES), "reasons": rng.choice(UNSAFE)})
    return (f"Outreach: {recorded} activities ({summary['recorded']} from a CSV sheet) reaching {people} people, "
            f"2 SAARTHI panic alerts (1 acknowledged, 1 open), {incidents} incidents, "
            f"{stop_reports} unsafe-stop reports")


def _activity(rng, n: int, district: str, date) -> dict:
    programme, stage, places, reach = PROGRAMMES[(n + n // len(DEMO_DISTRICTS)) % len(PROGRAMMES)]
    kind, name = rng.choice(places)
    if kind in ("gram_panchayat", "ward"):
        name = f"{name} {rng.choice(VILLAGES)}" if kind == "gram_panchayat" else f"{name} {rng.randint(1, 40)}"
    elif kind in ("school", "college"):
        name = f"{name} No. {rng.randint(1, 4)}"
    counts: dict[str, dict[str, int]] = {}
    for (sex, band), (fewest, most) in reach.items():
        counted = rng.randint(fewest, most)
        if counted:
            counts.setdefault(sex, {})[band] = counted
    lead = f"demo-{'wbo' if programme == 'mission_shakti_beat' else 'so'}-{district.lower()}-{n % 5 + 1}"
    officers = [lead] if rng.random() < 0.5 else [lead, f"demo-hc-{district.lower()}-{n % 7 + 1}"]
    activity = {"programme": programme, "place": {"kind": kind, "name": name, "district": district},
                "date": date.isoformat(), "officers": officers, "reach": counts}
    if stage:
        activity["saathi_stage"] = stage
    return activity

