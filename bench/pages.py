"""Learner pages benchmark (issue 3, "Budget"): bytes on the wire and lesson-page throughput.

  python bench/pages.py                    # fresh SQLite DB in a temporary directory, 8 clients, 10 s per run
  python bench/pages.py --clients 4 --seconds 20
  python bench/pages.py --conn-max-age 60  # persistent database connections (DB_CONN_MAX_AGE), as deployed

Setup: a fresh SQLite database in a temporary HOCVUSO_DATA_DIR (migrated; units, frameworks, lessons
and library loaded; one learner: a person of a hamlet of Phường Trà Vinh with an account), `collectstatic` (which
writes the gzip copies whitenoise serves), then one server process: Django's own threaded WSGI
server (what `runserver` uses), DEBUG=0, static files served by whitenoise, URLconf
bench/bare_urls.py = the project's URLs + a bare view.

1. Bytes: Debian's chromium (Playwright) at a 360x740 phone viewport, signed in as the demo learner,
   loads each learner page in a fresh browser profile (first load: empty cache, no service worker
   yet; what the service worker downloads while installing counts too), waits for the service
   worker, then loads it again (repeat visit). Bytes = what crossed the network for each response
   (headers + body as encoded, CDP encodedDataLength via Playwright's request.sizes()), of the page
   and of its service worker; responses the service worker answered from its cache cost nothing;
   images (lesson pictures, icons) left aside as the budget says. Budgets: 60 KB first, 15 KB repeat.
2. Throughput: N threads, each with its own keep-alive http.client connection and the learner's
   session cookie, GET a lesson page for --seconds; then the bare view, the same way, same server,
   same run; twice each, alternating; the better run of each counts. ratio = lesson rate / bare
   rate (target >= 0.50). The database connection setting is the environment's (DB_CONN_MAX_AGE,
   or --conn-max-age): with the settings' default 0 every request that touches the database opens
   a new SQLite connection (a few milliseconds); the bare view never opens one.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
KB = 1000  # budgets in kilobytes of 1,000 bytes
FIRST_BUDGET = 60 * KB
REPEAT_BUDGET = 15 * KB
LEARNER_COMMUNE = 29242  # Phường Trà Vinh
LEARNER_PHONE = "0911000106"
PASSWORD = "mat-khau-bench-2026"
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico")


def _environment(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        HOCVUSO_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",  # as deployed: whitenoise serves the collected (and gzipped) static files
        HOCVUSO_INPROCESS_JOBS="sync",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCH)]),
    )
    return env


def serve(port: int) -> None:
    """The server process: the project's WSGI app behind Django's threaded development server."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.servers.basehttp import WSGIRequestHandler, get_internal_wsgi_application, run

    settings.ROOT_URLCONF = "bare_urls"
    WSGIRequestHandler.log_message = lambda *args, **kwargs: None  # type: ignore[method-assign]
    run("127.0.0.1", port, get_internal_wsgi_application(), ipv6=False, threading=True)


