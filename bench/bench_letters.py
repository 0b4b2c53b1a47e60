"""Time per letter in a batch of 600 letters (target: under 20 ms per letter).

Builds a fresh demo database, then times separately:
  gather  – reading each letter's data and loading/validating templates (services.printing)
  render  – reportlab laying out and writing one combined PDF (documents.render)
for Norwegian one-page invitations, nb+uk two-language invitations and nb+ar
(Arabic shaping) invitations, 600 of each by default.

Run from the repository root:
    PYTHONPATH=. python bench/bench_letters.py [--count 600]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.demo import fill_demo_data
from hemsedal_integrering.documents import render
from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import Person, User
from hemsedal_integrering.services import printing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--out", type=Path, default=None, help="keep the last PDF here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "bench.sqlite3")
    ctx = Context(db=db, clock=fixed_clock(dt.date(2026, 11, 23)))
    fill_demo_data(ctx)
    ctx = ctx.as_user(User.get(User.username == "programradgiver"))
    adults = []
    for person in Person.select().where(Person.role == "adult").order_by(Person.id):
        try:  # only people with a postal address get a letter (no address, no letter)
            printing.household_address(ctx, person.household)
        except ValidationError:
            continue
        adults.append(person)
    print(f"{args.count} letters per run, {len(adults)} adults with a postal address in the demo data, "
          f"python {sys.version.split()[0]}")
    printing.meeting_invitation(ctx, person_id=adults[0].id, meeting_date="07.12.2026", meeting_time="10:00",
                                place="x")  # warm-up: fonts, templates
    render([printing.meeting_invitation(ctx, person_id=adults[0].id, meeting_date="07.12.2026",
                                        meeting_time="10:00", place="x", language="ar")])
    for language in ("nb", "uk", "ar"):
        t0 = time.perf_counter()
        docs = [printing.meeting_invitation(ctx, person_id=adults[i % len(adults)].id, meeting_date="07.12.2026",
                                            meeting_time="10:00", place="Hemsedal rådhus, møterom Skogshorn",
                                            purpose="Integreringsplan", language=language)
                for i in range(args.count)]
        t1 = time.perf_counter()
        data = render(docs)
        t2 = time.perf_counter()
        gather_ms, render_ms = (t1 - t0) * 1000 / args.count, (t2 - t1) * 1000 / args.count
        total = gather_ms + render_ms
        print(f"  nb+{language if language != 'nb' else '--'}: gather {gather_ms:5.1f} ms + render {render_ms:5.1f} ms "
              f"= {total:5.1f} ms per letter  ({len(data) / 1e6:.1f} MB PDF, {total * args.count / 1000:.1f} s "
              f"for {args.count}) {'OK' if total < 20 else 'OVER TARGET'}")
        if args.out:
            args.out.write_bytes(data)
    # single letter (what the preview does), median of 20
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        render([printing.meeting_invitation(ctx, person_id=adults[0].id, meeting_date="07.12.2026",
                                            meeting_time="10:00", place="Rådhuset")])
        times.append((time.perf_counter() - t0) * 1000)
    print(f"  single letter to PDF (gather + render, one file): median {statistics.median(times):.1f} ms")
    db.close()


if __name__ == "__main__":
    main()
