#!/usr/bin/env python3
"""3.py - load the staged orders into MySQL (sales.orders)."""
import json
import logging

import mysql.connector

DB = {"host": "db01", "port": 3306, "user": "etl", "password": "s3cret-Etl!", "database": "sales"}
IN_FILE = "/data/stage/orders.json"

logging.basicConfig(filename="/var/log/dataops/3.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 3.py %(message)s")
log = logging.getLogger(__name__)

with open(IN_FILE) as fh:
    staged = json.load(fh)

conn = mysql.connector.connect(**DB)
cur = conn.cursor()
for order in staged["orders"]:
    cur.execute(
        "INSERT INTO orders (order_id, order_date, sku, qty, amount) VALUES (%s, %s, %s, %s, %s) "
        "ON DUPLICATE KEY UPDATE qty = VALUES(qty), amount = VALUES(amount)",
        (order["id"], staged["date"], order["sku"], order["qty"], order["amount"]),
    )
conn.commit()
conn.close()
log.info("loaded %d orders", len(staged["orders"]))
