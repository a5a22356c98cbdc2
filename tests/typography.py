#!/usr/bin/env python3
"""French typography, checked mechanically (issue 16; domain.md §7).

    typography.py po FILE.po [--fix]     the French catalogue's translations
    typography.py text [--allow RE]... [FILE...]
                                         running French text (screens, reports, help); stdin
                                         when no file is given

Every problem is printed as "where: rule: excerpt" and the exit status is 1 when there is one.
`po --fix` rewrites the spaces and apostrophes that have one right answer and leaves the rest to
be reported.

The rules:
  - a no-break space (U+00A0) before ':' and inside « »;
  - a narrow no-break space (U+202F) before ; ! ? and %;
  - the typographic apostrophe (’) between letters, never the straight one;
  - a no-break space between "n°" and its number;
  - no decimal point in a number (4,2 not 4.2), no "-0";
  - no group of four or more ASCII digits in running text (11 184, not 11184) except a year
    (1900–2099), and no ISO date (2026-12-02) on a screen except where a date is typed (--allow);
  - one word per concept: "accompagnement", never "séance", for a help session.
"""
import re
import sys

NBSP, NNBSP = "\u00a0", "\u202f"
LETTER = r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]"

# (name, pattern) pairs over French text; a match is a fault.
TEXT_RULES = [
    ("space before ':' must be a no-break space (U+00A0)", re.compile(r"[ \u202f]:(?![:/\d])")),
    ("no space before ':'", re.compile(LETTER + r"\)?:(?=[ \u00a0]|$)")),
    ("space before ; ! ? must be narrow no-break (U+202F)", re.compile(r"[ \u00a0][;!?](?![\w/=])")),
    ("no space before ; ! ?", re.compile(r"(?<=[^\s\u00a0\u202f!?(/=&\"])(?<!\w://)[;!?](?=\s|$)")),
    ("space before % must be narrow no-break (U+202F)", re.compile(r"(?<=\d)[ \u00a0]%")),
    ("no space before %", re.compile(r"\d%")),
    ("« needs a no-break space after it", re.compile(r"«(?!\u00a0)")),
    ("» needs a no-break space before it", re.compile(r"(?<!\u00a0)»")),
    ("straight apostrophe", re.compile(LETTER + r"'" + LETTER)),
    ("n° needs a no-break space before its number", re.compile(r"[nN]°[ \u202f](?=[\dX%])")),
    ("decimal point", re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")),
    ("minus zero", re.compile(r"(?<![\w-])[-\u2212]0(?:,0+)?(?![\d,])")),
    ("four digits or more, not grouped", re.compile(r"(?<![\d\u202f/.-])(?!(?:19|20)\d\d(?!\d))\d{4,}(?![\d/])")),
    ("ISO date on the screen", re.compile(r"\b\d{4}-\d\d-\d\d\b")),
    ("“séance” where guichet says “accompagnement”", re.compile(r"\b[Ss]éances?\b")),
]

# In the catalogue, format directives and literal percents change what a rule sees.
PO_SKIP_RULES = {"four digits or more, not grouped", "ISO date on the screen", "decimal point",
                 "no space before %", "space before % must be narrow no-break (U+202F)"}
PO_RULES = [
    ("space before %% must be narrow no-break (U+202F)", re.compile(r"[ \u00a0]%%")),
    ("no space before %%", re.compile(r"(?<=[\w)])%%")),
]


# A key named between guillemets (« ? », « ; ») is a key, not punctuation.
KEY_NAME = re.compile(r"«\u00a0\S{1,2}\u00a0»")


def check_text(text, allow, where):
    faults = []
    for lineno, line in enumerate(text.split("\n"), 1):
        line = KEY_NAME.sub("«\u00a0K\u00a0»", line)
        for a in allow:
            line = a.sub(lambda m: "·" * len(m.group(0)), line)
        for name, rule in TEXT_RULES:
            for m in rule.finditer(line):
                s = max(0, m.start() - 20)
                faults.append(f"{where}:{lineno}: {name}: {line[s:m.end() + 20]!r}")
    return faults


def fix_msgstr(s):
    s = re.sub(r"(?<=\w)'(?=\w)", "’", s)
    s = re.sub(r"(?<=" + LETTER + r")'(?=[«\"])", "’", s)
    s = re.sub(r"[ \u202f]:(?![:/\d])", NBSP + ":", s)
    s = re.sub(r"[ \u00a0]([;!?])(?![\w/=])", NNBSP + r"\1", s)
    s = re.sub(r"[ \u00a0]%%", NNBSP + "%%", s)
    s = re.sub(r"«[ \u202f\u00a0]?", "«" + NBSP, s)
    s = re.sub(r"[ \u202f\u00a0]?»", NBSP + "»", s)
    return s


# ---- a small PO reader: enough for msgctxt, msgid, msgid_plural, msgstr[n] and flags ----

def unquote(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m.group(1), m.group(1)), s)


