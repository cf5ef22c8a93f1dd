"""The certificate as a one-page A4 PDF in Vietnamese, with the signed credential inside.

Layout after Vietnamese administrative documents (Decree 30/2020/NĐ-CP): issuer on the left, the
national name and motto on the right, each underlined; then the title, the holder, the number, place
and date, and a QR code to the public verify page.

The signed credential travels inside the PDF as a standard embedded file ("certificate.json", in the
catalogue's EmbeddedFiles name tree; PDF viewers list it as an attachment), stored uncompressed so
that `credential_from_pdf` finds it without a PDF library. The number is also the document's
Subject, which verification compares with the signed number.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import segno
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from hocvuso.certificates.models import Certificate
from hocvuso.framework.constants import RuleGroup
from hocvuso.geo.models import Commune

ATTACHMENT_NAME = "certificate.json"
FONT = "BeVietnamPro"
FONT_BOLD = "BeVietnamPro-Bold"
FONT_ITALIC = "BeVietnamPro-Italic"
PAGE = landscape(A4)
INK = (0.11, 0.16, 0.30)
RED = (0.70, 0.10, 0.10)


def font_directory() -> Path:
    """Where the fontpkg-be-vietnam-pro package keeps its TTF files."""
    import fontpkg_be_vietnam_pro

    return Path(fontpkg_be_vietnam_pro.ROOT) / "files"


@functools.cache
def register_fonts() -> tuple[str, str, str]:
    """Register Be Vietnam Pro (regular, bold, italic) with reportlab once per process."""
    directory = font_directory()
    names = {
        FONT: "BeVietnamPro-Regular.ttf",
        FONT_BOLD: "BeVietnamPro-Bold.ttf",
        FONT_ITALIC: "BeVietnamPro-Italic.ttf",
    }
    for name, filename in names.items():
        path = directory / filename
        if not path.exists():  # a family without this style: fall back to the regular face
            path = directory / names[FONT]
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return FONT, FONT_BOLD, FONT_ITALIC


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code of `text` as vector squares (one rectangle per run of dark modules), bottom-left at x, y."""
    qr = segno.make(text, error="m", micro=False)
    matrix = qr.matrix
    module = size / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        start = None
        for col, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(x + start * module, top, (col - start) * module, module)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)


def _attach(canvas: Canvas, name: str, content: bytes, description: str) -> None:
    """Embed `content` as a file attachment of the document (PDF 1.7, 7.11.4)."""
    doc = canvas._doc
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": PDFName("application#2Fjson")}),
        content=content,
        filters=[],
    )
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString(description),
            "AFRelationship": PDFName("Data"),
            "EF": PDFDictionary({"F": doc.Reference(stream)}),
        }
    )
    spec_ref = doc.Reference(spec)
    doc.Catalog.Names = PDFDictionary(
        {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name), spec_ref])})}
    )


def _commune(cert: Certificate) -> Commune:
    """The holder's commune with its province, in one query unless the caller already joined them."""
    if Certificate.commune.is_cached(cert):  # type: ignore[attr-defined]
        return cert.commune
    return Commune.objects.select_related("province").get(pk=cert.commune_id)


def _place(commune: Commune) -> str:
    name = commune.province.name
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def _centred(canvas: Canvas, font: str, size: float, x: float, y: float, text: str, *, underline: float = 0) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)
    if underline:
        width = pdfmetrics.stringWidth(text, font, size) * underline
        canvas.setLineWidth(0.6)
        canvas.line(x - width / 2, y - 4, x + width / 2, y - 4)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _birth(cert: Certificate) -> tuple[str, str]:
    if cert.holder_birth_date:
        return _("Date of birth:"), cert.holder_birth_date.strftime("%d/%m/%Y")
    if cert.holder_birth_year:
        return _("Year of birth:"), str(cert.holder_birth_year)
    return _("Year of birth:"), "—"


