"""The 90-day disclosure clock.

Policy (after Google Project Zero's, which most stacks' maintainers know):
  * the clock starts on the date the finding was reported to the maintainers;
  * the deadline is 90 days later;
  * if the maintainers promise a fix date that falls after the 90 days but no
    more than 14 days after, a 14-day grace period applies (deadline + 14);
  * a deadline on a Saturday or Sunday moves to the following Monday;
  * if a fix ships before the deadline, disclosure is due when the fix ships
    (moved off a weekend the same way);
  * findings never reported, or closed as not-a-bug / duplicate / disclosed,
    have no running clock.
"""

import datetime

DAYS = 90
GRACE = 14
WARN = 14


def next_workday(d):
    while d.weekday() >= 5:          # 5 = Saturday, 6 = Sunday
        d += datetime.timedelta(days=1)
    return d


def deadline(reported, fix_promised=None):
    """Disclosure deadline for a finding reported on REPORTED (a date)."""
    base = reported + datetime.timedelta(days=DAYS)
    if fix_promised is not None and base < fix_promised <= base + datetime.timedelta(days=GRACE):
        base += datetime.timedelta(days=GRACE)
    return next_workday(base)


def due(reported, fix_promised=None, fixed=None):
    """Date disclosure is due: the deadline, or earlier when the fix ships first."""
    d = deadline(reported, fix_promised)
    if fixed is not None:
        f = next_workday(fixed)
        if f < d:
            return f
    return d


def clock(rec, today):
    """(status, due_date, days_left) for a parsed record on TODAY.

    status: 'closed' (disclosed / not-a-bug / duplicate), 'unreported',
            'ok', 'warn' (<= 14 days left), 'overdue' (past due, not disclosed).
    """
    state = rec.get("state")
    if state in ("disclosed", "not-a-bug", "duplicate"):
        return ("closed", None, None)
    rep = rec.date("reported")
    if rep is None:
        return ("unreported", None, None)
    d = due(rep, rec.date("fix-promised"), rec.date("fixed"))
    left = (d - today).days
    if left < 0:
        return ("overdue", d, left)
    if left <= WARN:
        return ("warn", d, left)
    return ("ok", d, left)
