# French for the messages of branch i17-fixcommune, to merge into po/fr.po after `make po`.
NBSP = "\u00a0"   # before ':' and inside « »
NNBSP = "\u202f"  # before ; ! ? and %

T = {
    "kept as saved (no longer in the table of communes)":
        "gardée telle qu’enregistrée (plus dans la table des communes)",
    "%s, line %d: %s": "%s, ligne %d" + NBSP + ": %s",
    "the commune's name is missing": "le nom de la commune manque",
    "the name is not UTF-8 text (a file saved as Latin-1 or Windows-1252?): save the list as UTF-8":
        "le nom n’est pas du texte UTF-8 (fichier enregistré en Latin-1 ou Windows-1252" + NNBSP +
        "?)" + NBSP + ": enregistrez la liste en UTF-8",
    "the name holds a control character (U+%04X)":
        "le nom contient un caractère de contrôle (U+%04X)",
    "the name holds an invisible direction mark (U+%04X)":
        "le nom contient une marque de direction invisible (U+%04X)",
    "the name is %zu characters long, at most %d":
        "le nom compte %zu caractères, %d au plus",
    "more than 3 fields; expected a postal code, an INSEE code and a commune name, separated by tabs":
        "plus de 3 champs" + NNBSP + "; il faut un code postal, un code INSEE et un nom de commune, "
        "séparés par des tabulations",
    "a field is missing; expected a postal code, an INSEE code and a commune name, separated by tabs":
        "il manque un champ" + NNBSP + "; il faut un code postal, un code INSEE et un nom de commune, "
        "séparés par des tabulations",
    "two fields are missing; expected a postal code, an INSEE code and a commune name, separated by tabs":
        "il manque deux champs" + NNBSP + "; il faut un code postal, un code INSEE et un nom de "
        "commune, séparés par des tabulations",
    "postal code %s does not go with INSEE code \"%s\"; its communes: %s":
        "le code postal %s ne correspond pas au code INSEE «" + NBSP + "%s" + NBSP + "»" + NNBSP +
        "; ses communes" + NBSP + ": %s",
    "postal code %s does not go with commune \"%s\"; its communes: %s":
        "le code postal %s ne correspond pas à la commune «" + NBSP + "%s" + NBSP + "»" + NNBSP +
        "; ses communes" + NBSP + ": %s",
}
# "Yes" and "No" of export activities' oriented and already_helped are already in po/fr.po
# (Oui, Non).
