# French translations of the messages added by branch i18-partners (issue 18: the partner
# directory's search as you type at 100,000 places), for the lead to merge into po/fr.po.
# The two "%s+ of %s partner(s)" entries are one ngettext message: msgid and
# msgid_plural, msgstr[0] and msgstr[1] (the format of "%s of %s partner(s)", 5982 of fr.po).
T = {
    "the partner directory's search index differs from partner %lld":
        "l’index de recherche de l’annuaire des partenaires diffère du partenaire %lld",
    "the partner directory's search index differs from the partners' texts":
        "l’index de recherche de l’annuaire des partenaires diffère des textes des partenaires",
    "%s+ of %s partner":
        "%s+ sur %s partenaire",
    "%s+ of %s partners":
        "%s+ sur %s partenaires",
}
