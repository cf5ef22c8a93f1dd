"""Server-made read-aloud audio of a lesson (issue 3 §3), the fallback of the browser's own voice.

espeak-ng (Debian package) speaks Vietnamese and English; its output is encoded as Opus (24 kbit/s:
about 180 KB for a 6-minute lesson) by opusenc when opus-tools is installed, else kept as WAV.
Files are cached on disk under MEDIA_ROOT, named by lesson slug, version number, language and a hash of
the spoken text, so a new version gets new audio and a change of wording can never serve stale sound.
The first request generates the file (a few seconds) while holding a file lock, so two requests,
threads or worker processes never generate the same file twice.

espeak-ng has no Khmer voice: a Khmer text is read by the phone's own voice, or from a recording
attached to the lesson text (LessonText.audio); with neither, `synthesize` raises NoVoice.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hocvuso.learning.constants import BlockType
from hocvuso.learning.models import LessonText

# espeak-ng voice per content language; Khmer has none (espeak-ng 1.51).
VOICES = {"vi": "vi", "en": "en"}
SPEED = 150  # words per minute: slower than espeak's default 175, for elderly listeners
OPUS_BITRATE = 24  # kbit/s, mono speech
TIMEOUT = 120  # seconds for one lesson
CACHE_DIR = "lesson-audio-cache"
OPUS = "audio/ogg; codecs=opus"
WAV = "audio/wav"


class NoVoice(Exception):
    """No server voice for this language (Khmer): the page says so plainly."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self.language = language


class SynthesisFailed(RuntimeError):
    """espeak-ng or opusenc failed or is missing."""


@dataclass(frozen=True)
class Audio:
    path: Path
    content_type: str
    etag: str


def has_voice(language: str) -> bool:
    return language in VOICES


def spoken_text(text: LessonText) -> str:
    """What is read: title, summary, then each block in order; steps numbered, images by caption or alt."""
    bold = re.compile(r"\*\*(.+?)\*\*")
    with translation.override(text.language):
        parts: list[str] = [text.title, text.summary]
        for block in text.blocks:
            kind = block.get("type")
            if kind in (BlockType.HEADING, BlockType.PARAGRAPH):
                parts.append(block.get("text", ""))
            elif kind == BlockType.TIP:
                parts.append(f"{_('Tip')}. {block.get('text', '')}")
            elif kind == BlockType.WARNING:
                parts.append(f"{_('Warning')}. {block.get('text', '')}")
            elif kind == BlockType.STEPS:
                parts.extend(f"{n}. {item}" for n, item in enumerate(block.get("items", []), start=1))
            elif kind == BlockType.BULLETS:
                parts.extend(block.get("items", []))
            elif kind == BlockType.IMAGE:
                parts.append(block.get("caption") or block.get("alt") or "")
    sentences = [bold.sub(r"\1", p).strip() for p in parts if p and p.strip()]
    # A full stop after each part makes espeak pause between blocks.
    return "\n".join(s if s[-1] in ".!?:;" else f"{s}." for s in sentences)


def _cache_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / CACHE_DIR


def _encoder() -> str | None:
    return shutil.which("opusenc")


def cache_path(slug: str, version: int, language: str, text: str) -> tuple[Path, str]:
    digest = hashlib.sha256(f"{SPEED}:{OPUS_BITRATE}:{text}".encode()).hexdigest()[:16]
    suffix = ".opus" if _encoder() else ".wav"
    return _cache_dir() / f"{slug}-v{version}-{language}-{digest}{suffix}", digest


def _run(text: str, voice: str, out: Path) -> None:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise SynthesisFailed("espeak-ng is not installed (Debian package espeak-ng)")
    speak = [espeak, "-v", voice, "-s", str(SPEED), "--stdout"]
    encoder = _encoder()
    try:
        if encoder is None:
            with out.open("wb") as sink:
                subprocess.run(speak, input=text.encode(), stdout=sink, check=True, timeout=TIMEOUT)
            return
        with subprocess.Popen(speak, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as espeak_proc:
            with subprocess.Popen(
                [encoder, "--quiet", "--bitrate", str(OPUS_BITRATE), "-", str(out)],
                stdin=espeak_proc.stdout,
            ) as encode:
                assert espeak_proc.stdin is not None and espeak_proc.stdout is not None
                espeak_proc.stdout.close()  # opusenc holds the read end now
                espeak_proc.stdin.write(text.encode())
                espeak_proc.stdin.close()
                encode.wait(timeout=TIMEOUT)
            espeak_proc.wait(timeout=TIMEOUT)
        if espeak_proc.returncode or encode.returncode:
            raise SynthesisFailed(f"espeak-ng exited {espeak_proc.returncode}, opusenc exited {encode.returncode}")
    except (subprocess.SubprocessError, OSError) as exc:
        raise SynthesisFailed(str(exc)) from exc


def synthesize(text: str, language: str, *, slug: str, version: int) -> Audio:
    """The cached audio of `text`, generated on first use. Raises NoVoice or SynthesisFailed."""
    voice = VOICES.get(language)
    if voice is None:
        raise NoVoice(language)
    path, digest = cache_path(slug, version, language, text)
    content_type = OPUS if path.suffix == ".opus" else WAV
    if path.exists():
        return Audio(path, content_type, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the second request waits here, then finds the file
        try:
            if not path.exists():
                fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".part")
                os.close(fd)
                tmp = Path(tmp_name)
                try:
                    _run(text, voice, tmp)
                    if tmp.stat().st_size == 0:
                        raise SynthesisFailed("empty audio")
                    os.replace(tmp, path)
                finally:
                    tmp.unlink(missing_ok=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return Audio(path, content_type, digest)


def lesson_audio(text: LessonText, *, slug: str, version: int) -> Audio:
    """The server audio of one lesson text (its own language's voice)."""
    return synthesize(spoken_text(text), text.language, slug=slug, version=version)
