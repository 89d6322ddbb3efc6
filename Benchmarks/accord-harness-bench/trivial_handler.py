#!/usr/bin/env python3
# The benchmark's trivial NDJSON handler: acks every delivery, answers state requests.
# It reads whatever input is available, answers all of it, and flushes once per read.
import os, sys
out = sys.stdout.buffer
pending = b""
while True:
    chunk = os.read(0, 1 << 16)
    if not chunk:
        break
    lines = (pending + chunk).split(b"\n")
    pending = lines.pop()
    answers = []
    for line in lines:
        if line.startswith(b'{"type":"state"'):
            answers.append(b'{"state":{}}\n')
        elif line:
            answers.append(b'{"outcome":"ack"}\n')
    out.write(b"".join(answers))
    out.flush()
