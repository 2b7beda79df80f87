#!/usr/bin/env python3
"""Collects cursor paths for the cursor-walk scenario of bench/run.sh by walking GET /terms.

    cursors.py --base http://127.0.0.1:18080 --max 2000 [--start '/terms?size=20'] > cursors.txt

Follows "nextCursor" (shared/API.md, "Deep listings") from the first page, one keep-alive
connection, and prints one "/terms?cursor=<urlencoded>" line per cursor seen, so that wrk can replay
random ones. Stops at --max cursors, at the last page (nextCursor null), or after --seconds.
Exit status 3 when the first page has no "nextCursor" key at all (the API has no cursor paging yet);
2 on any other error (non-200 answer, not JSON).
"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--max", type=int, default=2000)
    ap.add_argument("--start", default="/terms?size=20")
    ap.add_argument("--seconds", type=float, default=120)
    a = ap.parse_args()
    url = urllib.parse.urlsplit(a.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    path, seen, deadline = a.start, 0, time.monotonic() + a.seconds
    first = True
    while seen < a.max and time.monotonic() < deadline:
        conn.request("GET", path, headers={"Accept": "application/json"})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            print(f"cursors.py: GET {path} answered {r.status}: {body[:200]!r}", file=sys.stderr)
            return 2
        try:
            page = json.loads(body)
        except ValueError:
            print(f"cursors.py: GET {path} is not JSON", file=sys.stderr)
            return 2
        if first and "nextCursor" not in page:
            print("cursors.py: no nextCursor in the first page: the API has no cursor paging", file=sys.stderr)
            return 3
        first = False
        cursor = page.get("nextCursor")
        if not cursor:
            break
        path = "/terms?cursor=" + urllib.parse.quote(cursor, safe="")
        print(path)
        seen += 1
    print(f"cursors.py: {seen} cursors", file=sys.stderr)
    return 0 if seen > 0 else 2


if __name__ == "__main__":
    sys.exit(main())
