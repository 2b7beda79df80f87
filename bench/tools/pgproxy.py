#!/usr/bin/env python3
"""A TCP proxy for fault injection between the service and PostgreSQL (bench/faults.sh).

    bench/tools/pgproxy.py --listen 18181 --control 18182 --upstream 127.0.0.1:5432 [--max-seconds 3600]

Everything listens on 127.0.0.1 only. The control port takes one command per line and answers one line:

    pass            forward bytes both ways (the default)
    cut             close every open connection and stop listening, so new ones are refused
                    (ECONNREFUSED), like a PostgreSQL that crashed
    blackhole       keep listening and accepting, but forward nothing in either direction, on new
                    and open connections alike: a database (or network) that hangs. Bytes received
                    meanwhile are held, not lost, and flow again after `pass`
    delay N         forward, but hold every chunk N ms first (N = 0 is `pass`)
    status          mode, open connections, connections accepted so far

Each command's answer starts with "ok" or "error". Only the Python standard library is used.
The proxy exits by itself after --max-seconds, so a forgotten one cannot outlive a run for long.
"""
import argparse
import asyncio
import signal
import sys


class Proxy:
    def __init__(self, listen_port, upstream_host, upstream_port):
        self.listen_port = listen_port
        self.upstream = (upstream_host, upstream_port)
        self.mode = "pass"
        self.delay = 0.0
        self.server = None
        self.flowing = asyncio.Event()  # set unless blackholed
        self.flowing.set()
        self.connections = set()  # (client_writer, upstream_writer or None)
        self.accepted = 0

    async def listen(self):
        if self.server is None:
            self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.listen_port,
                                                     reuse_address=True)

    async def stop_listening(self):
        if self.server is not None:
            self.server.close()
            self.server = None

    def close_all(self):
        for pair in list(self.connections):
            for writer in pair:
                if writer is not None:
                    try:
                        writer.transport.abort()  # RST, like a crashed server process
                    except Exception:
                        pass
        self.connections.clear()

    async def handle(self, client_reader, client_writer):
        self.accepted += 1
        entry = (client_writer, None)
        self.connections.add(entry)
        try:
            # A blackholed database accepts the TCP connection but never answers the start-up packet.
            await self.flowing.wait()
            if self.mode == "cut":
                return
            up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), 5)
        except Exception:
            self.connections.discard(entry)
            client_writer.transport.abort()
            return
        self.connections.discard(entry)
        entry = (client_writer, up_writer)
        self.connections.add(entry)
        try:
            await asyncio.gather(self.pump(client_reader, up_writer), self.pump(up_reader, client_writer))
        finally:
            self.connections.discard(entry)
            for writer in entry:
                try:
                    writer.close()
                except Exception:
                    pass

    async def pump(self, reader, writer):
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if self.delay > 0:
                    await asyncio.sleep(self.delay)
                await self.flowing.wait()
                writer.write(data)
                await writer.drain()
        except Exception:
            pass
        finally:
            try:
                if writer.can_write_eof():
                    writer.write_eof()
            except Exception:
                pass

    async def command(self, line):
        words = line.strip().split()
        if not words:
            return "error empty command"
        name = words[0].lower()
        if name == "pass":
            self.mode, self.delay = "pass", 0.0
            await self.listen()
            self.flowing.set()
        elif name == "cut":
            self.mode = "cut"
            await self.stop_listening()
            self.flowing.set()  # waiting handlers wake up, see "cut" and close
            self.close_all()
        elif name == "blackhole":
            self.mode = "blackhole"
            await self.listen()
            self.flowing.clear()
        elif name == "delay":
            try:
                ms = float(words[1])
            except (IndexError, ValueError):
                return "error usage: delay N (milliseconds)"
            if ms < 0 or ms > 600000:
                return "error delay out of range"
            self.mode, self.delay = ("delay", ms / 1000.0) if ms > 0 else ("pass", 0.0)
            await self.listen()
            self.flowing.set()
        elif name == "status":
            pass
        else:
            return "error unknown command " + name
        return "ok mode=%s delay_ms=%d open=%d accepted=%d" % (
            self.mode, self.delay * 1000, len(self.connections), self.accepted)

    async def control(self, reader, writer):
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
            answer = await self.command(line.decode("ascii", "replace"))
            print("pgproxy: %s -> %s" % (line.decode("ascii", "replace").strip(), answer), file=sys.stderr, flush=True)
            writer.write((answer + "\n").encode())
            await writer.drain()
        except Exception as e:
            print("pgproxy: control error %r" % e, file=sys.stderr, flush=True)
        finally:
            writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--upstream", default="127.0.0.1:5432")
    parser.add_argument("--max-seconds", type=float, default=3600)
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")
    proxy = Proxy(args.listen, host or "127.0.0.1", int(port))
    await proxy.listen()
    control = await asyncio.start_server(proxy.control, "127.0.0.1", args.control, reuse_address=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("pgproxy: 127.0.0.1:%d -> %s, control on 127.0.0.1:%d" % (args.listen, args.upstream, args.control),
          file=sys.stderr, flush=True)
    try:
        await asyncio.wait_for(stop.wait(), args.max_seconds)
    except asyncio.TimeoutError:
        print("pgproxy: --max-seconds reached, exiting", file=sys.stderr, flush=True)
    control.close()
    await proxy.stop_listening()
    proxy.flowing.set()
    proxy.close_all()


if __name__ == "__main__":
    asyncio.run(main())
