#!/usr/bin/env python3
"""A minimal SMTP server that accepts every mail and appends it to a file (bench/faults.sh, soak.sh).

    bench/tools/smtpsink.py --port 18183 --out mails.txt [--data-delay-ms 0] [--max-seconds 3600]

Listens on 127.0.0.1 only. Speaks just enough SMTP for a client such as Vert.x's: EHLO/HELO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT (no STARTTLS, no AUTH). Each mail is appended to --out as

    === MAIL <n> from=<...> to=<...> bytes=<n>
    <the message as received, dot-unstuffed>
    === END <n>

written with a single write() only once the final "." has been received, so a file never holds a
half-received mail; a transaction the client abandons is counted in the log, not written.
--data-delay-ms holds the final "250" after DATA that long (a slow server, for shutdown tests); a
mail whose client closed the connection before that reply is dropped, not written, also when the
client had pipelined its next commands behind it.
SIGUSR1 switches that delay to --slow-ms (default 1500) without a restart, SIGUSR2 back to none, so
that clients keep their pooled connections. Ctrl-C or SIGTERM stops it; it also exits by itself
after --max-seconds. On exit it logs how many mails and SMTP sessions it saw.
"""
import argparse
import asyncio
import os
import signal
import sys

counter = 0
aborted = 0
sessions = 0
delay = 0.0


async def session(reader, writer, out_path):
    global counter, aborted, sessions
    sessions += 1
    peer = writer.get_extra_info("peername")

    async def reply(line):
        writer.write((line + "\r\n").encode())
        await writer.drain()

    sender, recipients, in_data = None, [], False
    try:
        await reply("220 smtpsink.bench ESMTP ready")
        while True:
            line = await asyncio.wait_for(reader.readline(), 300)
            if not line:
                break
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command[:4].upper()
            if verb == "EHLO":
                await reply("250-smtpsink.bench\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n250 PIPELINING")
            elif verb == "HELO":
                await reply("250 smtpsink.bench")
            elif verb == "MAIL":
                sender, recipients = (command[10:].strip().split() or [""])[0], []
                await reply("250 OK")
            elif verb == "RCPT":
                recipients.append((command[8:].strip().split() or [""])[0])
                await reply("250 OK")
            elif verb == "DATA":
                if sender is None or not recipients:
                    await reply("503 need MAIL and RCPT first")
                    continue
                await reply("354 end with <CRLF>.<CRLF>")
                in_data = True
                body = []
                while True:
                    raw = await asyncio.wait_for(reader.readline(), 300)
                    if not raw:
                        raise ConnectionError("client went away during DATA")
                    if raw in (b".\r\n", b".\n"):
                        break
                    if raw.startswith(b".."):
                        raw = raw[1:]
                    body.append(raw)
                in_data = False
                message = b"".join(body)
                counter += 1
                n = counter
                record = (b"=== MAIL %d from=%s to=%s bytes=%d\n" % (
                    n, sender.encode(), ",".join(recipients).encode(), len(message))
                          + message.replace(b"\r\n", b"\n") + b"\n=== END %d\n" % n)
                if delay > 0:
                    await asyncio.sleep(delay)
                # A client that pipelines may have sent its next commands already: then at_eof() stays
                # false after it left (commands still buffered), and only the reader's EOF flag says so.
                client_left = reader.at_eof() or getattr(reader, "_eof", False)
                if client_left or reader.exception() is not None or writer.is_closing():
                    # The client left before the final reply: a server must not deliver what it never
                    # acknowledged, or a sender that retries would cause the duplicate.
                    in_data = True
                    break
                # One write of the whole record, after the final dot: never a half mail in the file.
                fd = os.open(out_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, record)
                finally:
                    os.close(fd)
                await reply("250 OK queued as %d" % n)
                sender, recipients = None, []
            elif verb == "RSET":
                sender, recipients = None, []
                await reply("250 OK")
            elif verb == "NOOP":
                await reply("250 OK")
            elif verb == "QUIT":
                await reply("221 bye")
                break
            else:
                await reply("502 command not implemented")
    except (ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.CancelledError):
        pass
    finally:
        if in_data:
            aborted += 1
            print("smtpsink: a client left in the middle of DATA (%s); nothing written, %d so far"
                  % (peer, aborted), file=sys.stderr, flush=True)
        try:
            writer.close()
        except Exception:
            pass


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data-delay-ms", type=float, default=0)
    parser.add_argument("--slow-ms", type=float, default=1500)
    parser.add_argument("--max-seconds", type=float, default=3600)
    args = parser.parse_args()
    global delay
    delay = args.data_delay_ms / 1000.0
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def set_delay(seconds):
        global delay
        delay = seconds
        print("smtpsink: reply delay after DATA now %d ms" % (seconds * 1000), file=sys.stderr, flush=True)

    loop.add_signal_handler(signal.SIGUSR1, set_delay, args.slow_ms / 1000.0)
    loop.add_signal_handler(signal.SIGUSR2, set_delay, 0.0)
    server = await asyncio.start_server(lambda r, w: session(r, w, args.out), "127.0.0.1", args.port,
                                        reuse_address=True)
    print("smtpsink: 127.0.0.1:%d -> %s" % (args.port, args.out), file=sys.stderr, flush=True)
    try:
        await asyncio.wait_for(stop.wait(), args.max_seconds)
    except asyncio.TimeoutError:
        print("smtpsink: --max-seconds reached, exiting", file=sys.stderr, flush=True)
    server.close()
    print("smtpsink: %d mails written, %d abandoned during DATA, %d SMTP sessions" % (counter, aborted, sessions),
          file=sys.stderr, flush=True)
    # Open sessions end here, with the process; their tasks are cancelled quietly.
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task():
            task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
