# French for the messages of branch i17-coop (the Coop's vocabulary and exports), to merge into
# po/fr.po after `make po`. MAN: the same for po/man/fr.po (the paragraphs of doc/guichet.1 that
# changed or are new; msgids as po4a writes them, unescaped).
T = {
    "this command takes --from, --to, --period, --format and --bom":
        "cette commande accepte --from, --to, --period, --format et --bom",
    "--format: an export is a file: csv or json":
        "--format\u00a0: un export est un fichier\u00a0: csv ou json",
    "export activities [--from DATE] [--to DATE] [--period P] [--format csv|json] [--bom]":
        "export activities [--from DATE] [--to DATE] [--period P] [--format csv|json] [--bom]",
    "one row per activity with every field guichet holds, codes and labels side by side":
        "une ligne par activité avec tout ce que guichet garde, codes et libellés côte à côte",
    "export coop [--from DATE] [--to DATE] [--period P] [--format csv|json] [--bom]":
        "export coop [--from DATE] [--to DATE] [--period P] [--format csv|json] [--bom]",
    "the national tool's \"Accompagnements\" layout: one row per person helped":
        "la présentation de l’export «\u00a0Accompagnements\u00a0» de l’outil national\u00a0: "
        "une ligne par personne accompagnée",
}

MAN = {
    r"B<\%export activities> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--format> B<\%csv>|B<json>] \%[B<--bom>]":
        r"B<\%export activities> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--format> B<\%csv>|B<json>] \%[B<--bom>]",
    "One row per activity (help session or workshop held) with every field guichet holds, codes and labels side by side, in the vocabulary of the national report: CSV by default, or one JSON document.":
        "Une ligne par activité (accompagnement individuel ou atelier tenu) avec tout ce que "
        "guichet garde, codes et libellés côte à côte, dans le vocabulaire du compte-rendu "
        "national\u00a0: CSV par défaut, ou un document JSON.",
    r"B<\%export coop> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--format> B<\%csv>|B<json>] \%[B<--bom>]":
        r"B<\%export coop> \%[B<--from> I<DATE>] \%[B<--to> I<DATE>] \%[B<--period> I<P>] \%[B<--format> B<\%csv>|B<json>] \%[B<--bom>]",
    r"The activities in the layout of the \(lqAccompagnements\(rq export of La Coop de la médiation numérique, the national tool: its columns, in its order, with its French headers and labels; one row per person helped (a workshop has one per participant, named or not).":
        "Les activités dans la présentation de l’export «\u00a0Accompagnements\u00a0» de La Coop "
        "de la médiation numérique, l’outil national\u00a0: ses colonnes, dans son ordre, avec ses "
        "en-têtes et ses libellés en français\u202f; une ligne par personne accompagnée (un "
        "atelier en a une par participant, nommé ou non).",
}
