#!/usr/bin/python3
"""Reads an XLSX file guichet wrote back with openpyxl and checks it; prints what is wrong and
exits 1, or prints nothing and exits 0. Usable by any suite (Debian's /usr/bin/python3, which has
python3-openpyxl).

Always checked, on every sheet: no cell is a formula, and every string is clean text (no control
character, no bidi override, valid text: what text_for_output leaves).

  check-xlsx.py FILE [--sheets 'A|B|…'] [--sheet NAME] [--header 'k1|k2|…'] [--frozen A2]
                [--numbers 'k|…'] [--dates 'k|…'] [--datetimes 'k|…'] [--csv FILE]
                [--contains TEXT]… [--report-csv FILE]

  --sheets     the workbook's sheet names, in order ('|' between them)
  --sheet      the sheet the checks below look at (default: the first)
  --header     its first row, exactly, in bold ('|' between cells)
  --frozen     its frozen panes' top-left cell (A2: the header row stays in view)
  --numbers    columns (by header) whose filled cells under the header are numbers
  --dates      columns whose filled cells are dates (a date format, no time of day)
  --datetimes  columns whose filled cells are dates and times (a date and time format)
  --csv        the sheet holds exactly the rows of this CSV file (guichet's CSV of the same
               command): numbers as the CSV's integers, dates as its ISO text, empty as empty, and
               the CSV's formula guard (a leading ') taken off
  --contains   some cell of the sheet is this exact string, stored as a string
  --report-csv the workbook is `guichet report --format xlsx` and agrees with this CSV of the same
               report, section by section (see check_report)
"""
import argparse
import csv
import datetime
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter

errors = []


def fail(msg):
    errors.append(msg)