def quote(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")


def po_entries(lines):
    """Yields (first_line, msgid, [(line_index, keyword)], flags) for each entry."""
    entry, flags, key = None, "", None
    for i, line in enumerate(lines):
        if line.startswith("#,"):
            flags = line
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if m:
            key = m.group(1)
            if key in ("msgctxt", "msgid") and (entry is None or entry["done"]):
                if entry:
                    yield entry
                entry = {"flags": flags, "msgid": "", "strs": [], "done": False, "line": i + 1}
                flags = ""
            if key == "msgid":
                entry["msgid"] = unquote(m.group(2))
            if key.startswith("msgstr"):
                entry["strs"].append([i])
                entry["done"] = True
            elif key.startswith("msgid"):
                pass
            continue
        if line.startswith('"') and entry is not None:
            if key == "msgid":
                entry["msgid"] += unquote(line[1:-1])
            if key and key.startswith("msgstr"):
                entry["strs"][-1].append(i)
    if entry:
        yield entry


def check_po(path, fix):
    lines = open(path, encoding="utf-8").read().split("\n")
    faults = []
    for e in po_entries(lines):
        if e["msgid"] == "":
            continue  # the header
        cformat = "c-format" in e["flags"]
        for idxs in e["strs"]:
            for i in idxs:
                m = re.match(r'^(msgstr(?:\[\d+\])? )?"(.*)"$', lines[i])
                if not m:
                    continue
                if fix:
                    fixed = quote(fix_msgstr(unquote(m.group(2))))
                    lines[i] = (m.group(1) or "") + '"' + fixed + '"'
            text = "".join(unquote(re.match(r'^(?:msgstr(?:\[\d+\])? )?"(.*)"$', lines[i]).group(1))
                           for i in idxs)
            probe = KEY_NAME.sub("«\u00a0K\u00a0»", text)
            if cformat:
                # A directive is a word here; a literal %% is checked by PO_RULES.
                for name, rule in PO_RULES:
                    for m in rule.finditer(probe):
                        faults.append(f"{path}:{idxs[0] + 1}: {name}: {probe[max(0, m.start() - 20):m.end() + 20]!r}")
                probe = re.sub(r"%%", "", probe)
                probe = re.sub(r"%(\d+\$)?[-+ #0]*\d*(\.\d+)?(hh|h|ll|l|z|j|t)?[diouxXcsfeEgGp]", "X", probe)
            for name, rule in TEXT_RULES:
                if name in PO_SKIP_RULES:
                    continue
                for m in rule.finditer(probe):
                    faults.append(f"{path}:{idxs[0] + 1}: {name}: {probe[max(0, m.start() - 20):m.end() + 20]!r}")
    if fix:
        open(path, "w", encoding="utf-8").write("\n".join(lines))
    return faults


def main(argv):
    if len(argv) >= 2 and argv[0] == "po":
        faults = check_po(argv[1], "--fix" in argv[2:])
    elif argv and argv[0] == "text":
        allow, files, args = [], [], argv[1:]
        while args:
            a = args.pop(0)
            if a == "--allow":
                allow.append(re.compile(args.pop(0)))
            else:
                files.append(a)
        faults = []
        if not files:
            faults += check_text(sys.stdin.read(), allow, "<stdin>")
        for f in files:
            faults += check_text(open(f, encoding="utf-8", errors="replace").read(), allow, f)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for f in faults:
        print(f)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
