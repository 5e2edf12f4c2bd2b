#!/usr/bin/env python3
"""load_orders.py - fetch yesterday's orders from the shop API into sales.orders (MySQL on db01)."""
import json
import urllib.request

import mysql.connector

API = "https://shop-api.example.com/v1/orders"
DB = {"host": "db01", "port": 3306, "user": "etl", "password": "not-a-real-one", "database": "sales"}

with urllib.request.urlopen(API) as resp:
    orders = json.load(resp)["orders"]

conn = mysql.connector.connect(**DB)
cur = conn.cursor()
for o in orders:
    cur.execute(
        "INSERT INTO orders (order_id, sku, qty, amount) VALUES (%s, %s, %s, %s)",
        (o["id"], o["sku"], o["qty"], o["amount"]),
    )
conn.commit()
conn.close()
