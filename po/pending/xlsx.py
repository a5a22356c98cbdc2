# French translations for the Excel (XLSX) work of issue 17, branch i17-xlsx.
# T: messages of the program (po/fr.po). MAN: paragraphs of doc/guichet.1 (po/man/fr.po), as
# po4a extracts them; the fuzzy ones there only gained "|B<xlsx>" or "--output".
# Typography: U+00A0 before ':' and inside « », U+202F before ; ! ? % and between thousands.
T = {
    "an Excel file is not shown on a terminal: write it with --output FILE or redirect the output to a file":
        "un fichier Excel ne s’affiche pas dans un terminal\u00a0: écrivez-le avec --output FICHIER ou redirigez la sortie vers un fichier",
    "an Excel file is not shown on a terminal: redirect the output to a file (> FILE.xlsx)":
        "un fichier Excel ne s’affiche pas dans un terminal\u00a0: redirigez la sortie vers un fichier (> FICHIER.xlsx)",
    "too many rows for one Excel sheet (1,048,576 at most)":
        "trop de lignes pour une feuille Excel (1\u202f048\u202f576 au plus)",
    "cannot write the Excel file: %s": "impossible d’écrire le fichier Excel\u00a0: %s",
    "cannot create a temporary file in %s: %s": "impossible de créer un fichier temporaire dans %s\u00a0: %s",
    "cannot start the Excel file": "impossible de commencer le fichier Excel",
    "Data": "Données",
    "--format: unknown format \"%s\" (valid: table, csv, json, xlsx)":
        "--format\u00a0: format inconnu «\u00a0%s\u00a0» (valides\u00a0: table, csv, json, xlsx)",
    "--format: unknown format \"%s\" (valid: text, csv, json, html, xlsx)":
        "--format\u00a0: format inconnu «\u00a0%s\u00a0» (valides\u00a0: text, csv, json, html, xlsx)",
    # The report's workbook: the cover sheet's labels and the sheets' column headers.
    # "Library" exists only with msgctxt "typology" (a kind of place): this one has none.
    "Library": "Bibliothèque",
    "Period": "Période",
    "First day": "Premier jour",
    "Last day": "Dernier jour",
    "Figures as of": "Chiffres au",
    "Produced on": "Établi le",
    "Figure": "Indicateur",
    "This period": "Cette période",
    "Previous period": "Période précédente",
    "A year earlier": "Un an plus tôt",
    "Count": "Nombre",
    "Share": "Part",
    "Seats taken": "Places prises",
    "No-shows": "Absents",
    # Usage lines.
    "report [--from DATE] [--to DATE] [--period day|week|month|quarter|year] [--site S]\n"
    "      [--operator O] [--format text|csv|json|html|xlsx] [--bom] [--output FILE]":
        "report [--from DATE] [--to DATE] [--period day|week|month|quarter|year] [--site S]\n"
        "      [--operator O] [--format text|csv|json|html|xlsx] [--bom] [--output FICHIER]",
    "sessions [--from DATE] [--to DATE] [--deleted] [--format table|csv|json|xlsx]":
        "sessions [--from DATE] [--to DATE] [--deleted] [--format table|csv|json|xlsx]",
    "themes [--format table|csv|json|xlsx]": "themes [--format table|csv|json|xlsx]",
    "partner list [--format table|csv|json|xlsx]": "partner list [--format table|csv|json|xlsx]",
    "referral list [--status S] [--due] [--format table|csv|json|xlsx]":
        "referral list [--status S] [--due] [--format table|csv|json|xlsx]",
    "person find WORDS [--format table|csv|json|xlsx]": "person find MOTS [--format table|csv|json|xlsx]",
    "workshop calls [--days N] [--format table|csv|json|xlsx]":
        "workshop calls [--days N] [--format table|csv|json|xlsx]",
    "workshop list [--from DATE] [--to DATE] [--format table|csv|json|xlsx]":
        "workshop list [--from DATE] [--to DATE] [--format table|csv|json|xlsx]",
}

MAN = {
    r"B<\%sessions> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--deleted>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%sessions> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--deleted>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%themes> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%themes> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%workshop list> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%workshop list> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%workshop calls> \%[B<--days> I<N>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%workshop calls> \%[B<--days> I<N>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%partner list> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%partner list> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%referral list> \%[B<--status> I<S>] \%[B<--due>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%referral list> \%[B<--status> I<S>] \%[B<--due>] \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    r"B<\%report> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--site> I<S>] \%[B<--operator> I<O>] \%[B<--format> B<\%text>|B<csv>|B<json>|B<html>|B<xlsx>] \%[B<--bom>] \%[B<--output> I<FILE>]":
        r"B<\%report> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--site> I<S>] \%[B<--operator> I<O>] \%[B<--format> B<\%text>|B<csv>|B<json>|B<html>|B<xlsx>] \%[B<--bom>] \%[B<--output> I<FICHIER>]",
    r"B<\%person find> I<WORDS> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]":
        r"B<\%person find> I<MOTS> \%[B<--format> B<\%table>|B<csv>|B<json>|B<xlsx>]",
    "guichet report --from 2026-11-01 --to 2026-11-30 \\e\n    --format xlsx --output report.xlsx\n":
        "guichet report --from 2026-11-01 --to 2026-11-30 \\e\n    --format xlsx --output bilan.xlsx\n",
    r"Listings (B<\%--format> B<\%table>|B<csv>|B<json>|B<xlsx>)  are a table to read, CSV, JSON, or an Excel workbook: one sheet, its column names in a frozen bold row, numbers and dates as such, and text never taken for a formula.  An Excel file is not shown on a terminal: redirect the standard output to a file.":
        "Les listes (B<\\%--format> B<\\%table>|B<csv>|B<json>|B<xlsx>) sont un tableau à lire, du CSV, du JSON ou un classeur Excel\u00a0: une feuille, les noms des colonnes sur une ligne en gras figée, les nombres et les dates comme tels, et un texte jamais pris pour une formule. Un fichier Excel ne s’affiche pas dans un terminal\u00a0: redirigez la sortie standard vers un fichier.",
    r"B<\%xlsx> is an Excel workbook: a first sheet with the library, the period and when the report was made, then one sheet per section, numbers, shares and months typed as such.  B<\%--output> writes the report, in any format, to a new I<FILE> that only its owner can read (mode 0600); without it, an Excel file goes to the standard output only when that is not a terminal.":
        "B<\\%xlsx> est un classeur Excel\u00a0: une première feuille avec la bibliothèque, la période et la date à laquelle le bilan a été établi, puis une feuille par rubrique, nombres, parts et mois écrits comme tels. B<\\%--output> écrit le bilan, quel que soit son format, dans un nouveau I<FICHIER> que seul son propriétaire peut lire (mode 0600)\u202f; sans cette option, un fichier Excel ne va sur la sortie standard que si ce n’est pas un terminal.",
    "B<TMPDIR>": "B<TMPDIR>",
    "Where Excel files are put together before they are written out (I</tmp> when it is not set); nothing is left there.":
        "Où les fichiers Excel sont assemblés avant d’être écrits (I</tmp> s’il n’est pas défini)\u202f; rien n’y reste.",
    "The same report as an Excel workbook for the council:":
        "Le même bilan en classeur Excel pour la collectivité\u00a0:",
}
