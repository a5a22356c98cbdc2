# French for the messages of branch i17-fixmisc2, to merge into po/fr.po after `make po`.
NBSP = "\u00a0"   # before ':' and inside « »
NNBSP = "\u202f"  # before ; ! ? and %

T = {
    "%s: \"%s\": write the domain without accents, in its xn-- form "
    "(médiathèque.fr is xn--mdiathque-53af.fr)":
        "%s" + NBSP + ": «" + NBSP + "%s" + NBSP + "»" + NBSP + ": écrivez le domaine sans accents, "
        "sous sa forme xn-- (médiathèque.fr s’écrit xn--mdiathque-53af.fr)",
    "a byte order mark (U+FEFF, invisible) in the middle of the text; "
    "save the list as UTF-8 without it":
        "une marque d’ordre des octets (U+FEFF, invisible) au milieu du texte" + NNBSP + "; "
        "enregistrez la liste en UTF-8 sans elle",
    "%s, lines %d and %d: INSEE code %s is named \"%s\" on one and \"%s\" on the other; "
    "one INSEE code is one commune: give it the same name on each of its lines":
        "%s, lignes %d et %d" + NBSP + ": le code INSEE %s est nommé «" + NBSP + "%s" + NBSP +
        "» sur l’une et «" + NBSP + "%s" + NBSP + "» sur l’autre" + NNBSP + "; un code INSEE est "
        "une commune" + NBSP + ": donnez-lui le même nom sur chacune de ses lignes",
}
