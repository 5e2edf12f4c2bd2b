#!/usr/bin/env python3
"""1.py - fetch yesterday's web orders from the shop API and stage them as JSON for 3.py."""
import datetime
import json
import logging
import sys

import requests

API_URL = "https://shop-api.example.com/v1/orders"
OUT_FILE = "/data/stage/orders.json"

logging.basicConfig(filename="/var/log/dataops/1.log", level=logging.INFO,
                    format="%(asctime)s %(levelname)s 1.py %(message)s")
log = logging.getLogger(__name__)


def main():
    day = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    log.info("fetching orders for %s", day)
    try:
        resp = requests.get(API_URL, params={"date": day}, timeout=120)
        resp.raise_for_status()
    except requests.RequestException as exc:
        log.error("orders API failed: %s", exc)
        return 1
    orders = resp.json()["orders"]
    with open(OUT_FILE, "w") as fh:
        json.dump({"date": day, "orders": orders}, fh, indent=1)
    log.info("staged %d orders", len(orders))
    return 0


if __name__ == "__main__":
    sys.exit(main())
