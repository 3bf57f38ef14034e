"""A small HTTP load generator for when wrk is not installed:
`python -m bench.loadgen URL --seconds 5 --connections 4 [--header 'K: V']`
prints `Requests/sec: N` (and `Non-2xx or 3xx responses: N`) like wrk. A process of
its own (threads doing blocking http.client calls), so it does not share the GIL
with the benchmark or the server."""
# ruff: noqa: T201 -- a command-line tool

import argparse
import http.client
import threading
import time
from urllib.parse import urlsplit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args(argv)
    parts = urlsplit(args.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = dict(h.split(": ", 1) for h in args.header)
    done, bad = [0], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + args.seconds

    def worker():
        while time.perf_counter() < deadline:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            with lock:
                done[0] += 1
                bad[0] += not 200 <= response.status < 400

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"Requests/sec: {done[0] / elapsed:.2f}")
    if bad[0]:
        print(f"Non-2xx or 3xx responses: {bad[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
