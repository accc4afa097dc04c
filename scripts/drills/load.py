#!/usr/bin/env python3
"""Request load for the fault drills, and its summary.

    load.py run URL CA USER PASSWORD SECONDS OUT.csv     4 threads GET /api/v1/admin/slaves as USER; one CSV row per request
    load.py summarize OUT.csv DOWN UP                    figures for the window DOWN..UP (Unix times) and the recovery after UP
"""
import csv
import http.client
import json
import ssl
import sys
import threading
import time
from urllib.parse import urlparse


def connection(url, ca):
    parts = urlparse(url)
    return http.client.HTTPSConnection(parts.hostname, parts.port, context=ssl.create_default_context(cafile=ca), timeout=30)


def login(url, ca, user, password):
    conn = connection(url, ca)
    body = json.dumps({"username": user, "password": password, "client": "admin_console"})
    conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
    return json.loads(conn.getresponse().read())["accessToken"]


def run(url, ca, user, password, seconds, out):
    token = login(url, ca, user, password)
    rows, lock, deadline = [], threading.Lock(), time.time() + float(seconds)

    def worker():
        conn = connection(url, ca)
        while time.time() < deadline:
            started = time.time()
            status, code = 0, ""
            try:
                conn.request("GET", "/api/v1/admin/slaves", headers={"Authorization": f"Bearer {token}"})
                response = conn.getresponse()
                payload = response.read()
                status = response.status
                if status >= 400:
                    code = json.loads(payload).get("code", "")
            except Exception as error:  # a dropped connection counts as status 0
                code = type(error).__name__
                conn = connection(url, ca)
            with lock:
                rows.append((started, status, time.time() - started, code))
            time.sleep(0.05)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(out, "w", newline="") as file:
        csv.writer(file).writerows(sorted(rows))


def summarize(path, down, up):
    rows = [(float(a), int(b), float(c), d) for a, b, c, d in csv.reader(open(path))]
    down, up = float(down), float(up)
    # Requests that began and ended while the server was down; one still waiting for a connection when it came back may succeed.
    during = [r for r in rows if down < r[0] and r[0] + r[2] < up]
    refused = [r for r in during if r[1] == 503]
    other_5xx = [r for r in rows if r[1] >= 500 and r[1] != 503]
    no_answer = [r for r in rows if r[1] == 0]
    after = [r for r in rows if r[0] >= up and r[1] == 200]
    recovered = (after[0][0] + after[0][2] - up) if after else None
    codes = sorted({r[3] for r in refused})
    print(f"requests: {len(rows)}; during the outage ({up - down:.1f} s): {len(during)}, of which 503: {len(refused)} {codes}")
    print(f"slowest refusal: {max((r[2] for r in refused), default=0):.2f} s; other 5xx: {len(other_5xx)}; no answer: {len(no_answer)}")
    print(f"first success after PostgreSQL was back: {recovered:.2f} s" if recovered is not None else "never recovered")
    ok = bool(during) and len(refused) == len(during) and not other_5xx and not no_answer and recovered is not None
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(*sys.argv[2:8])
    else:
        sys.exit(summarize(*sys.argv[2:5]))
