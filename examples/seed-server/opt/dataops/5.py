#!/usr/bin/env python3
"""5.py - extract two files from MySQL for 6.py:
   extract_a.csv  daily revenue per SKU
   extract_b.csv  SKUs whose stock covers less than a week of sales
"""
import csv
import logging
import os

import mysql.connector

DB = {"host": "db01", "user": "etl", "password": "s3cret-Etl!", "database": "sales"}
OUT_DIR = "/data/extract"

REVENUE_SQL = """
    SELECT o.order_date, o.sku, SUM(o.qty) AS units, SUM(o.amount) AS revenue
    FROM orders o
    WHERE o.order_date >= CURDATE() - INTERVAL 1 DAY
    GROUP BY o.order_date, o.sku
"""

COVER_SQL = """
    SELECT s.sku, s.qty, COALESCE(w.units, 0) AS weekly_units
    FROM stock s
    LEFT JOIN (SELECT sku, SUM(qty) AS units FROM orders
               WHERE order_date >= CURDATE() - INTERVAL 7 DAY GROUP BY sku) w ON w.sku = s.sku
    WHERE s.snapshot_date = CURDATE() AND s.qty < COALESCE(w.units, 0)
"""

logging.basicConfig(filename="/var/log/dataops/5.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 5.py %(message)s")
log = logging.getLogger(__name__)


def dump(cur, sql, path):
    cur.execute(sql)
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([d[0] for d in cur.description])
        writer.writerows(cur.fetchall())


try:
    conn = mysql.connector.connect(**DB)
except mysql.connector.Error as exc:
    log.error("Can't connect to MySQL server on '%s': %s", DB["host"], exc)
    raise

cur = conn.cursor()
dump(cur, REVENUE_SQL, os.path.join(OUT_DIR, "extract_a.csv"))
dump(cur, COVER_SQL, os.path.join(OUT_DIR, "extract_b.csv"))
conn.close()
log.info("extracts written to %s", OUT_DIR)
