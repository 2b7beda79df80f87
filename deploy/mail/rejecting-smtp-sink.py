#!/usr/bin/env python3
"""A destination MTA for postfix-bounce-check.sh: accepts every recipient but one, which gets
550 5.1.1 at RCPT TO, as a mailbox provider answers for an address that does not exist.
Accepted mails are appended to a file, envelope first, so the check can read what arrived.

usage: rejecting-smtp-sink.py PORT REJECTED_ADDRESS MAILBOX_FILE
"""
import asyncio
import sys

PORT, REJECTED, MAILBOX = int(sys.argv[1]), sys.argv[2].lower(), sys.argv[3]


def address(argument):
    start, end = argument.find("<"), argument.find(">")
    return argument[start + 1:end].strip().lower() if 0 <= start < end else argument.split(":", 1)[-1].strip().lower()


async def session(reader, writer):
    def reply(line):
        writer.write((line + "\r\n").encode())

    sender, recipients = None, []
    reply("220 destination.test ESMTP rejecting sink")
    while True:
        line = await reader.readline()
        if not line:
            break
        command = line.decode("utf-8", "replace").rstrip("\r\n")
        verb = command[:4].upper()
        if verb in ("EHLO", "HELO"):
            reply("250-destination.test" if verb == "EHLO" else "250 destination.test")
            if verb == "EHLO":
                reply("250-8BITMIME")
                reply("250 PIPELINING")
        elif verb == "MAIL":
            sender, recipients = address(command), []
            reply("250 2.1.0 Ok")
        elif verb == "RCPT":
            recipient = address(command)
            if recipient == REJECTED:
                reply("550 5.1.1 <%s>: Recipient address rejected: User unknown" % recipient)
            else:
                recipients.append(recipient)
                reply("250 2.1.5 Ok")
        elif verb == "DATA":
            if not recipients:
                reply("554 5.5.1 No valid recipients")
                continue
            reply("354 End data with <CR><LF>.<CR><LF>")
            data = []
            while True:
                chunk = await reader.readline()
                if not chunk or chunk in (b".\r\n", b".\n"):
                    break
                data.append(chunk.decode("utf-8", "replace"))
            with open(MAILBOX, "a", encoding="utf-8") as mailbox:
                mailbox.write("X-Envelope-From: %s\nX-Envelope-To: %s\n%s\n" % (sender, ",".join(recipients), "".join(data)))
            reply("250 2.0.0 Ok: queued")
        elif verb == "QUIT":
            reply("221 2.0.0 Bye")
            await writer.drain()
            break
        elif verb in ("RSET", "NOOP"):
            reply("250 2.0.0 Ok")
        else:
            reply("502 5.5.2 Command not recognized")
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    async with server:
        await server.serve_forever()


asyncio.run(main())
