#!/usr/bin/env python3
"""Subscriptions across instances, measured (not a test): two release
instances of the server on one fresh PostgreSQL database; a graphql-ws
subscriber of `newLink` on instance B; EVENTS links posted one after another
through instance A's HTTP endpoint. For each, the latency from A's HTTP
answer to the event at B's subscriber; then IDLE more subscribers are opened
on B and its resident memory is read before and after; then one link is
posted to all of them, and how long it takes to reach them all and how
many SQL statements B runs for it (its `/metrics`) are printed.

Needs the `websockets` package (pip install websockets) and PostgreSQL at
127.0.0.1:5432. Usage: bench-subscriptions.py BINARY [EVENTS=1000] [IDLE=1000]
"""
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

BINARY = sys.argv[1]
EVENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
IDLE = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
DATABASE = f"bench_subscriptions_{os.getpid()}"
URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def post(port, query, variables=None, token=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", body)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"JWT {token}")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def start(port, data_dir):
    # One client opens them all: the per-client limit is raised for it.
    config = os.path.join(data_dir, "bench.toml")
    with open(config, "w") as file:
        file.write(f"[limits]\nws_max_connections_per_client = {IDLE + 10}\n")
    env = dict(os.environ, PORT=str(port), DATABASE_URL=URL, DATA_DIR=data_dir,
               HACKERNEWS_CONFIG=config,
               JWT_SECRET="bench-secret-0123456789abcdef0123456789", RUST_LOG="warn",
               SUBSCRIPTION_BUFFER="4096")
    process = subprocess.Popen([BINARY, "serve"], env=env, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready")
            return process
        except Exception:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def statements(port):
    """The SQL statements the server has run so far (its `/metrics`)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics") as response:
        text = response.read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("db_statement_duration_seconds_count"))


def resident_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def subscriber(port, query):
    socket = await websockets.connect(f"ws://127.0.0.1:{port}/graphql/ws",
                                      subprotocols=["graphql-transport-ws"], max_size=None)
    await socket.send(json.dumps({"type": "connection_init"}))
    assert json.loads(await socket.recv())["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    return socket


async def main():
    # Sockets for every subscriber, here and in the servers started below.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(max(hard, 4 * IDLE + 1024), 1 << 20)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(hard, wanted)))
    except ValueError:  # not allowed above the hard limit here
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"create database {DATABASE}"], check=True)
    data = tempfile.mkdtemp()
    a_port, b_port = free_port(), free_port()
    a = start(a_port, data)
    b = start(b_port, data)
    try:
        post(a_port, 'mutation { createUser(username: "bench", email: "b@example.com", password: "pw-123456") { user { id } } }')
        token = post(a_port, 'mutation { tokenAuth(username: "bench", password: "pw-123456") { token } }')["data"]["tokenAuth"]["token"]
        query = "subscription { newLink { url postedBy { username } } }"
        listener = await subscriber(b_port, query)
        create = "mutation($u: String) { createLink(url: $u, description: \"bench\") { id } }"
        # Live once a warm-up link is heard.
        for attempt in range(100):
            post(a_port, create, {"u": f"https://warm{attempt}.example"}, token)
            try:
                await asyncio.wait_for(listener.recv(), 0.3)
                break
            except asyncio.TimeoutError:
                continue
        while True:
            try:
                await asyncio.wait_for(listener.recv(), 0.3)
            except asyncio.TimeoutError:
                break
        # A reader notes when each event arrives, while the mutations are
        # posted from a thread: the event may come before A's answer is read.
        heard_at = {}

        async def read():
            async for text in listener:
                url = json.loads(text)["payload"]["data"]["newLink"]["url"]
                heard_at[url] = time.perf_counter()

        reader = asyncio.create_task(read())
        loop = asyncio.get_running_loop()
        after_answer, after_sending = [], []
        for n in range(EVENTS):
            url = f"https://{n}.example"
            sent = time.perf_counter()
            await loop.run_in_executor(None, post, a_port, create, {"u": url}, token)
            answered = time.perf_counter()
            while url not in heard_at:
                await asyncio.sleep(0.0001)
            after_answer.append((heard_at[url] - answered) * 1000)
            after_sending.append((heard_at[url] - sent) * 1000)
        reader.cancel()

        def percentiles(values):
            values = sorted(values)
            return (statistics.median(values), values[max(0, int(len(values) * 0.99) - 1)], values[-1])

        p50, p99, most = percentiles(after_answer)
        print(f"{EVENTS} events at B's subscriber, after A's HTTP answer was read: "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {most:.2f} ms (negative: before it)")
        p50, p99, most = percentiles(after_sending)
        print(f"  after the mutation was sent to A: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {most:.2f} ms")
        before = resident_kib(b.pid)
        idle = []
        for _ in range(IDLE):
            idle.append(await subscriber(b_port, query))
        await asyncio.sleep(1)
        after = resident_kib(b.pid)
        print(f"{IDLE} more subscribers on B: resident memory {before} KiB -> {after} KiB, "
              f"{(after - before) / IDLE:.1f} KiB each")
        ran = statements(b_port)
        post(a_port, create, {"u": "https://fan-out.example"}, token)
        started = time.perf_counter()
        await asyncio.gather(*(asyncio.wait_for(s.recv(), 30) for s in idle))
        print(f"one link to all {IDLE} of them: {(time.perf_counter() - started) * 1000:.1f} ms after A's answer, "
              f"{statements(b_port) - ran:.0f} SQL statements on B")
        for s in idle + [listener]:
            await s.close()
    finally:
        for process in (a, b):
            process.terminate()
            process.wait()
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"drop database if exists {DATABASE}"])


asyncio.run(main())
