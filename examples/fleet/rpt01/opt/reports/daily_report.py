#!/usr/bin/env python3
"""daily_report.py - orders (sales.orders on db01) against stock (the reports share) as HTML."""
import csv

import mysql.connector

STOCK = "/mnt/reports/stock.csv"
COUNT = "/srv/incoming/stock.count"  # copied here by etl02 with scp
OUT = "/srv/www/reports/daily.html"

conn = mysql.connector.connect(host="db01", port=3306, user="report", database="sales")
cur = conn.cursor()
cur.execute("SELECT sku, SUM(qty) FROM orders GROUP BY sku")
sold = dict(cur.fetchall())
conn.close()

with open(STOCK, newline="") as fh:
    stock = {row[0]: int(row[1]) for row in csv.reader(fh)}

with open(COUNT) as fh:
    expected = int(fh.read().split()[0])
if len(stock) != expected:
    raise SystemExit(f"stock file has {len(stock)} rows, expected {expected}")

with open(OUT, "w") as out:
    out.write("<table>")
    for sku, qty in sorted(sold.items()):
        out.write(f"<tr><td>{sku}</td><td>{qty}</td><td>{stock.get(sku, 0)}</td></tr>")
    out.write("</table>")
