"""Benchmark: time to match one new found-child report against 100,000 open missing reports.

    .venv/bin/python -m services.missing_child.benchmark [--reports 100000] [--queries 200] [--seed 7]

Loads synthetic missing reports (given names and surnames of Hindi speakers, in Latin letters with the
usual spelling variants or in Devanagari; ages as ranges or exact; heights, marks, districts, last
seen in the past three years) into the matching index, then times `best_matches` for each found-child
report: half are one of the missing children found later (respelt, often in the other script, with
an estimated age, grown, sometimes nameless), half are other children. Prints p50/p95 and how often
the missing child was among the proposals. It measures matching (blocking and scoring) in one process,
not the RPC or the save around it.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

from contracts.reference import DISTRICTS
from services.missing_child.matching import MATCH_THRESHOLD, MAX_PROPOSALS, ChildProfile, MatchingIndex, profile

GIRLS = ("Sunita Anita Pooja Priya Neha Anjali Rekha Kavita Seema Geeta Sita Radha Lakshmi Kamla Shivani Aarti "
         "Nisha Ritu Sapna Sonam Preeti Mamta Jyoti Khushi Sakshi Simran Komal Rani Poonam Kiran Meena Usha Asha "
         "Savita Suman Renu Manju Pinki Sarita Sangeeta Shalini Payal Muskan Tanu Chanchal Babita Vandana Nikita "
         "Aisha Fatima Zeenat Shabnam Nazia Rukhsar Afreen Sana Tabassum Naaz Gudiya Ruby Rashmi Deepika Divya "
         "Kajal Bharti Parul Shweta Swati Mansi Riya Tanya Ankita Archana Alka Garima Harshita Ishita Juhi "
         "Kanchan Lata Madhu Nandini Pallavi Raksha Shilpa Sunaina Tripti Uma Varsha Yamini Zoya Saloni "
         "Roshni Pushpa Mohini Malti Kusum Shanti Durga Parvati").split()
BOYS = ("Rahul Amit Rajesh Suresh Ramesh Vikas Sanjay Ajay Vijay Arjun Rohit Mohit Sachin Deepak Pankaj Manoj "
        "Anil Sunil Ravi Raju Sonu Monu Golu Aman Ankit Abhishek Aditya Akash Alok Anuj Arun Ashish Ashok "
        "Ayush Bablu Chandan Dinesh Gaurav Harsh Himanshu Jitendra Kamal Karan Krishna Kuldeep Lalit Mukesh "
        "Naveen Neeraj Nitin Pawan Prakash Pradeep Prashant Rakesh Rinku Sandeep Satish Shivam Shubham Sumit "
        "Tarun Umesh Varun Vivek Yash Arif Salman Imran Irfan Javed Sameer Shahid Wasim Zaid Faizan Mohammad "
        "Ahmad Rizwan Sohail Aslam Nadeem Arbaaz Farhan Danish Guddu Munna Chhotu Pappu Bittu Lucky Sahil "
        "Rohan Kartik Dev Om Prince Aryan Ritik Nikhil Anurag Shiv Ganesh Mahesh Naresh Hari").split()
SURNAMES = ("Kumar Kumari Devi Singh Yadav Verma Sharma Gupta Mishra Tiwari Pandey Shukla Dubey Chauhan Rajput "
            "Maurya Kushwaha Prajapati Nishad Pal Saroj Gautam Jatav Valmiki Kashyap Rathore Tomar Thakur "
            "Srivastava Saxena Agarwal Jaiswal Khan Ansari Qureshi Siddiqui Shaikh Malik Rizvi Hashmi Sonkar "
            "Rawat Bisht Negi Baghel Lodhi Kurmi Patel Chaudhary Tyagi Jain Rastogi Mehrotra Bajpai Awasthi "
            "Dixit Tripathi Upadhyay Chaturvedi").split()
# Devanagari as the names are written in Hindi: a report uses it a third of the time when listed here.
DEVANAGARI = {
    "Sunita": "सुनीता", "Anita": "अनीता", "Pooja": "पूजा", "Priya": "प्रिया", "Neha": "नेहा", "Anjali": "अंजली",
    "Rekha": "रेखा", "Kavita": "कविता", "Seema": "सीमा", "Geeta": "गीता", "Sita": "सीता", "Radha": "राधा",
    "Lakshmi": "लक्ष्मी", "Kamla": "कमला", "Shivani": "शिवानी", "Aarti": "आरती", "Nisha": "निशा", "Jyoti": "ज्योति",
    "Khushi": "खुशी", "Komal": "कोमल", "Kiran": "किरण", "Meena": "मीना", "Usha": "उषा", "Zeenat": "ज़ीनत",
    "Fatima": "फ़ातिमा", "Gudiya": "गुड़िया", "Rahul": "राहुल", "Amit": "अमित", "Rajesh": "राजेश",
    "Suresh": "सुरेश", "Ramesh": "रमेश", "Vikas": "विकास", "Sanjay": "संजय", "Ajay": "अजय", "Vijay": "विजय",
    "Arjun": "अर्जुन", "Rohit": "रोहित", "Deepak": "दीपक", "Manoj": "मनोज", "Anil": "अनिल", "Sunil": "सुनील",
    "Ravi": "रवि", "Raju": "राजू", "Gaurav": "गौरव", "Krishna": "कृष्णा", "Mohammad": "मोहम्मद", "Arif": "आरिफ",
    "Salman": "सलमान", "Imran": "इमरान", "Guddu": "गुड्डू", "Munna": "मुन्ना", "Chhotu": "छोटू",
    "Kumar": "कुमार", "Kumari": "कुमारी", "Devi": "देवी", "Singh": "सिंह", "Yadav": "यादव", "Verma": "वर्मा",
    "Sharma": "शर्मा", "Gupta": "गुप्ता", "Mishra": "मिश्रा", "Tiwari": "तिवारी", "Pandey": "पांडेय",
    "Khan": "ख़ान", "Ansari": "अंसारी", "Maurya": "मौर्य", "Pal": "पाल", "Gautam": "गौतम",
}
MARK_WORDS = ("mole scar burn birthmark cut tattoo wart stitch").split()
MARK_PLACES = ("left right").split()
MARK_PARTS = ("cheek chin forehead hand arm leg neck ear eyebrow lip knee back shoulder").split()
NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)


def respell(name: str, rng: random.Random) -> str:
    """Another way the same name is written: the other script, or a common Latin variant."""
    if name in DEVANAGARI and rng.random() < 0.35:
        return DEVANAGARI[name]
    variants = [("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("v", "w"), ("sh", "s"), ("aa", "a"),
                ("a", "aa"), ("th", "t")]
    lower = name.lower()
    for old, new in rng.sample(variants, len(variants)):
        if old in lower[1:]:
            lower = lower[0] + lower[1:].replace(old, new, 1)
            break
    return lower.capitalize()


def marks(rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        return None
    return ", ".join(f"{rng.choice(MARK_WORDS)} on {rng.choice(MARK_PLACES)} {rng.choice(MARK_PARTS)}"
                     for _ in range(rng.randint(1, 2)))


def missing_child(n: int, rng: random.Random) -> ChildProfile:
    sex = rng.choices(["girl", "boy", "transgender"], weights=[49, 50, 1])[0]
    given = rng.choice(GIRLS if sex == "girl" else BOYS if sex == "boy" else GIRLS + BOYS)
    name = f"{respell(given, rng)} {respell(rng.choice(SURNAMES), rng)}" if rng.random() < 0.85 else respell(given, rng)
    others = [rng.choice(["Guddu", "Munna", "Pinky", "Sonu", "Golu", "Chhotu", "Guddi"])] if rng.random() < 0.2 else []
    age = rng.uniform(0.5, 17.5)
    low, high = (age, age) if rng.random() < 0.3 else (float(int(age)), float(int(age) + 1))
    return profile(report_id=f"MC-{n:06}", kind="missing", person_ref=f"p-m{n}", sex=sex, age_low=low,
                   age_high=min(high, 18.0), seen_at=NOW - timedelta(days=rng.uniform(1, 1095)),
                   district=rng.choice(DISTRICTS).code, height_cm=round(75 + 6 * age + rng.gauss(0, 6)),
                   names=[name, *others], marks=marks(rng))


def found_later(child: ChildProfile, n: int, rng: random.Random) -> ChildProfile:
    """The same child found later: respelt, an estimated age, grown, sometimes without a name."""
    elapsed = (NOW - child.seen_at).days / 365.25
    age = (child.age_low + child.age_high) / 2 + elapsed
    names = [] if rng.random() < 0.25 else [respell(child.tokens[0].capitalize(), rng)]
    return profile(report_id=f"FC-{n:06}", kind="found", person_ref=f"p-f{n}", sex=child.sex,
                   age_low=max(0.0, int(age) - 1), age_high=min(18.0, int(age) + 2), seen_at=NOW,
                   district=child.district if rng.random() < 0.6 else rng.choice(DISTRICTS).code,
                   height_cm=None if child.height_cm is None else child.height_cm + 6 * elapsed + rng.gauss(0, 3),
                   names=names, marks=" ".join(sorted(child.marks)) or None)


def other_child(n: int, rng: random.Random) -> ChildProfile:
    stranger = missing_child(n, rng)
    return profile(report_id=f"FC-{n:06}", kind="found", person_ref=f"p-f{n}", sex=stranger.sex,
                   age_low=stranger.age_low, age_high=stranger.age_high + 2, seen_at=NOW, district=stranger.district,
                   height_cm=stranger.height_cm, names=[" ".join(stranger.tokens[:1])] if rng.random() < 0.75 else [],
                   marks=marks(rng))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    index = MatchingIndex()
    started = time.perf_counter()
    print(f"loading {args.reports:,} open missing reports into the matching index ...", flush=True)
    for n in range(args.reports):
        index.add(missing_child(n, rng))
        if (n + 1) % 20_000 == 0:
            print(f"  {n + 1:,} loaded ({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)

    timings, candidates, found_true, above_threshold, true_queries = [], [], 0, 0, 0
    ids = list(index.profiles)
    for q in range(args.queries):
        if q % 2 == 0:
            target = index.profiles[rng.choice(ids)]
            query = found_later(target, q, rng)
            true_queries += 1
        else:
            target, query = None, other_child(args.reports + q, rng)
        tick = time.perf_counter()
        proposals = index.best_matches(query)
        timings.append((time.perf_counter() - tick) * 1000)
        candidates.append(len(index.candidates(query)))
        if target is not None:
            found_true += any(child.report_id == target.report_id for child, _ in proposals)
            above_threshold += any(child.report_id == target.report_id
                                   for child, _ in index.best_matches(query, limit=None))

    quantiles = statistics.quantiles(timings, n=100)
    print(f"\nmatching one found-child report against {len(index):,} open missing reports "
          f"({args.queries} reports):")
    print(f"  p50 {quantiles[49]:.1f} ms   p95 {quantiles[94]:.1f} ms   max {max(timings):.1f} ms")
    print(f"  candidates scored per report: median {statistics.median(candidates):.0f}, max {max(candidates)}")
    print(f"  of {true_queries} children found later, {above_threshold} scored {MATCH_THRESHOLD} or more against "
          f"their missing report, {found_true} were among the top {MAX_PROPOSALS} proposals")


if __name__ == "__main__":
    main(sys.argv[1:])
