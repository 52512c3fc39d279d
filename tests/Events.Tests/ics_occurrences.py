"""Independent reader of our ICS feeds for the tests: Python's icalendar parses, dateutil expands.

Reads an iCalendar document on stdin and prints, as JSON, every meeting whose start lies in [FROM, TO)
(arguments, ISO 8601 with offset): uid, recurrence id (local wall-clock time), start (UTC), status.
Rules are expanded in local wall-clock time and mapped through zoneinfo with fold=0, which is RFC 5545's
reading of times in a DST gap (shifted forward) and of ambiguous times (the first).
"""
import json
import re
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar


def naive_local(prop_value, zone):
    value = prop_value.dt
    if getattr(value, "tzinfo", None) is not None:
        value = value.astimezone(zone) if str(value.tzinfo) == "UTC" else value
        value = value.replace(tzinfo=None)
    return value


def zone_of(component):
    tzid = component["DTSTART"].params.get("TZID")
    return ZoneInfo(str(tzid)) if tzid else timezone.utc


def dates(component, name, zone):
    values = component.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    return [naive_local(d, zone) for v in values for d in v.dts]


def main():
    start, end = (datetime.fromisoformat(a) for a in sys.argv[1:3])
    calendar = Calendar.from_ical(sys.stdin.read())
    masters, overrides = [], {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        if "RECURRENCE-ID" in event:
            zone = zone_of(event)
            overrides[(uid, naive_local(event["RECURRENCE-ID"], zone))] = event
        else:
            masters.append(event)

    result = []
    for event in masters:
        uid, zone = str(event["UID"]), zone_of(event)
        dtstart = naive_local(event["DTSTART"], zone)
        instances = rruleset()
        instances.rdate(dtstart)
        if "RRULE" in event:
            rule = event["RRULE"].to_ical().decode()
            # dateutil wants UNTIL in the same kind as DTSTART: convert a UTC UNTIL to local wall-clock time.
            match = re.search(r"UNTIL=(\d{8}T\d{6})Z", rule)
            if match:
                until = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc)
                local_until = until.astimezone(zone).replace(tzinfo=None)
                rule = rule.replace(match.group(0), "UNTIL=" + local_until.strftime("%Y%m%dT%H%M%S"))
            instances.rrule(rrulestr(rule, dtstart=dtstart))
        for d in dates(event, "RDATE", zone):
            instances.rdate(d)
        for d in dates(event, "EXDATE", zone):
            instances.exdate(d)
        status = str(event.get("STATUS", "CONFIRMED"))
        for local in instances:
            if local.replace(tzinfo=zone) >= end + (end - start):
                break
            change = overrides.get((uid, local))
            shown = naive_local(change["DTSTART"], zone) if change is not None else local
            at = shown.replace(tzinfo=zone).astimezone(timezone.utc)
            if not (start <= at < end):
                continue
            result.append({
                "uid": uid,
                "recurrenceId": local.strftime("%Y-%m-%dT%H:%M:%S"),
                "start": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "status": str(change.get("STATUS", "CONFIRMED")) if change is not None else status,
            })
    result.sort(key=lambda r: (r["start"], r["uid"]))
    json.dump(result, sys.stdout)


main()
