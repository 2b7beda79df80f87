#!/usr/bin/env python3
"""Walks GET /changes?limit=1000 from the start to the end over one keep-alive connection, as lean
as a client can be: each page is read whole and only its tail is looked at for the next cursor.

    feedwalk.py HOST PORT   ->  prints "pages bytes milliseconds last_cursor"
"""
import http.client
import re
import sys
import time

NEXT = re.compile(rb'"nextCursor":"([^"]+)","hasMore":(true|false)}$')


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    connection = http.client.HTTPConnection(host, port)
    cursor, pages, size = None, 0, 0
    started = time.monotonic()
    while True:
        connection.request("GET", "/changes?limit=1000" + (f"&cursor={cursor}" if cursor else ""))
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"GET /changes answered {response.status}")
        pages += 1
        size += len(body)
        tail = NEXT.search(body[-400:])
        cursor = tail.group(1).decode()
        if tail.group(2) == b"false":
            break
    print(pages, size, round((time.monotonic() - started) * 1000), cursor)


if __name__ == "__main__":
    main()
