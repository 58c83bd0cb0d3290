#!/usr/bin/env bash
# Line items have no labelled truth in the dev sets; what can be measured is how many documents yield items and how
# many item tables add up to the document's own subtotal or total (phase 4's rule agrees), a lower bound on tables
# read right. Usage: bench/line-items/run.sh DATASET_DIR SCHEMA.json   (e.g. ../shared/datasets/sroie-train bench/line-items/receipt.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
dataset=${1:?dataset folder}; schema=${2:?schema with a line_items field}
out=$(mktemp)
dotnet run -c Release --project src/Quarry.Cli -- extract --schema "$schema" "$dataset/docs" > "$out" 2>/dev/null
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
read = [r for r in rows if r["values"].get("line_items")]
failed = [r for r in read if any(f.startswith("rule_failed:line_items") for f in r["validation_flags"])]
def checked(r):
    items = r["values"]["line_items"]
    return all(i.get("amount") is not None or (i.get("quantity") is not None and i.get("unit_price") is not None) for i in items) \
        and any(r["values"].get(k) is not None for k in ("subtotal", "total"))
agree = [r for r in read if checked(r) and r not in failed]
print(f"documents={len(rows)} with_items={len(read)} items={sum(len(r['values']['line_items']) for r in read)} "
      f"sum_agrees={len(agree)} sum_fails={len(failed)} unchecked={len(read) - len(agree) - len(failed)}")
PY
