#!/usr/bin/env python3
"""Freshness of search across instances (issue 23): writes through one instance, searches another.

    freshness.py WRITE_URL SEARCH_URL USER:PASSWORD [--writers 4] [--changes 60]

Each writer thread repeats, `changes` times: create a term whose name holds a word no other term has,
rename it to another new word, delete it. After each answer (the write has committed), it polls
GET /terms?q=<word> on the other instance every 5 ms until the change shows (found after a create or
rename; the old word gone after a rename; gone after a delete), and records the time. The writers run
at once, so every change is measured under the others' writes. Prints p50, p99 and max per kind and
overall, in ms, and the count of changes never seen within 10 s (must be 0).
"""
import random, string, sys, threading, time, urllib.parse

from jsonhttp import call

POLL = 0.005
GIVE_UP = 10.0


def found(search, word, slug):
    status, page = call(search + "/terms?size=5&q=" + urllib.parse.quote(word))
    return status == 200 and any(item["slug"] == slug for item in page["items"])


def wait(search, word, slug, present):
    started = time.monotonic()
    while time.monotonic() - started < GIVE_UP:
        if found(search, word, slug) == present:
            return (time.monotonic() - started) * 1000
        time.sleep(POLL)
    return None


def writer(n, write, search, auth, changes, results, lock, rng):
    def word():
        return "zq" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))

    for i in range(changes):
        first, second = word(), word()
        slug = f"fresh-{n}-{i}-{first}"
        status, _ = call(write + "/terms", "POST", auth, {"slug": slug, "name": f"Fresh {first}", "shortDefinition": "A freshness probe."})
        assert status == 201, f"create: {status}"
        measured = [("create", wait(search, first, slug, True))]
        status, _ = call(write + "/terms/" + slug, "PUT", auth, {"slug": slug, "name": f"Fresh {second}", "shortDefinition": "A freshness probe."})
        assert status == 200, f"rename: {status}"
        measured.append(("rename", wait(search, second, slug, True)))
        measured.append(("rename, old word gone", wait(search, first, slug, False)))
        status, _ = call(write + "/terms/" + slug, "DELETE", auth)
        assert status == 204, f"delete: {status}"
        measured.append(("delete", wait(search, second, slug, False)))
        with lock:
            results.extend(measured)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main():
    write, search, auth = sys.argv[1], sys.argv[2], sys.argv[3]
    writers = int(sys.argv[sys.argv.index("--writers") + 1]) if "--writers" in sys.argv else 4
    changes = int(sys.argv[sys.argv.index("--changes") + 1]) if "--changes" in sys.argv else 60
    results, lock = [], threading.Lock()
    threads = [threading.Thread(target=writer, args=(n, write, search, auth, changes, results, lock, random.Random(n)))
               for n in range(writers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    print(f"{writers} writers, {len(results)} changes measured in {elapsed:.1f} s ({len(results) / elapsed:.1f} writes/s with their waits)")
    kinds = sorted({kind for kind, _ in results}) + ["all"]
    for kind in kinds:
        times = [ms for k, ms in results if (kind == "all" or k == kind) and ms is not None]
        missed = sum(1 for k, ms in results if (kind == "all" or k == kind) and ms is None)
        print(f"{kind:24s} n={len(times):4d}  p50 {percentile(times, 0.5):7.1f} ms  p99 {percentile(times, 0.99):7.1f} ms"
              f"  max {max(times):7.1f} ms  not seen in {GIVE_UP:.0f} s: {missed}")


if __name__ == "__main__":
    main()
