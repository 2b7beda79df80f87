#!/usr/bin/env python3
"""Request streams that wrk cannot log per request (bench/faults.sh, bench/soak.sh). Standard library only.

  subscribe   POST /subscribers with unique addresses <prefix>-<thread>-<n>@example.com from --threads
              keep-alive connections; one TSV line per request:
              start_epoch  email  status(0 = no answer)  ms  error  retry_after  content_type
              so that a caller can check that every address answered 202 is stored.
  edit        the editor's low-rate writes: GET /terms/{slug}, then PUT it back (If-Match: its ETag,
              HTTP Basic) with only shortDefinition changed; one TSV line per write:
              start_epoch  slug  get_status  put_status  ms  error

Both stop after --seconds or --max-requests, whichever comes first, and print one summary line
(LOADGEN_RESULT ...) on stdout. "error" is empty when an HTTP answer arrived, otherwise one of
refused, reset, closed (the server closed the connection without answering), timeout, or other:<name>.
Everything goes to 127.0.0.1 only.
"""
import argparse
import base64
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse


def classify(error):
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, ConnectionResetError) or isinstance(error, BrokenPipeError):
        return "reset"
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    return "other:" + type(error).__name__


class Stream:
    def __init__(self, base, timeout):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit("loadgen only drives 127.0.0.1")
        self.host, self.port, self.timeout = url.hostname, url.port or 80, timeout
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body bytes); raises on a transport failure (the connection is dropped)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response, data
        except Exception:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                pass
            self.connection = None


class Summary:
    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0
        self.statuses = {}
        self.errors = {}
        self.max_ms = 0.0

    def add(self, status, error, ms):
        with self.lock:
            self.count += 1
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1
            else:
                self.statuses[status] = self.statuses.get(status, 0) + 1
            self.max_ms = max(self.max_ms, ms)

    def line(self, kind, seconds):
        statuses = " ".join("s%d=%d" % (k, v) for k, v in sorted(self.statuses.items()))
        errors = " ".join("e_%s=%d" % (k.replace(":", "_"), v) for k, v in sorted(self.errors.items()))
        bad = sum(v for k, v in self.statuses.items() if not 200 <= k < 400) + sum(self.errors.values())
        return ("LOADGEN_RESULT kind=%s requests=%d rps=%.1f bad=%d max_ms=%.1f %s %s" % (
            kind, self.count, self.count / max(seconds, 0.001), bad, self.max_ms, statuses, errors)).strip()


def subscribe(args):
    out = open(args.out, "a", buffering=1)
    out_lock = threading.Lock()
    summary = Summary()
    deadline = time.monotonic() + args.seconds
    per_thread = (args.max_requests + args.threads - 1) // args.threads if args.max_requests else None
    interval = 1.0 / args.rate if args.rate > 0 else 0.0

    def worker(tid):
        stream = Stream(args.base, args.timeout)
        n = 0
        next_at = time.monotonic()
        while time.monotonic() < deadline and (per_thread is None or n < per_thread):
            n += 1
            email = "%s-%d-%d@example.com" % (args.prefix, tid, n)
            body = json.dumps({"email": email, "source": args.source})
            started, t0 = time.time(), time.monotonic()
            status, error, retry_after, content_type = 0, "", "", ""
            try:
                status, response, _ = stream.request("POST", "/subscribers", body,
                                                     {"Content-Type": "application/json"})
                retry_after = response.getheader("Retry-After", "")
                content_type = response.getheader("Content-Type", "")
            except Exception as e:  # noqa: BLE001 - every transport failure is a result here
                error = classify(e)
            ms = (time.monotonic() - t0) * 1000
            summary.add(status, error, ms)
            with out_lock:
                out.write("%.3f\t%s\t%d\t%.1f\t%s\t%s\t%s\n" % (started, email, status, ms, error, retry_after,
                                                                content_type))
            if error:
                time.sleep(0.05)  # a refused connection must not become a busy loop
            if interval:
                next_at += interval
                pause = next_at - time.monotonic()
                if pause > 0:
                    time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
                else:
                    next_at = time.monotonic()
        stream.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(1, args.threads + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + args.timeout + 5)
    out.close()
    print(summary.line("subscribe", time.monotonic() - started), flush=True)


def edit(args):
    with open(args.slugs) as f:
        slugs = [line.strip() for line in f if line.strip()]
    if not slugs:
        raise SystemExit("no slugs in " + args.slugs)
    auth = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
    out = open(args.out, "a", buffering=1)
    summary = Summary()
    stream = Stream(args.base, args.timeout)
    started = time.monotonic()
    deadline = started + args.seconds
    n = 0
    while time.monotonic() < deadline and (not args.max_requests or n < args.max_requests):
        slug = slugs[(n * 7919) % len(slugs)]
        n += 1
        t_start, t0 = time.time(), time.monotonic()
        get_status, put_status, error = 0, 0, ""
        try:
            get_status, response, data = stream.request("GET", "/terms/" + slug)
            if get_status == 200:
                term = json.loads(data)
                etag = response.getheader("ETag")
                base = term["shortDefinition"].split(" [soak ")[0]
                suffix = " [soak %d]" % n
                body = {
                    "name": term["name"], "slug": term["slug"],
                    "shortDefinition": base[:300 - len(suffix)] + suffix,
                    "description": term.get("description"), "exploreUrl": term.get("exploreUrl"),
                    "aliases": term.get("aliases") or [],
                    "relatedSlugs": [r["slug"] for r in term.get("relatedTerms") or []],
                }
                headers = {"Content-Type": "application/json", "Authorization": auth}
                if etag:
                    headers["If-Match"] = etag
                put_status, _, _ = stream.request("PUT", "/terms/" + term["slug"], json.dumps(body), headers)
        except Exception as e:  # noqa: BLE001
            error = classify(e)
        ms = (time.monotonic() - t0) * 1000
        summary.add(put_status or get_status, error, ms)
        out.write("%.3f\t%s\t%d\t%d\t%.1f\t%s\n" % (t_start, slug, get_status, put_status, ms, error))
        pause = args.interval - (time.monotonic() - t0)
        if pause > 0:
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
    stream.close()
    out.close()
    print(summary.line("edit", time.monotonic() - started), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("subscribe")
    s.add_argument("--base", required=True)
    s.add_argument("--prefix", required=True)
    s.add_argument("--source", default="bench")
    s.add_argument("--threads", type=int, default=2)
    s.add_argument("--rate", type=float, default=0, help="requests per second per thread; 0 = as fast as answered")
    s.add_argument("--seconds", type=float, required=True)
    s.add_argument("--max-requests", type=int, default=0)
    s.add_argument("--timeout", type=float, default=40)
    s.add_argument("--out", required=True)
    e = sub.add_parser("edit")
    e.add_argument("--base", required=True)
    e.add_argument("--user", required=True)
    e.add_argument("--password", required=True)
    e.add_argument("--slugs", required=True)
    e.add_argument("--interval", type=float, default=2.0, help="seconds between writes")
    e.add_argument("--seconds", type=float, required=True)
    e.add_argument("--max-requests", type=int, default=0)
    e.add_argument("--timeout", type=float, default=40)
    e.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.seconds <= 0 or args.seconds > 7200:
        raise SystemExit("--seconds must be in (0, 7200]")
    {"subscribe": subscribe, "edit": edit}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