def prepare(data_dir: str) -> dict[str, str]:
    """Database, content, demo learner, collected static files. Returns the learner's credentials."""
    os.environ.update(_environment(data_dir))
    sys.path[:0] = [str(ROOT), str(BENCH)]
    import django

    django.setup()
    from django.core.management import call_command

    from hocvuso.accounts.constants import RoleKind
    from hocvuso.accounts.services import create_user, grant_role
    from hocvuso.framework.services import load_all
    from hocvuso.geo.models import Commune, Hamlet
    from hocvuso.learning.content import load_content
    from hocvuso.lib import cccd
    from hocvuso.people.constants import Sex
    from hocvuso.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_units", verbosity=0)
    load_all()
    summary = load_content()
    call_command("collectstatic", interactive=False, verbosity=0)
    # A learner as the campaign enrols one: a person of a hamlet of Phường Trà Vinh with an account.
    hamlet = Hamlet.objects.create(commune=Commune.objects.get(code=LEARNER_COMMUNE), name="Khóm 1")
    user = create_user(username="bench-learner", password=PASSWORD, full_name="Thạch Thị Sa Ra", phone=LEARNER_PHONE)
    Person.objects.create(
        full_name=user.full_name,
        sex=Sex.FEMALE,
        birth_year=1968,
        hamlet=hamlet,
        commune=hamlet.commune,
        national_id=cccd.make("084", Sex.FEMALE, 1968, 900001),
        user=user,
    )
    grant_role(user, RoleKind.LEARNER, unit=hamlet)
    print(f"data: {data_dir}; content: {summary.courses} course(s), {summary.lessons_created} lessons")
    return {"username": LEARNER_PHONE, "password": PASSWORD}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """The session and CSRF cookies of a signed-in learner, through the real login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = _cookies(response.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
    conn.request(
        "POST",
        "/login/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"http://127.0.0.1:{port}/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    cookies.update(_cookies(response.headers.get_all("Set-Cookie") or []))
    assert response.status == 302 and "sessionid" in cookies, f"sign-in failed: {response.status}"
    return cookies


def _cookies(headers: list[str]) -> dict[str, str]:
    out = {}
    for header in headers:
        name, _, rest = header.partition("=")
        out[name.strip()] = rest.split(";", 1)[0]
    return out


def learner_pages(port: int, cookies: dict[str, str]) -> list[tuple[str, str]]:
    """(label, path) of each learner page: my path, the course list, a course, a lesson, the library."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}

    def links(path: str, prefix: str) -> list[str]:
        conn.request("GET", path, headers=header)
        response = conn.getresponse()
        html = response.read().decode()
        return re.findall(rf'href="({re.escape(prefix)}[^"/]+/)"', html)

    course = links("/learn/courses/", "/learn/courses/")[0]
    lesson = links(course, "/learn/lessons/")[0]
    pages = [("my path", "/learn/"), ("courses", "/learn/courses/"), ("a course", course), ("a lesson", lesson)]
    conn.request("GET", "/library/", headers=header)
    library = conn.getresponse()
    library.read()
    if library.status == 200:
        pages.append(("library", "/library/"))
    return pages


def _is_image(url: str, resource_type: str, content_type: str) -> bool:
    path = urllib.parse.urlsplit(url).path.lower()
    return resource_type == "image" or content_type.startswith("image/") or path.endswith(IMAGE_SUFFIXES)


def measure_bytes(port: int, cookies: dict[str, str], pages: list[tuple[str, str]]) -> list[dict[str, Any]]:
    from playwright.sync_api import Request, sync_playwright

    base = f"http://127.0.0.1:{port}"
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for label, path in pages:
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN"
            )
            context.add_cookies(
                [{"name": k, "value": v, "url": base} for k, v in cookies.items() if k in ("sessionid", "csrftoken")]
            )
            seen: list[dict[str, Any]] = []

            def finished(request: Request, seen: list[dict[str, Any]] = seen) -> None:
                response = request.response()
                if response is None or response.from_service_worker:
                    return  # answered by the worker: its own network requests are counted instead
                sizes = request.sizes()
                wire = max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])
                content_type = response.headers.get("content-type", "")
                seen.append(
                    {
                        "url": request.url,
                        "bytes": wire,
                        "image": _is_image(request.url, request.resource_type, content_type),
                        "encoding": response.headers.get("content-encoding", ""),
                        "worker": request.service_worker is not None,
                    }
                )

            context.on("requestfinished", finished)
            page = context.new_page()
            loads = {}
            for visit in ("first", "repeat"):
                seen.clear()
                page.goto(base + path, wait_until="load")
                page.evaluate("navigator.serviceWorker.ready.then(() => true)")
                page.wait_for_load_state("networkidle")
                time.sleep(0.5)
                loads[visit] = list(seen)
            context.close()
            for visit, requests in loads.items():
                counted = [r for r in requests if not r["image"]]
                rows.append(
                    {
                        "page": label,
                        "path": path,
                        "visit": visit,
                        "bytes": sum(r["bytes"] for r in counted),
                        "requests": len([r for r in counted if r["bytes"]]),
                        "images": sum(r["bytes"] for r in requests if r["image"]),
                        "html_encoding": next(
                            (
                                r["encoding"] or "identity"
                                for r in requests
                                if r["url"].rstrip("/").endswith(path.rstrip("/"))
                            ),
                            "?",
                        ),
                        "detail": counted,
                    }
                )
        browser.close()
    return rows


