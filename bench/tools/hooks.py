#!/usr/bin/env python3
"""Webhook bench helpers (bench/webhooks.sh). Standard library only; 127.0.0.1 only.

  receive  an HTTP receiver on --port: answers 204 to every POST and logs one TSV line per request:
           arrival_ms  path  webhook_id  sha256(body)  type  data.id  data.revision
  report   joins the deliveries the database queued (--expected, from webhook_event and
           webhook_delivery: the event's created_at is taken by a trigger deferred to the write's
           commit) with what the receiver logged: per (endpoint path, webhook-id) the first arrival
           minus the commit; prints p50/p99 latency in ms, deliveries missing, duplicates (at least
           once), and webhook-ids seen with two different bodies.
"""
import argparse
import hashlib
import http.server
import json
import sys
import threading
import time


def now_ms():
    return time.time_ns() // 1_000_000


def receive(args):
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            arrived = now_ms()
            try:
                event = json.loads(body)
                data = event.get("data", {})
                fields = (event.get("type", ""), str(data.get("id", "")), str(data.get("revision", "")))
            except ValueError:
                fields = ("unreadable", "", "")
            with lock:
                out.write("\t".join((str(arrived), self.path, self.headers.get("webhook-id", ""),
                                     hashlib.sha256(body).hexdigest()) + fields) + "\n")
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))] if values else float("nan")


def report(args):
    expected = {}
    for line in open(args.expected):
        webhook_id, created_ms, path = line.rstrip("\n").split("\t")
        expected[(path, webhook_id)] = int(created_ms)
    first, bodies, conflicting, deliveries = {}, {}, set(), 0
    for line in open(args.received):
        arrived, path, webhook_id, digest = line.rstrip("\n").split("\t")[:4]
        deliveries += 1
        key = (path, webhook_id)
        first[key] = min(first.get(key, int(arrived)), int(arrived))
        if bodies.setdefault(key, digest) != digest:
            conflicting.add(key)
    latencies = [first[key] - created for key, created in expected.items() if key in first]
    print("REPORT expected=%d missing=%d deliveries=%d duplicates=%d conflicting_ids=%d p50_ms=%s p99_ms=%s max_ms=%s" % (
        len(expected), len(expected) - len(latencies), deliveries, deliveries - len(first), len(conflicting),
        percentile(latencies, 50), percentile(latencies, 99), max(latencies) if latencies else "nan"))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("receive")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--out", required=True)
    p = commands.add_parser("report")
    p.add_argument("--expected", required=True, help="TSV: webhook_id  event_created_ms  endpoint_path")
    p.add_argument("--received", required=True)
    args = parser.parse_args()
    {"receive": receive, "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
