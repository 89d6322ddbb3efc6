#!/usr/bin/env python3
"""order.placed handler speaking Accord's NDJSON protocol on stdin/stdout.

Confirms each order once: charges it through the payment service ($ACCORD_DOWNSTREAM_URL) and
emits order.confirmed. `--bug=NAME` switches on a classic bug, for the harness to catch:
  counter        counts every delivery (no deduplication)
  double-charge  charges before the payment call and again on each retry
  crash          crashes on an event it cannot process (poison)
  id-only        deduplicates on id alone (ignores source)
  reorder        acks and defers an event when payments fail, processes it later
  bad-emit       emits order.confirmed with a string amount
  hang           never answers a delivery
  garbage        prints a log line on stdout
  exit           exits after two deliveries
"""
import json, sys, urllib.request, urllib.error, os

BUG = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--bug=")), None)
DOWNSTREAM = os.environ.get("ACCORD_DOWNSTREAM_URL", "")
state = {"processed": 0, "charged": 0, "customers": {}}
seen = set()          # (source, id) of processed events
deferred = []         # only used by the 'reorder' bug
deliveries = 0

def charge(order):
    req = urllib.request.Request(DOWNSTREAM + "/payments", data=json.dumps(order).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False

def invalid(data):
    if not isinstance(data, dict): return "data is not an object"
    for k in ("orderId", "customerId", "currency"):
        if not isinstance(data.get(k), str): return f"missing {k}"
    amount = data.get("amount")
    if not isinstance(amount, (int, float)) or isinstance(amount, bool) or amount < 0: return "amount must be a number >= 0"
    return None

def apply(event):
    data = event["data"]
    if BUG != "counter":
        state["processed"] += 1
    if BUG != "double-charge":
        state["charged"] = round(state["charged"] + data["amount"], 2)
    orders = state["customers"].setdefault(data["customerId"], [])
    orders.append(data["orderId"])
    amount = str(data["amount"]) if BUG == "bad-emit" else data["amount"]
    return [{"specversion": "1.0", "id": "confirmed-" + event["id"], "source": "urn:shop:orders",
             "type": "order.confirmed", "subject": data["orderId"],
             "data": {"orderId": data["orderId"], "customerId": data["customerId"], "amount": amount,
                      "sequence": len(orders)}}]

def handle(event, attempt):
    key = event["id"] if BUG == "id-only" else (event["source"], event["id"])
    if BUG == "counter":
        state["processed"] += 1     # the bug: counts deliveries, not events
    if key in seen:
        return {"outcome": "ack", "emitted": []}
    data = event.get("data")
    problem = invalid(data)
    if problem:
        if BUG == "crash":
            raise ValueError(problem)
        return {"outcome": "reject", "reason": "invalid order.placed: " + problem}
    if BUG == "double-charge":      # the bug: books the charge before payment succeeds, again on each retry
        state["charged"] = round(state["charged"] + data["amount"], 2)
    if not charge({"orderId": data["orderId"], "amount": data["amount"]}):
        if BUG == "reorder":
            deferred.append(event)
            return {"outcome": "ack", "emitted": []}
        return {"outcome": "retry", "reason": "payment service unavailable"}
    seen.add(key)
    emitted = apply(event)
    while deferred:
        emitted += apply(deferred.pop(0))
    return {"outcome": "ack", "emitted": emitted}

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "state":
        print(json.dumps({"state": state}), flush=True)
        continue
    deliveries += 1
    if BUG == "hang":
        continue
    if BUG == "garbage":
        print("processing", message["event"]["id"], flush=True)
    if BUG == "exit" and deliveries > 2:
        sys.exit(3)
    print(json.dumps(handle(message["event"], message["attempt"])), flush=True)
