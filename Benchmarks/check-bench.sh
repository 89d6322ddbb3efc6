#!/usr/bin/env bash
# accord check on a generated 100-subject repository: every subject changed (a compatible change
# in each, and each references a shared money subject), so every subject is compiled and compared.
# Usage: Benchmarks/check-bench.sh [ACCORD_BINARY] [SUBJECTS]
set -euo pipefail
ACCORD=${1:-.build/release/accord}
COUNT=${2:-100}
ACCORD=$(cd "$(dirname "$ACCORD")" && pwd)/$(basename "$ACCORD")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
git init -q -b main
git config user.email bench@accord.invalid
git config user.name bench

subject() { # $1 index, $2 maxLength of "note"
  cat <<JSON
{
  "\$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "event.$1",
  "type": "object",
  "properties": {
    "id": { "type": "string", "format": "uuid" },
    "at": { "type": "string", "format": "date-time" },
    "count": { "type": "integer", "minimum": 0, "maximum": 1000000 },
    "status": { "enum": ["new", "active", "done", "failed"] },
    "note": { "type": "string", "maxLength": $2 },
    "amount": { "\$ref": "../money/schema.json" },
    "lines": { "type": "array", "items": { "\$ref": "#/\$defs/Line" }, "maxItems": 100 }
  },
  "required": ["id", "at", "amount"],
  "additionalProperties": false,
  "\$defs": {
    "Line": {
      "type": "object",
      "properties": { "sku": { "type": "string", "pattern": "^[A-Z0-9-]{3,32}\$" }, "quantity": { "type": "integer", "minimum": 1 } },
      "required": ["sku", "quantity"]
    }
  }
}
JSON
}
mkdir -p Schemas/money
cat > Schemas/money/schema.json <<'JSON'
{ "type": "object", "properties": { "amount": { "type": "integer" }, "currency": { "type": "string", "pattern": "^[A-Z]{3}$" } }, "required": ["amount", "currency"], "additionalProperties": false }
JSON
for i in $(seq 1 "$COUNT"); do mkdir -p "Schemas/event.$i"; subject "$i" 100 > "Schemas/event.$i/schema.json"; done
git add -A && git commit -qm base
for i in $(seq 1 "$COUNT"); do subject "$i" 200 > "Schemas/event.$i/schema.json"; done

"$ACCORD" check --against git:HEAD > "$WORK/out.txt" || true
tail -1 "$WORK/out.txt"
best=""
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$ACCORD" check --against git:HEAD > /dev/null || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
  echo "bench-check run $run: ${ms} ms"
done
echo "bench-check: accord check of $COUNT changed subjects (+ money) against git:HEAD: best ${best} ms (target < 1000 ms)"
