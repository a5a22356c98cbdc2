#!/usr/bin/env python3
"""Checks that a file guichet wrote is clean text in its format, whatever the database held.

Usage: check-clean-output.py FORMAT FILE
FORMAT: text (a terminal's text), csv, json, ics, html.

Every format: valid UTF-8; no NUL, no C0 control but the line ends of the format, no DEL nor C1
control (U+0080 to U+009F), no U+2028/U+2029 and no bidi control; no line of the output starts
with what followed a line break stored inside a value (the stored break was obeyed). Then the
format's own parser: csv (RFC 4180, the same number of columns on every row), json (the json
module, strict), ics (python3-icalendar, CRLF and 75-octet lines), html (no markup from the
data: no <script). Values inside the parsed documents are checked again, so that a control
written as an escape (\\u001b, an iCalendar or CSV quote) does not pass either.
Prints what is wrong and exits 1; silent and 0 when the file is clean.
"""
import csv
import io
import json
import re
import sys

csv.field_size_limit(sys.maxsize)

# Never written: C0 controls, DEL, C1 controls, line and paragraph separators, bidi controls.
FORBIDDEN = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
PATTERNS = {}
# What the hostile database puts after a stored CR LF (see test-hostile-db.sh).
AFTER_BREAK = re.compile(r"^\ufffd?BRK", re.M)


def bad_chars(text, allowed=""):
    """The characters of text that must never be written, as 'U+XXXX at N' strings."""
    if allowed not in PATTERNS:
        ranges = FORBIDDEN
        # Take the allowed line ends out of the first range (\x00-\x1f).
        if allowed:
            keep = sorted(ord(c) for c in allowed)
            parts, start = [], 0
            for k in keep:
                if start < k:
                    parts.append("\\x%02x-\\x%02x" % (start, k - 1))
                start = k + 1
            parts.append("\\x%02x-\\x1f" % start)
            ranges = "".join(parts) + FORBIDDEN[len("\x00-\x1f"):]
        PATTERNS[allowed] = re.compile("[" + ranges + "]")
    found = []
    for m in PATTERNS[allowed].finditer(text):
        found.append("U+%04X at %d" % (ord(m.group()), m.start()))
        if len(found) >= 5:
            break
    return found


def walk_json(value, problems, path="$"):
    if isinstance(value, str):
        bad = bad_chars(value)
        if bad:
            problems.append("JSON value %s holds %s" % (path, ", ".join(bad)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk_json(v, problems, "%s[%d]" % (path, i))
    elif isinstance(value, dict):
        for k, v in value.items():
            walk_json(k, problems, path + ".key")
            walk_json(v, problems, "%s.%s" % (path, k))


def check(fmt, raw):
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["invalid UTF-8 at byte %d: %r" % (e.start, raw[max(0, e.start - 20):e.start + 10])]
    line_ends = "\r\n" if fmt in ("csv", "ics") else "\n"
    bad = bad_chars(text, allowed=line_ends)
    if bad:
        problems.append("forbidden characters: " + ", ".join(bad))
    if "\r" in text and text.replace("\r\n", "").count("\r"):
        problems.append("a CR outside a CRLF line end")
    m = AFTER_BREAK.search(text.replace("\r\n", "\n"))
    if m:
        problems.append("a line starts with what followed a stored line break (at %d)" % m.start())
    if problems:
        return problems

    if fmt == "json":
        try:
            walk_json(json.loads(text), problems)
        except ValueError as e:
            problems.append("not JSON: %s" % e)
    elif fmt == "csv":
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as e:
            return ["not CSV: %s" % e]
        if text.startswith("\ufeff"):
            rows[0][0] = rows[0][0][1:]
        if not rows:
            problems.append("no header row")
        widths = {len(r) for r in rows}
        if len(widths) > 1:
            problems.append("rows of %s columns" % sorted(widths))
        for r, row in enumerate(rows, 1):
            for cell in row:
                bad = bad_chars(cell)
                if bad:
                    problems.append("row %d: a cell holds %s" % (r, ", ".join(bad)))
                    break
    elif fmt == "ics":
        from icalendar import Calendar
        lines = raw.split(b"\r\n")
        if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
            problems.append("lines do not all end in CRLF")
        longest = max(len(l) for l in lines)
        if longest > 75:
            problems.append("a line of %d octets (folding is at 75)" % longest)
        try:
            cal = Calendar.from_ical(raw)
            for component in cal.walk():
                for key, value in component.property_items(recursive=False):
                    bad = bad_chars(str(value) if not isinstance(value, bytes) else value.decode())
                    if bad:
                        problems.append("%s holds %s" % (key, ", ".join(bad)))
        except Exception as e:  # icalendar raises ValueError and others
            problems.append("not iCalendar: %s: %s" % (type(e).__name__, e))
    elif fmt == "html":
        if "<script" in text.lower():
            problems.append("markup from the data: <script")
        if not text.lstrip().lower().startswith("<!doctype html>"):
            problems.append("not an HTML document")
    return problems


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        raw = f.read()
    problems = check(fmt, raw)
    for p in problems[:6]:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
