#!/bin/bash
# export_stock.sh - stock levels from the warehouse database onto the reports share
set -euo pipefail
OUT=/data/exports/stock.csv
psql -h wh01 -d warehouse -At -c "\copy (SELECT sku, on_hand FROM inventory.stock) TO '${OUT}' CSV"
wc -l "${OUT}" > /data/exports/stock.count
scp /data/exports/stock.count rpt01:/srv/incoming/stock.count
