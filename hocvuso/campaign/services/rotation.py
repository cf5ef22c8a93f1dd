"""The weekly rotation of community sessions through a commune's hamlets (plan 67 III.4.d: "định kỳ
hằng tuần, tổ chức các buổi học tập cộng đồng ... luân phiên từng ấp, khóm"). Pure functions: no
database, so the rules can be checked with property tests.

Rules:
- One session per ISO week (Monday to Sunday), on the schedule's weekday. When that day is a holiday
  or already taken by another session of the commune, the session moves to the next free day of the
  same week; when no day of the week is free, the week is skipped.
- The day chosen for a week does not depend on the period asked for, and a week belongs to the
  period containing its chosen day. So generating January and then February gives exactly the
  sessions of generating January and February at once (continuity).
- Hamlets take their turns in `hamlet_order`, starting at `next_hamlet_index`; the returned index
  carries the rotation into the next period, so over any run of k*n sessions each of the n hamlets
  has exactly k (fairness).
- A week that already holds a generated session that is kept (held, cancelled, or with attendance)
  gets no new session; a kept session inside the period still uses its turn of the rotation.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class PlannedSession:
    day: date
    starts_at: datetime  # naive local time (Asia/Ho_Chi_Minh); the service makes it aware
    ends_at: datetime
    hamlet_id: int | None  # None: a commune-wide session (a commune without hamlets)
    place: str


@dataclass(frozen=True)
class RotationPlan:
    sessions: list[PlannedSession]
    next_hamlet_index: int


def week_of(day: date) -> date:
    """The Monday of the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def day_of_week(monday: date, weekday: int, blocked: Collection[date]) -> date | None:
    """The day of the week starting `monday` on which its session is held: `weekday`, or the next
    day of the same week that is not blocked; None when every such day is blocked."""
    for offset in range(weekday, 7):
        day = monday + timedelta(days=offset)
        if day not in blocked:
            return day
    return None


def plan_rotation(
    *,
    hamlet_order: Sequence[int],
    weekday: int,
    start_time: time,
    minutes: int,
    places: Mapping[int, str],
    start: date,
    end: date,
    holidays: Collection[date] = (),
    taken: Collection[date] = (),
    kept_generated: Collection[date] = (),
    next_hamlet_index: int = 0,
) -> RotationPlan:
    """The sessions of the period `start`..`end` (both included) and the rotation index after them.

    `taken`: days already used by other (hand-made) sessions of the commune; `kept_generated`: days
    of generated sessions that stay as they are (their weeks get no new session).
    """
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    n = len(hamlet_order)
    index = next_hamlet_index % n if n else 0
    if end < start:
        return RotationPlan([], index)
    blocked = set(holidays) | set(taken)
    done_weeks: dict[date, int] = {}
    for day in kept_generated:
        week = week_of(day)
        done_weeks[week] = done_weeks.get(week, 0) + (1 if start <= day <= end else 0)
    sessions: list[PlannedSession] = []
    monday = week_of(start)
    while monday <= end:
        if monday in done_weeks:
            index += done_weeks[monday]
        else:
            chosen = day_of_week(monday, weekday, blocked)
            if chosen is not None and start <= chosen <= end:
                hamlet_id = hamlet_order[index % n] if n else None
                if n:
                    index += 1
                begins = datetime.combine(chosen, start_time)
                sessions.append(
                    PlannedSession(
                        day=chosen,
                        starts_at=begins,
                        ends_at=begins + timedelta(minutes=minutes),
                        hamlet_id=hamlet_id,
                        place=places.get(hamlet_id, "") if hamlet_id is not None else places.get(0, ""),
                    )
                )
        monday += timedelta(days=7)
    return RotationPlan(sessions, index % n if n else 0)