def throughput(port: int, path: str, cookies: dict[str, str], clients: int, seconds: float) -> tuple[float, int]:
    """Requests per second of GET `path` by `clients` keep-alive connections for `seconds`; errors."""
    header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Accept-Encoding": "gzip"}
    done = [0] * clients
    errors = [0] * clients
    stop = threading.Event()
    start = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while not stop.is_set():
            try:
                conn.request("GET", path, headers=header)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    done[i] += 1
                else:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return sum(done) / elapsed, sum(errors)


def print_bytes(port: int, cookies: dict[str, str], pages: list[tuple[str, str]], detail: bool) -> None:
    print(
        f"\nbytes on the wire, images aside (KB = 1,000 bytes); budgets {FIRST_BUDGET // KB} KB first, "
        f"{REPEAT_BUDGET // KB} KB repeat"
    )
    header = (
        f"{'page':<10} {'path':<46} {'visit':<7} {'bytes':>8} {'KB':>6} {'reqs':>5} {'images':>7} {'html':>6}  budget"
    )
    print(header)
    print("-" * len(header))
    worst = {"first": 0, "repeat": 0}
    for row in measure_bytes(port, cookies, pages):
        budget = FIRST_BUDGET if row["visit"] == "first" else REPEAT_BUDGET
        worst[row["visit"]] = max(worst[row["visit"]], row["bytes"])
        verdict = "ok" if row["bytes"] <= budget else "OVER"
        print(
            f"{row['page']:<10} {row['path']:<46} {row['visit']:<7} {row['bytes']:>8,} {row['bytes'] / KB:>6.1f} "
            f"{row['requests']:>5} {row['images']:>7,} {row['html_encoding']:>6}  {verdict}"
        )
        if detail:
            for r in row["detail"]:
                who = "sw" if r["worker"] else "page"
                print(f"    {r['bytes']:>8,} {who:<4} {r['encoding'] or '-':<5} {r['url']}")
    print(f"heaviest first load {worst['first'] / KB:.1f} KB, heaviest repeat visit {worst['repeat'] / KB:.1f} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--data-dir", help="where the fresh database goes (default: a temporary directory)")
    parser.add_argument("--detail", action="store_true", help="list every response counted")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="DB_CONN_MAX_AGE of the server (default: the environment's, else the settings' 0: "
        "a new SQLite connection per request)",
    )
    parser.add_argument("--skip-bytes", action="store_true", help="measure the throughput only")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # internal: run the server on this port
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    if args.conn_max_age is not None:
        os.environ["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="hocvuso-bench-pages-")
    started = time.perf_counter()
    account = prepare(data_dir)
    print(f"setup {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.2f}")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        env=_environment(data_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        cookies = sign_in(port, account["username"], account["password"])
        pages = learner_pages(port, cookies)

        if not args.skip_bytes:
            print_bytes(port, cookies, pages, args.detail)
        lesson = next(path for label, path in pages if label == "a lesson")
        print(
            f"\nthroughput: {args.clients} keep-alive clients, {args.seconds:.0f} s per run, signed in, "
            f"DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE', '0')}; load average {os.getloadavg()[0]:.2f}"
        )
        best = {"lesson": 0.0, "bare": 0.0}
        for round_ in (1, 2):
            for name, path in (("lesson", lesson), ("bare", "/bench/bare/")):
                rate, errors = throughput(port, path, cookies, args.clients, args.seconds)
                best[name] = max(best[name], rate)
                print(f"  run {round_} {name:<6} {path:<46} {rate:>8.1f} req/s  errors {errors}")
        # For reference (not in the ratio): a page that is the base template and nothing else.
        rate, errors = throughput(port, "/offline/", cookies, args.clients, args.seconds)
        print(f"  reference: the offline page (base template only) {rate:.1f} req/s  errors {errors}")
        ratio = best["lesson"] / best["bare"]
        print(f"lesson page {best['lesson']:.1f} req/s, bare view {best['bare']:.1f} req/s")
        print(f"ratio {ratio:.2f} (target >= 0.50); load average {os.getloadavg()[0]:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
