"""Demo VIKALP complaints across several districts: some answered with an ATR, some rated."""
from __future__ import annotations

from chassis.demo import DEMO_DISTRICTS, DemoClient

CATEGORIES = ["stalking", "phone_online_harassment", "eve_teasing", "domestic_violence", "dowry", "other"]
NAMES = ["Sunita Devi", "Priya Verma", "Anjali Yadav", "Rekha Singh", "Pooja Gupta", "Neha Khan", "Kiran Maurya"]


def seed(client: DemoClient, count: int) -> str:
    rng = client.random
    atrs = ratings = 0
    for n in range(count):
        district = DEMO_DISTRICTS[n % len(DEMO_DISTRICTS)]
        anonymous = rng.random() < 0.3
        created = client.post("/api/v1/complaints", {
            "filed_by": "self" if rng.random() < 0.8 else "on_behalf",
            "anonymous": anonymous,
            "complainant": None if anonymous else {"name": rng.choice(NAMES), "phone": f"9{rng.randrange(10**8, 10**9)}"},
            "district": district,
            "category": rng.choice(CATEGORIES),
            "description": "Demo complaint: repeated harassment near the market and calls from an unknown number.",
            "language": rng.choice(["hi", "en"]),
        })
        if rng.random() < 0.6:
            client.post(f"/api/v1/complaints/{created['complaint_id']}/atr",
                        {"text": "Beat officer visited the area and the accused was warned in writing.", "language": "en"},
                        token=client.token("station_officer", district))
            atrs += 1
            if rng.random() < 0.6:
                client.post(f"/api/v1/complaints/{created['complaint_id']}/feedback",
                            {"rating": "satisfied" if rng.random() < 0.7 else "dissatisfied"},
                            access_code=created["access_code"])
                ratings += 1
    return f"VIKALP: {count} complaints, {atrs} ATRs, {ratings} ratings"