UNCLEAN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def check_clean(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail(f"{ws.title}!{c.coordinate}: a formula: {c.value!r}")
                elif isinstance(c.value, str) and UNCLEAN.search(c.value):
                    fail(f"{ws.title}!{c.coordinate}: unclean text {c.value!r}")


def split(text):
    return text.split("|") if text else []


def rows_of(ws):
    return [list(r) for r in ws.iter_rows()]


def column_index(header, name):
    try:
        return header.index(name)
    except ValueError:
        fail(f"no column {name!r} in the header {header!r}")
        return None


def is_date_format(fmt, with_time):
    f = fmt.lower()
    has_date = "yy" in f and "d" in f
    has_time = "h" in f
    return has_date and has_time == with_time


def iso(value):
    if isinstance(value, datetime.datetime):
        if value.hour or value.minute or value.second:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.strftime("%Y-%m-%d")
    return value


def utc_as_cell(text):
    """A UTC stamp of the CSV ("2028-03-17T09:00:00Z") as its date-time cell reads back: the
    time as written, to the minute, seconds kept when there are some."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d):(\d\d)Z", text)
    if not m:
        return text
    return f"{m[1]} {m[2]}" + ("" if m[3] == "00" else f":{m[3]}")


def as_csv_text(c):
    """A cell as guichet's CSV writes it."""
    v = c.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return str(int(v)) if float(v).is_integer() else repr(v)
    if isinstance(v, datetime.datetime):
        with_time = "h" in c.number_format.lower()
        if with_time and v.second:
            return v.strftime("%Y-%m-%d %H:%M:%S")
        return v.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    return v


def unguard(field):
    # guichet's CSV puts a ' before a value a spreadsheet would read as a formula
    if len(field) > 1 and field[0] == "'" and field[1] in "=+-@ \t\r":
        return field[1:]
    return field


def check_sheet(ws, a):
    rows = rows_of(ws)
    header = [c.value for c in rows[0]] if rows else []
    if a.header is not None:
        want = split(a.header)
        if header != want:
            fail(f"{ws.title}: header {header!r}, want {want!r}")
        elif not all(c.font and c.font.b for c in rows[0]):
            fail(f"{ws.title}: the header row is not bold")
    if a.frozen is not None and ws.freeze_panes != a.frozen:
        fail(f"{ws.title}: frozen panes at {ws.freeze_panes!r}, want {a.frozen!r}")
    for names, kind in ((a.numbers, "number"), (a.dates, "date"), (a.datetimes, "datetime")):
        for name in split(names):
            i = column_index(header, name)
            if i is None:
                continue
            seen = 0
            for r in rows[1:]:
                c = r[i] if i < len(r) else None
                if c is None or c.value is None:
                    continue
                seen += 1
                if kind == "number":
                    good = c.data_type == "n" and isinstance(c.value, (int, float))
                else:
                    good = (isinstance(c.value, datetime.datetime)
                            and is_date_format(c.number_format, kind == "datetime"))
                if not good:
                    fail(f"{ws.title}!{c.coordinate} ({name}): {c.value!r} "
                         f"[{c.data_type}, {c.number_format}] is not a {kind}")
            if not seen:
                fail(f"{ws.title}: column {name} has no value to check")
    if a.csv:
        with open(a.csv, newline="", encoding="utf-8-sig") as f:
            want = list(csv.reader(f))
        got = [[as_csv_text(c) for c in r] for r in rows]
        width = max([len(r) for r in want] + [len(r) for r in got] + [0])
        want = [[utc_as_cell(unguard(x)) for x in r] + [""] * (width - len(r)) for r in want]
        got = [r + [""] * (width - len(r)) for r in got]
        if len(got) != len(want):
            fail(f"{ws.title}: {len(got)} rows, the CSV has {len(want)}")
        for n, (g, w) in enumerate(zip(got, want)):
            if g != w:
                fail(f"{ws.title}: row {n + 1} differs from the CSV:\n  xlsx {g!r}\n  csv  {w!r}")
                break
    for text in a.contains or []:
        if not any(c.value == text and c.data_type == "s" for r in rows for c in r):
            fail(f"{ws.title}: no string cell holds {text!r}")


SECTIONS = ["themes", "demarches", "durations", "places", "materials", "autonomy", "ages",
            "statuses", "genders", "oriented", "orientations", "referrals", "already_helped",
            "commune_sessions", "commune_participants"]


def check_report(wb, path):
    """The report's workbook against its CSV (section,code,label,value): a cover, the activities,
    month by month, one sheet per breakdown, workshops by theme, referrals by partner; every sheet
    after the cover has a bold frozen header, numbers as numbers and dates as dates."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by = {}
    for r in rows:
        by.setdefault(r["section"], []).append(r)
    value = {(r["section"], r["code"]): int(r["value"]) for r in rows}
    # A network's report (more than one site) begins its breakdowns with people helped by site.
    sections = (["sites"] if "sites" in by else []) + SECTIONS
    sheets = wb.worksheets
    if len(sheets) != 3 + len(sections) + 2:
        fail(f"{len(sheets)} sheets: {wb.sheetnames}")
        return
    names = [s.title.casefold() for s in sheets]
    if len(set(names)) != len(names) or any(len(s.title) > 31 for s in sheets):
        fail(f"sheet names not unique or too long: {wb.sheetnames}")
    for ws in sheets[1:]:
        if ws.freeze_panes != "A2":
            fail(f"{ws.title}: header not frozen ({ws.freeze_panes})")
        if not all(c.font.b for c in next(ws.iter_rows(max_row=1))):
            fail(f"{ws.title}: header not bold")
    # The cover: the period's first and last days as dates.
    cover = {r[0].value: r[1] for r in sheets[0].iter_rows(min_row=2) if len(r) > 1}
    days = [c for c in cover.values() if isinstance(c.value, datetime.datetime)
            and is_date_format(c.number_format, False)]
    want = [by["period"][0]["label"], by["period"][1]["label"]]
    if [iso(c.value) for c in days[:2]] != want:
        fail(f"cover: the period's days {[iso(c.value) for c in days]!r}, want {want!r}")
    made = [c for c in cover.values() if isinstance(c.value, datetime.datetime)
            and is_date_format(c.number_format, True)]
    if len(made) != 1:
        fail("cover: no production date and time")

    def number(c, where):
        if c.data_type != "n" or not isinstance(c.value, (int, float)):
            fail(f"{where}!{c.coordinate}: {c.value!r} is not a number")
            return None
        return c.value

    def body(ws):
        return [list(r) for r in ws.iter_rows(min_row=2)]

    act = body(sheets[1])
    if len(act) != len(by["activities"]):
        fail(f"activities: {len(act)} rows, the CSV has {len(by['activities'])}")
    for r in act:
        code = r[4].value
        for col, sec in ((1, "activities"), (2, "previous_period"), (3, "year_before")):
            if number(r[col], sheets[1].title) != value.get((sec, code)):
                fail(f"activities {code} ({sec}): {r[col].value!r}, CSV {value.get((sec, code))!r}")
    months = body(sheets[2])
    if len(months) != len(by.get("month_sessions", [])):
        fail(f"months: {len(months)} rows, the CSV has {len(by.get('month_sessions', []))}")
    for r in months:
        c = r[0]
        if not isinstance(c.value, datetime.datetime) or not is_date_format(c.number_format, False) \
                and "yy" not in c.number_format:
            fail(f"months!{c.coordinate}: {c.value!r} is not a date")
            continue
        m = c.value.strftime("%Y-%m")
        if number(r[1], "months") != value.get(("month_sessions", m)) or \
                number(r[2], "months") != value.get(("month_participations", m)):
            fail(f"months {m}: {r[1].value}, {r[2].value} against the CSV")
    for ws, sec in zip(sheets[3:3 + len(sections)], sections):
        entries = body(ws)
        want = by.get(sec, [])
        if [(r[3].value or "", r[0].value) for r in entries] != [(w["code"], unguard(w["label"])) for w in want]:
            fail(f"{ws.title}: entries differ from the CSV's {sec}: {[(r[3].value, r[0].value) for r in entries]} {[(w['code'], w['label']) for w in want]}")
            continue
        counts = [number(r[1], ws.title) for r in entries]
        if counts != [int(w["value"]) for w in want]:
            fail(f"{ws.title}: counts {counts} against the CSV's {sec}")
        for r in entries:
            share = r[2]
            if share.value is None:
                continue
            if share.data_type != "n" or "%" not in share.number_format:
                fail(f"{ws.title}!{share.coordinate}: the share is not a percentage")
    ws = sheets[3 + len(sections)]
    keys = ["workshop_count", "workshop_capacity", "workshop_seats", "workshop_attended",
            "workshop_absent"]
    entries = body(ws)
    if len(entries) != len(by.get("workshop_count", [])):
        fail(f"{ws.title}: {len(entries)} themes, the CSV has {len(by.get('workshop_count', []))}")
    for r in entries:
        got = [number(r[k + 1], ws.title) for k in range(5)]
        if got != [value.get((k, r[6].value)) for k in keys]:
            fail(f"{ws.title}: {r[6].value} {got} against the CSV")
    ws = sheets[-1]
    got = [(r[0].value, number(r[1], ws.title)) for r in body(ws)]
    want = [(w["label"], int(w["value"])) for w in by.get("referral_partners", [])]
    if got != want:
        fail(f"{ws.title}: {got!r}, the CSV has {want!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    for opt in ("sheets", "sheet", "header", "frozen", "numbers", "dates", "datetimes", "csv",
                "report_csv"):
        p.add_argument("--" + opt.replace("_", "-"))
    p.add_argument("--contains", action="append")
    a = p.parse_args()
    try:
        wb = openpyxl.load_workbook(a.file)
    except Exception as e:  # not a workbook at all
        print(f"{a.file}: not a readable XLSX file: {e}")
        return 1
    check_clean(wb)
    if a.sheets is not None and wb.sheetnames != split(a.sheets):
        fail(f"sheets {wb.sheetnames!r}, want {split(a.sheets)!r}")
    if a.report_csv:
        check_report(wb, a.report_csv)
    ws = wb[a.sheet] if a.sheet else wb.worksheets[0]
    if any(x is not None for x in (a.header, a.frozen, a.numbers, a.dates, a.datetimes, a.csv,
                                   a.contains)):
        check_sheet(ws, a)
    for e in errors[:20]:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