def _dated(place: str, day: date) -> str:
    return _("%(place)s, day %(day)02d month %(month)02d year %(year)d") % {
        "place": place,
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


def render_certificate_pdf(cert: Certificate, *, verify_url: str, credential: dict[str, Any]) -> bytes:
    """The certificate of `cert` as PDF bytes, with `credential` (signed) embedded as certificate.json."""
    regular, bold, italic = register_fonts()
    width, height = PAGE
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1, invariant=0, initialFontName=regular)
    with translation.override("vi"):
        achievement = credential.get("credentialSubject", {}).get("achievement", {}).get("name") or _(
            "Reached basic digital skills"
        )
        issuer = str(credential.get("issuer", {}).get("name", ""))
        canvas.setTitle(_("Certificate %(number)s") % {"number": cert.number})
        canvas.setAuthor(issuer)
        canvas.setSubject(cert.number)
        canvas.setKeywords(verify_url)
        canvas.setCreator("hocvuso")

        # Frame.
        canvas.setStrokeColorRGB(*INK)
        canvas.setLineWidth(3)
        canvas.rect(22, 22, width - 44, height - 44)
        canvas.setLineWidth(0.8)
        canvas.rect(30, 30, width - 60, height - 60)
        canvas.setFillColorRGB(*INK)

        # Administrative header: issuer left, national name and motto right, each underlined.
        left_x, right_x, top = 215, width - 235, height - 70
        issuer_lines = _wrap(issuer.upper(), bold, 11.5, 330)
        for i, line in enumerate(issuer_lines):
            _centred(canvas, bold, 11.5, left_x, top - i * 15, line, underline=0.4 if i == len(issuer_lines) - 1 else 0)
        _centred(canvas, regular, 11, left_x, top - len(issuer_lines) * 15 - 10, _("No.: %(n)s") % {"n": cert.number})
        _centred(canvas, bold, 11.5, right_x, top, _("SOCIALIST REPUBLIC OF VIET NAM"))
        _centred(canvas, bold, 12.5, right_x, top - 16, _("Independence - Freedom - Happiness"), underline=1)

        # Title.
        canvas.setFillColorRGB(*RED)
        _centred(canvas, bold, 34, width / 2, height - 175, _("CERTIFICATE"))
        canvas.setFillColorRGB(*INK)
        _centred(canvas, bold, 19, width / 2, height - 205, str(achievement))

        # Holder.
        _centred(canvas, italic, 13, width / 2, height - 240, _("This certifies that"))
        _centred(canvas, bold, 24, width / 2, height - 272, cert.holder_name)
        group = str(RuleGroup(cert.group).label) if cert.group in RuleGroup.values else cert.group
        group = group[:1].upper() + group[1:]
        version = cert.version
        birth_label, birth_value = _birth(cert)
        commune = _commune(cert)
        rows = [
            (birth_label, birth_value),
            (_("Commune or ward:"), f"{commune.name}, {commune.province.name}"),
            (_("Group:"), group),
            (_("Proficiency level:"), str(cert.level)),
            (_("Framework:"), _("%(name)s, version %(n)s") % {"name": version.framework.name, "n": version.number}),
        ]
        y = height - 305
        for label, value in rows:
            canvas.setFont(regular, 12.5)
            canvas.drawRightString(width / 2 - 20, y, label)
            canvas.setFont(bold, 12.5)
            canvas.drawString(width / 2 - 10, y, value)
            y -= 20

        # Place and date (right), QR code and verify address (left).
        issued = timezone.localtime(cert.issued_at).date()
        _centred(canvas, italic, 12.5, right_x, 120, _dated(_place(commune), issued))
        _centred(canvas, regular, 9.5, right_x, 100, _("Electronic certificate with a digital signature."))
        _centred(canvas, regular, 9.5, right_x, 86, _("Scan the QR code to check that it is genuine and in force."))
        draw_qr(canvas, verify_url, 56, 64, 96)
        canvas.setFont(regular, 7.5)
        canvas.drawString(56, 50, verify_url)

        _attach(
            canvas,
            ATTACHMENT_NAME,
            json.dumps(credential, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(),
            _("Signed credential (W3C Verifiable Credential, Open Badges 3.0)"),
        )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


_EMBEDDED = re.compile(rb"/Type\s*/EmbeddedFile\b[^>]*?>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)")
_SUBJECT = re.compile(rb"/Subject\s*\(((?:[^()\\]|\\.)*)\)")


def credential_from_pdf(data: bytes) -> dict[str, Any] | None:
    """The credential embedded by render_certificate_pdf, or None (not our PDF, or damaged)."""
    for match in _EMBEDDED.finditer(data):
        header_start = data.rfind(b"<<", 0, match.start())
        length = _LENGTH.search(data, header_start, match.end())
        if length is None:
            continue
        body = data[match.end() : match.end() + int(length.group(1))]
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def subject_of_pdf(data: bytes) -> str | None:
    """The document's Subject (the certificate number, as render_certificate_pdf writes it)."""
    match = _SUBJECT.search(data)
    if match is None:
        return None
    return re.sub(rb"\\(.)", rb"\1", match.group(1)).decode("latin-1")
