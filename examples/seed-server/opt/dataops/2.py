#!/usr/bin/env python3
"""2.py - turn the newest vendor stock file (dropped by SFTP) into JSON for 4.py."""
import csv
import glob
import json
import logging
import os
import sys

DROP_DIR = "/data/incoming/vendor"
OUT_FILE = "/data/stage/stock.json"

logging.basicConfig(filename="/var/log/dataops/2.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 2.py %(message)s")
log = logging.getLogger(__name__)

drops = sorted(glob.glob(os.path.join(DROP_DIR, "stock_*.csv")))
if not drops:
    log.error("no vendor drop in %s", DROP_DIR)
    sys.exit(1)

newest = drops[-1]
rows = []
with open(newest, newline="") as fh:
    for rec in csv.DictReader(fh):
        rows.append({"sku": rec["SKU"].strip(), "qty": int(rec["QTY"] or 0)})

with open(OUT_FILE, "w") as out:
    json.dump(rows, out)
log.info("converted %s: %d rows", newest, len(rows))
