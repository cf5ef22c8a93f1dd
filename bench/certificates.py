"""Certificates benchmark (issue 4 §4): issuing rate against bare reportlab, and the public verify page.

  python bench/certificates.py                          # 300 certificates, fresh SQLite DB in a temporary directory
  python bench/certificates.py --count 100 --seconds 5 --clients 4

Setup: a fresh SQLite database in a temporary HOCVUSO_DATA_DIR (migrated; units and the shipped
frameworks loaded), --count people of a hamlet of Phường Trà Vinh.

1. Issuing: `certificates.services.issue_certificate` for each person, one after the other, as the
   batch job does: number from the locked sequence, copy of the holder, credential built and signed
   (Ed25519), PDF rendered (Be Vietnam Pro, QR code) and written under the data directory, audit row,
   VNeID status row; each in its own transaction. Rate = certificates / wall-clock seconds.
   For where the time goes, build_credential, sign_credential and render_certificate_pdf are timed
   again on the first 50 certificates.
2. Bare: the same page (same texts, same three Be Vietnam Pro faces, same QR code, same size) drawn
   with reportlab alone, --count times in the same process: no Django, no signing, no database, no
   file written. The two alternate in --rounds chunks (issue 60, draw 60, issue 60, ...) so that
   both meet the same load on a shared machine. ratio = our rate / bare rate (target >= 0.50); the
   CPU-time ratio (process time, SQLite being in-process) is printed too, as it moves less with load.
3. Verify page: one server process as bench/pages.py runs it (Django's threaded WSGI server, DEBUG=0,
   URLconf bench/bare_urls.py), N keep-alive clients GET /v/<number>/ (web:certificate-verify, no
   session) for --seconds, then the bare view the same way; twice each, alternating; the better run of
   each counts. ratio = verify rate / bare rate.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, ms, peak_rss_mib

COMMUNE = 29242  # Phường Trà Vinh


# --- the bare yardstick: reportlab only ----------------------------------------------------------


def bare_fonts() -> tuple[str, str, str]:
    import fontpkg_be_vietnam_pro
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
    names = ("BareBVP", "BareBVP-Bold", "BareBVP-Italic")
    for name, style in zip(names, ("Regular", "Bold", "Italic"), strict=True):
        pdfmetrics.registerFont(TTFont(name, str(files / f"BeVietnamPro-{style}.ttf")))
    return names


def bare_pdf(fields: dict[str, str], fonts: tuple[str, str, str]) -> bytes:
    """The certificate page with reportlab and segno only."""
    import segno
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    regular, bold, italic = fonts
    width, height = landscape(A4)
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=regular)
    c.setLineWidth(3)
    c.rect(22, 22, width - 44, height - 44)
    c.setLineWidth(0.8)
    c.rect(30, 30, width - 60, height - 60)
    left, right, top = 215, width - 235, height - 70
    c.setFont(bold, 11.5)
    c.drawCentredString(left, top, fields["issuer"])
    c.line(left - 60, top - 4, left + 60, top - 4)
    c.setFont(regular, 11)
    c.drawCentredString(left, top - 25, fields["number_line"])
    c.setFont(bold, 11.5)
    c.drawCentredString(right, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setFont(bold, 12.5)
    c.drawCentredString(right, top - 16, "Độc lập - Tự do - Hạnh phúc")
    c.line(right - 90, top - 20, right + 90, top - 20)
    c.setFont(bold, 34)
    c.drawCentredString(width / 2, height - 175, "GIẤY CHỨNG NHẬN")
    c.setFont(bold, 19)
    c.drawCentredString(width / 2, height - 205, "Đạt phổ cập kỹ năng số")
    c.setFont(italic, 13)
    c.drawCentredString(width / 2, height - 240, "Chứng nhận")
    c.setFont(bold, 24)
    c.drawCentredString(width / 2, height - 272, fields["holder"])
    y = height - 305
    for label, value in (
        ("Ngày sinh:", fields["birth"]),
        ("Xã, phường:", fields["commune"]),
        ("Nhóm:", "Người dân"),
        ("Mức độ thành thạo:", "1"),
        ("Khung:", fields["framework"]),
    ):
        c.setFont(regular, 12.5)
        c.drawRightString(width / 2 - 20, y, label)
        c.setFont(bold, 12.5)
        c.drawString(width / 2 - 10, y, value)
        y -= 20
    c.setFont(italic, 12.5)
    c.drawCentredString(right, 120, fields["dated"])
    c.setFont(regular, 9.5)
    c.drawCentredString(right, 100, "Giấy chứng nhận điện tử có chữ ký số.")
    c.drawCentredString(right, 86, "Quét mã QR để kiểm tra giấy chứng nhận thật và còn hiệu lực.")
    matrix = segno.make(fields["url"], error="m", micro=False).matrix
    module = 96 / len(matrix)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(56 + start * module, 64 + 96 - (r + 1) * module, (col - start) * module, module)
                start = None
    c.drawPath(path, stroke=0, fill=1)
    c.setFont(regular, 7.5)
    c.drawString(56, 50, fields["url"])
    c.showPage()
    c.save()
    return buffer.getvalue()


BARE_FIELDS = {
    "issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH VĨNH LONG",
    "holder": "Thạch Thị Sa Ra",
    "birth": "02/03/1968",
    "commune": "Phường Trà Vinh, Vĩnh Long",
    "framework": "Khung kỹ năng số cơ bản, phiên bản 1",
    "dated": "Vĩnh Long, ngày 26 tháng 11 năm 2026",
}


def bare_chunk(numbers: range, fonts: tuple[str, str, str]) -> tuple[float, float, int]:
    """Draw one bare page per number; (wall seconds, CPU seconds, bytes)."""
    size = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for i in numbers:
        number = f"TV-2026-{i + 1:06d}"
        fields = {**BARE_FIELDS, "number_line": f"Số: {number}", "url": f"http://127.0.0.1:8000/v/{number}/"}
        size += len(bare_pdf(fields, fonts))
    return time.perf_counter() - wall, time.process_time() - cpu, size


# --- ours ------------------------------------------------------------------------------------------


def prepare(data_dir: str, count: int) -> None:
    from pages import _environment

    os.environ.update(_environment(data_dir))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from hocvuso.framework.services import load_all
    from hocvuso.geo.models import Commune, Hamlet
    from hocvuso.lib import cccd
    from hocvuso.people.constants import Sex
    from hocvuso.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_units", verbosity=0)
    load_all()
    hamlet = Hamlet.objects.create(commune=Commune.objects.get(code=COMMUNE), name="Khóm 1")
    with transaction.atomic():
        for i in range(count):
            Person.objects.create(
                full_name=f"Thạch Thị Sa Ra {i + 1}",
                sex=Sex.FEMALE,
                birth_year=1968,
                hamlet=hamlet,
                commune=hamlet.commune,
                national_id=cccd.make("084", Sex.FEMALE, 1968, 700000 + i),
            )


def issue_chunk(people: list, version: object) -> tuple[float, float, list[str]]:  # type: ignore[type-arg]
    """Issue one certificate per person; (wall seconds, CPU seconds, numbers)."""
    from hocvuso.certificates.services import issue_certificate
    from hocvuso.framework.constants import RuleGroup

    numbers = []
    wall, cpu = time.perf_counter(), time.process_time()
    for person in people:
        cert, created = issue_certificate(person, version, RuleGroup.CITIZEN)  # type: ignore[arg-type]
        assert created
        numbers.append(cert.number)
    return time.perf_counter() - wall, time.process_time() - cpu, numbers


def issue_and_bare(count: int, rounds: int) -> tuple[dict[str, float], list[str]]:
    """Issuing and the bare yardstick in alternating chunks, so that both meet the same machine load."""
    from hocvuso.certificates.models import Certificate
    from hocvuso.certificates.signing import active_key
    from hocvuso.framework.constants import BASIC_757, VersionStatus
    from hocvuso.framework.models import FrameworkVersion
    from hocvuso.people.models import Person

    version = FrameworkVersion.objects.get(framework__slug=BASIC_757, status=VersionStatus.PUBLISHED)
    people = list(Person.objects.order_by("pk"))
    active_key()  # the first key is made once, not inside the timed loop
    fonts = bare_fonts()
    bare_pdf({**BARE_FIELDS, "number_line": "Số: 0", "url": "http://127.0.0.1:8000/v/0/"}, fonts)  # warm-up
    totals = dict.fromkeys(("ours_wall", "ours_cpu", "bare_wall", "bare_cpu", "bare_bytes"), 0.0)
    numbers: list[str] = []
    step = -(-count // rounds)
    for start in range(0, count, step):
        wall, cpu, made = issue_chunk(people[start : start + step], version)
        totals["ours_wall"] += wall
        totals["ours_cpu"] += cpu
        numbers += made
        wall, cpu, size = bare_chunk(range(start, min(count, start + step)), fonts)
        totals["bare_wall"] += wall
        totals["bare_cpu"] += cpu
        totals["bare_bytes"] += size
    totals["ours_bytes"] = statistics.mean(c.pdf.size for c in Certificate.objects.all()[:20])
    totals["bare_bytes"] /= count
    return totals, numbers


def breakdown(sample: int = 50) -> dict[str, float]:
    """Mean seconds of each step on the first `sample` certificates (their rows are not changed)."""
    from hocvuso.certificates.credential import build_credential, sign_credential, verify_credential
    from hocvuso.certificates.models import Certificate
    from hocvuso.certificates.pdf import render_certificate_pdf
    from hocvuso.certificates.selectors import verify_url
    from hocvuso.certificates.signing import b64url_decode

    certs = list(Certificate.objects.select_related("key", "version__framework", "commune__province")[:sample])
    steps: dict[str, list[float]] = {"build": [], "sign": [], "verify": [], "render": []}
    for cert in certs:
        url = verify_url(cert.number)
        t0 = time.perf_counter()
        unsigned = build_credential(cert, verify_url=url)
        t1 = time.perf_counter()
        signed = sign_credential(unsigned, cert.key)
        t2 = time.perf_counter()
        verify_credential(signed, {cert.key.key_id: b64url_decode(cert.key.public_key)})
        t3 = time.perf_counter()
        render_certificate_pdf(cert, verify_url=url, credential=signed)
        t4 = time.perf_counter()
        for name, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            steps[name].append(seconds)
    return {name: statistics.mean(values) for name, values in steps.items()}


# --- the verify page -------------------------------------------------------------------------------


def verify_page(data_dir: str, number: str, clients: int, seconds: float) -> None:
    import http.client

    from pages import _environment, free_port, throughput, wait_until_up

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve().parent / "pages.py"), "--serve", str(port)],
        env=_environment(data_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        path = f"/v/{number}/"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        if response.status != 200:
            print(f"\nverify page not found: GET {path} answered {response.status}; part 3 skipped")
            return
        print(
            f"\nverify page: {clients} keep-alive clients, {seconds:.0f} s per run, anonymous, "
            f"{len(body):,} bytes of HTML; load average {os.getloadavg()[0]:.2f}"
        )
        best = {"verify": 0.0, "bare": 0.0}
        for round_ in (1, 2):
            for name, target in (("verify", path), ("bare", "/bench/bare/")):
                rate, errors = throughput(port, target, {}, clients, seconds)
                best[name] = max(best[name], rate)
                print(f"  run {round_} {name:<6} {target:<28} {rate:>8.1f} req/s  errors {errors}")
        print(f"verify page {best['verify']:.1f} req/s, bare view {best['bare']:.1f} req/s")
        print(f"ratio {best['verify'] / best['bare']:.2f}; load average {os.getloadavg()[0]:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300, help="certificates to issue (and bare pages to draw)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--data-dir", help="where the fresh database goes (default: a temporary directory)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating chunks of issuing and bare drawing")
    parser.add_argument("--skip-page", action="store_true", help="measure issuing only")
    args = parser.parse_args()

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="hocvuso-bench-certificates-")
    try:
        started = time.perf_counter()
        prepare(data_dir, args.count)
        print(
            f"data: {data_dir}; {args.count} people; setup {time.perf_counter() - started:.1f} s; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        t, numbers = issue_and_bare(args.count, args.rounds)
        n = args.count
        ours, bare = n / t["ours_wall"], n / t["bare_wall"]
        print(
            f"\nissuing (services.issue_certificate, SQLite): {ours:.1f} certificates/s "
            f"(CPU {1000 * t['ours_cpu'] / n:.1f} ms each), PDF {t['ours_bytes']:,.0f} bytes"
        )
        print(
            f"bare reportlab, same page: {bare:.1f} pages/s (CPU {1000 * t['bare_cpu'] / n:.1f} ms each), "
            f"PDF {t['bare_bytes']:,.0f} bytes"
        )
        steps = breakdown()
        print("  ours per certificate, mean ms: " + ", ".join(f"{k} {ms(v).strip()}" for k, v in steps.items()))
        print(
            f"ratio {ours / bare:.2f} (target >= 0.50; CPU-time ratio {t['bare_cpu'] / t['ours_cpu']:.2f}); "
            f"peak RSS {peak_rss_mib():.0f} MiB; load average {os.getloadavg()[0]:.2f}"
        )
        if not args.skip_page:
            verify_page(data_dir, numbers[0], args.clients, args.seconds)
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
