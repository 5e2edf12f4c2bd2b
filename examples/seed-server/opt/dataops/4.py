#!/usr/bin/env python3
"""4.py - replace today's stock snapshot in MySQL (sales.stock) with the vendor's numbers."""
import json
import logging

import pymysql

IN_FILE = "/data/stage/stock.json"

logging.basicConfig(filename="/var/log/dataops/4.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 4.py %(message)s")
log = logging.getLogger(__name__)


def load(path):
    with open(path) as fh:
        return json.load(fh)


rows = load(IN_FILE)
conn = pymysql.connect(host="db01", user="etl", password="s3cret-Etl!", database="sales")
try:
    with conn.cursor() as cur:
        cur.execute("DELETE FROM stock WHERE snapshot_date = CURDATE()")
        cur.executemany(
            "INSERT INTO stock (snapshot_date, sku, qty) VALUES (CURDATE(), %(sku)s, %(qty)s)", rows
        )
    conn.commit()
finally:
    conn.close()
log.info("stock snapshot: %d skus", len(rows))
