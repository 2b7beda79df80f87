"""A stand-in for Mailpit (axllent/mailpit), for deploy/check.sh on machines without a registry.

SMTP on :1025 (no TLS, no auth) stores each message in memory (the latest 1000); HTTP on :8025
answers a subset of Mailpit's API, with Mailpit's field names:
  GET    /api/v1/messages          {"total", "messages": [{"ID", "MessageID", "From", "To", "Subject", "Created", "Size"}]}, newest first
  GET    /api/v1/message/ID        the summary plus "Text", "HTML" and "Headers"
  GET    /api/v1/message/ID/raw    the message as received
  DELETE /api/v1/messages          deletes every message
  GET    /livez, /readyz           200
"""
import asyncio
import email
import email.policy
import email.utils
import json
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_MESSAGES = 1000
MAX_SIZE = 10 * 1024 * 1024
messages = []  # newest last
lock = threading.Lock()


def addresses(value):
    return [{"Name": name, "Address": addr} for name, addr in email.utils.getaddresses([value or ""]) if addr]


def store(raw, rcpts):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text = html = ""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and not text:
            text = part.get_content()
        elif ctype == "text/html" and not html:
            html = part.get_content()
    from_ = addresses(str(msg.get("From", "")))
    entry = {
        "ID": uuid.uuid4().hex,
        "MessageID": str(msg.get("Message-ID", "")).strip("<>"),
        "From": from_[0] if from_ else {"Name": "", "Address": ""},
        "To": addresses(str(msg.get("To", ""))) or [{"Name": "", "Address": r} for r in rcpts],
        "Subject": str(msg.get("Subject", "")),
        "Created": datetime.now(timezone.utc).isoformat(),
        "Size": len(raw),
        "Text": text,
        "HTML": html,
        "Headers": {k: [str(v) for v in msg.get_all(k, [])] for k in dict.fromkeys(msg.keys())},
        "_raw": raw,
    }
    with lock:
        messages.append(entry)
        del messages[:-MAX_MESSAGES]
    print(f"smtp: stored {entry['ID']} to {rcpts} subject {entry['Subject']!r}")


async def smtp_session(reader, writer):
    async def reply(line):
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    await reply("220 mailpit-standin ESMTP")
    sender, rcpts = None, []
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd[:4].upper()
            if verb == "EHLO":
                await reply(f"250-mailpit-standin\r\n250-8BITMIME\r\n250-SIZE {MAX_SIZE}\r\n250 SMTPUTF8")
            elif verb == "HELO":
                await reply("250 mailpit-standin")
            elif verb == "MAIL":
                sender, rcpts = cmd, []
                await reply("250 OK")
            elif verb == "RCPT":
                if sender is None:
                    await reply("503 MAIL first")
                    continue
                rcpts.append(cmd.split(":", 1)[1].split(">")[0].strip(" <"))
                await reply("250 OK")
            elif verb == "DATA":
                if not rcpts:
                    await reply("503 RCPT first")
                    continue
                await reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data = await reader.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    lines.append(data[1:] if data.startswith(b"..") else data)
                store(b"".join(lines), rcpts)
                sender, rcpts = None, []
                await reply("250 OK queued")
            elif verb == "RSET":
                sender, rcpts = None, []
                await reply("250 OK")
            elif verb == "NOOP":
                await reply("250 OK")
            elif verb == "QUIT":
                await reply("221 Bye")
                break
            else:
                await reply("502 Command not implemented")
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


def summary(entry):
    return {k: v for k, v in entry.items() if k not in ("Text", "HTML", "Headers", "_raw")}


class Api(BaseHTTPRequestHandler):
    def send(self, status, body, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def find(self, mid):
        with lock:
            return next((m for m in messages if m["ID"] == mid), None)

    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/livez", "/readyz"):
            return self.send(200, b"ok", "text/plain")
        if path == "/api/v1/messages":
            with lock:
                listed = [summary(m) for m in reversed(messages)]
            return self.send(200, {"total": len(listed), "messages_count": len(listed), "messages": listed})
        parts = path.split("/")
        if len(parts) >= 5 and parts[1:4] == ["api", "v1", "message"]:
            entry = self.find(parts[4])
            if entry is None:
                return self.send(404, b"not found", "text/plain")
            if len(parts) == 6 and parts[5] == "raw":
                return self.send(200, entry["_raw"], "message/rfc822")
            if len(parts) == 5:
                return self.send(200, {k: v for k, v in entry.items() if k != "_raw"})
        if path == "":
            return self.send(200, b"mailpit stand-in (deploy/standins/mailpit): API only, see /api/v1/messages\n",
                             "text/plain")
        self.send(404, b"not found", "text/plain")

    def do_DELETE(self):
        if self.path.rstrip("/") == "/api/v1/messages":
            with lock:
                messages.clear()
            return self.send(200, b"ok", "text/plain")
        self.send(404, b"not found", "text/plain")

    def log_message(self, fmt, *args):
        pass


async def main():
    http = ThreadingHTTPServer(("0.0.0.0", 8025), Api)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    server = await asyncio.start_server(smtp_session, "0.0.0.0", 1025)
    print("mailpit stand-in: SMTP :1025, HTTP API :8025")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
