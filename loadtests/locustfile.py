"""Locust scenarios for the VIKALP spine.

- Complainant: registers a complaint, then follows it with her access code.
- StationOfficer: reads the district's pending list and files ATRs on what is waiting.
- DistrictMonitor: a nodal officer / MSP HQ refreshing the district view.

Officer tokens arrive in WCSO_LOAD_TOKENS (JSON {district: token}), made by loadtests/run.py,
so this file needs nothing but Locust.
"""
from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

TOKENS: dict[str, str] = json.loads(os.environ.get("WCSO_LOAD_TOKENS", "{}"))
DISTRICTS = sorted(TOKENS) or ["LKO"]
CATEGORIES = ["stalking", "phone_online_harassment", "eve_teasing", "domestic_violence", "dowry", "other"]


def _auth(district: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[district]}"}


class Complainant(HttpUser):
    weight = 6
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.mine: list[tuple[str, str]] = []

    @task(3)
    def register(self):
        form = {
            "filed_by": "self", "anonymous": False,
            "complainant": {"name": "Kamla Devi", "phone": f"9{random.randrange(10**8, 10**9)}"},
            "district": random.choice(DISTRICTS), "category": random.choice(CATEGORIES),
            "description": "Load test complaint: harassment on the way to college every morning.",
            "language": random.choice(["hi", "en"]),
        }
        with self.client.post("/api/v1/complaints", json=form, name="POST /complaints", catch_response=True) as r:
            if r.status_code == 201:
                body = r.json()
                self.mine.append((body["complaint_id"], body["access_code"]))
            else:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(2)
    def follow(self):
        if self.mine:
            complaint_id, code = random.choice(self.mine)
            self.client.get(f"/api/v1/complaints/{complaint_id}", headers={"X-Access-Code": code},
                            name="GET /complaints/{id}")


class StationOfficer(HttpUser):
    weight = 2
    wait_time = between(0.5, 2.0)

    @task
    def answer_pending(self):
        district = random.choice(DISTRICTS)
        pending = self.client.get(f"/api/v1/districts/{district}/complaints/pending", headers=_auth(district),
                                  name="GET /districts/{code}/complaints/pending")
        if pending.status_code == 200 and pending.json():
            complaint = random.choice(pending.json())
            with self.client.post(f"/api/v1/complaints/{complaint['complaint_id']}/atr", headers=_auth(district),
                                  json={"text": "Load test ATR: the accused was called and warned.", "language": "en"},
                                  name="POST /complaints/{id}/atr", catch_response=True) as r:
                if r.status_code == 409:
                    r.success()  # another officer answered it between our read and our write
                elif r.status_code != 200:
                    r.failure(f"{r.status_code}: {r.text[:200]}")


class DistrictMonitor(HttpUser):
    weight = 1
    wait_time = between(1.0, 3.0)

    @task
    def district_view(self):
        district = random.choice(DISTRICTS)
        self.client.get(f"/api/v1/districts/{district}/complaints", headers=_auth(district),
                        name="GET /districts/{code}/complaints")
