#!/usr/bin/env python3
"""Webhook bench helpers (bench/webhooks.sh). Standard library only; 127.0.0.1 only.

  receive  an HTTP receiver on --port: answers 204 to every POST and logs one TSV line per request:
           arrival_ms  path  webhook_id  sha256(body)  type  data.id  data.revision
  write    term writes: PUT /terms/{slug} (HTTP Basic) with a new shortDefinition, for each slug of
           --slugs in turn, at --rate writes/s overall (0: as fast as --threads connections go), for
           --seconds; one TSV line per write: done_ms  status  id  revision. Prints WRITES <ok> <per_s>.
  report   joins writes and deliveries: per (term id, revision, path) the first arrival minus the
           write's answer; prints p50/p99 latency in ms, events missing, and webhook-ids seen with
           two different bodies.
"""
import argparse
import base64
import hashlib
import http.client
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


def write(args):
    slugs = [line.strip() for line in open(args.slugs) if line.strip()]
    auth = "Basic " + base64.b64encode(args.user.encode()).decode()
    out = open(args.out, "w", buffering=1)
    lock = threading.Lock()
    state = {"n": 0, "ok": 0}
    start = time.monotonic()
    end = start + args.seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
        while True:
            with lock:
                n = state["n"]
                state["n"] += 1
            due = start + n / args.rate if args.rate > 0 else time.monotonic()
            if due >= end:
                return
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            slug = slugs[n % len(slugs)]
            body = json.dumps({"name": slug.replace("-", " ").title(), "shortDefinition": "Write %d." % n})
            try:
                connection.request("PUT", "/terms/" + slug, body=body,
                                   headers={"Content-Type": "application/json", "Authorization": auth})
                response = connection.getresponse()
                data = response.read()
                status = response.status
            except Exception:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
                status, data = 0, b""
            done = now_ms()
            term = json.loads(data) if status == 200 else {}
            with lock:
                if status == 200:
                    state["ok"] += 1
                out.write("%d\t%d\t%s\t%s\n" % (done, status, term.get("id", ""), term.get("revision", "")))

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    print("WRITES %d %.1f" % (state["ok"], state["ok"] / elapsed))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))] if values else float("nan")


def report(args):
    written = {}
    for line in open(args.writes):
        done, status, term_id, revision = line.rstrip("\n").split("\t")
        if status == "200":
            written[(term_id, revision)] = int(done)
    first = {}
    bodies = {}
    conflicting = set()
    deliveries = 0
    for line in open(args.received):
        arrived, path, webhook_id, digest, _type, term_id, revision = line.rstrip("\n").split("\t")
        deliveries += 1
        key = (term_id, revision, path)
        first[key] = min(first.get(key, int(arrived)), int(arrived))
        if bodies.setdefault((path, webhook_id), digest) != digest:
            conflicting.add(webhook_id)
    latencies, missing = [], 0
    for (term_id, revision), done in written.items():
        for path in args.paths.split(","):
            arrived = first.get((term_id, revision, path))
            if arrived is None:
                missing += 1
            else:
                latencies.append(arrived - done)
    print("REPORT writes=%d expected=%d missing=%d deliveries=%d conflicting_ids=%d p50_ms=%s p99_ms=%s max_ms=%s" % (
        len(written), len(written) * len(args.paths.split(",")), missing, deliveries, len(conflicting),
        percentile(latencies, 50), percentile(latencies, 99), max(latencies) if latencies else "nan"))


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("receive")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--out", required=True)
    w = commands.add_parser("write")
    w.add_argument("--port", type=int, required=True)
    w.add_argument("--user", required=True, help="user:password")
    w.add_argument("--slugs", required=True)
    w.add_argument("--rate", type=float, default=100)
    w.add_argument("--seconds", type=float, default=30)
    w.add_argument("--threads", type=int, default=8)
    w.add_argument("--out", required=True)
    p = commands.add_parser("report")
    p.add_argument("--writes", required=True)
    p.add_argument("--received", required=True)
    p.add_argument("--paths", required=True, help="comma-separated receiver paths, one per endpoint")
    args = parser.parse_args()
    {"receive": receive, "write": write, "report": report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
