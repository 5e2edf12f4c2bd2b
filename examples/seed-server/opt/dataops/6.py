#!/usr/bin/env python3
"""6.py - combine the two extracts into the export the BI team picks up at 06:00.

Note: it does not check whether the extracts are fresh; it exports whatever it finds.
"""
import csv
import json
import logging

EXTRACT_A = "/data/extract/extract_a.csv"
EXTRACT_B = "/data/extract/extract_b.csv"
EXPORT = "/data/export/combined_export.json"

logging.basicConfig(filename="/var/log/dataops/6.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 6.py %(message)s")
log = logging.getLogger(__name__)

with open(EXTRACT_A, newline="") as fh:
    revenue = list(csv.DictReader(fh))
with open(EXTRACT_B, newline="") as fh:
    low_cover = list(csv.DictReader(fh))

with open(EXPORT, "w") as out:
    json.dump({"revenue": revenue, "low_cover": low_cover}, out, indent=2)
log.info("combined export: %d revenue rows, %d low-cover skus", len(revenue), len(low_cover))
