# French for the messages of branch i17-commune (commune of residence and "already helped"), to
# merge into po/fr.po after `make po`. MAN: the same for po/man/fr.po (the paragraphs of
# doc/guichet.1 that changed or are new; msgids as po4a writes them, unescaped).
NBSP = "\u00a0"   # before ':' and inside « »
NNBSP = "\u202f"  # before ; ! ? and %

T = {
    # session form, booking, listings
    "Already helped": "Déjà accompagné",
    "Already helped:": "Déjà accompagné" + NBSP + ":",
    "Commune:": "Commune" + NBSP + ":",
    "INSEE code": "Code INSEE",
    "New (not helped before)": "Nouveau (jamais accompagné)",
    "Returning (helped before)": "Déjà accompagné auparavant",
    "New and returning people": "Personnes nouvelles et déjà accompagnées",
    "Sessions by commune of residence": "Accompagnements par commune de résidence",
    "Workshop participants by commune of residence":
        "Participants aux ateliers par commune de résidence",
    "postal code or name": "code postal ou nom",
    "postal code or name; Ctrl+R: the last ones":
        "code postal ou nom" + NNBSP + "; Ctrl+R" + NBSP + ": les dernières",
    "not in the table of communes": "absente de la table des communes",
    "table of communes missing": "table des communes manquante",
    "\u2192 %s %s (%zu/%zu%s, PgDn: next)": "\u2192 %s %s (%zu/%zu%s, PgSuiv" + NBSP + ": suivante)",
    "No commune was given with a session at this desk yet.":
        "Aucune commune n’a encore été donnée avec un accompagnement à ce guichet.",
    "%s: \"%s\" is not in the table of communes":
        "%s" + NBSP + ": «" + NBSP + "%s" + NBSP + "» n’est pas dans la table des communes",
    # keys (action table, help screen)
    "Ctrl+R": "Ctrl+R",
    "Last communes": "Dernières communes",
    "Commune of residence: the last one given at this desk; again, the one before (the last 5).":
        "Commune de résidence" + NBSP + ": la dernière donnée à ce guichet" + NNBSP
        + "; encore, celle d’avant (les 5 dernières).",
    "Next commune": "Commune suivante",
    "Previous commune": "Commune précédente",
    "In the commune field: the next commune matching what is typed (PgUp: the one before).":
        "Dans le champ commune" + NBSP + ": la commune suivante parmi celles qui correspondent "
        "à la saisie (PgPréc" + NBSP + ": la précédente).",
    "In the commune field: the previous commune matching what is typed.":
        "Dans le champ commune" + NBSP + ": la commune précédente parmi celles qui correspondent "
        "à la saisie.",
    # the table and its checks (src/commune.c)
    "%s, line %d: expected a postal code of 5 digits, an INSEE code and a commune name, "
    "separated by tabs":
        "%s, ligne %d" + NBSP + ": il faut un code postal de 5 chiffres, un code INSEE et un nom "
        "de commune, séparés par des tabulations",
    "%s: expected yes or no, not \"%s\"":
        "%s" + NBSP + ": il faut yes ou no (oui ou non), pas «" + NBSP + "%s" + NBSP + "»",
    "INSEE code \"%s\" is not in the table of communes":
        "le code INSEE «" + NBSP + "%s" + NBSP + "» n’est pas dans la table des communes",
    "INSEE code \"%s\": expected 5 characters, e.g. 51454 or 2A004":
        "code INSEE «" + NBSP + "%s" + NBSP + "»" + NBSP + ": il faut 5 caractères, par exemple "
        "51454 ou 2A004",
    "INSEE code %s is not the commune \"%s\"":
        "le code INSEE %s n’est pas celui de la commune «" + NBSP + "%s" + NBSP + "»",
    "commune": "commune",
    "commune \"%s\" is not in the table of communes":
        "la commune «" + NBSP + "%s" + NBSP + "» n’est pas dans la table des communes",
    "postal code": "code postal",
    "postal code \"%s\" is not in the table of communes":
        "le code postal «" + NBSP + "%s" + NBSP + "» n’est pas dans la table des communes",
    "postal code \"%s\": expected 5 digits, e.g. 51100":
        "code postal «" + NBSP + "%s" + NBSP + "»" + NBSP + ": il faut 5 chiffres, par exemple 51100",
    "postal code %s does not go with %s \"%s\"; its communes: %s":
        "le code postal %1$s ne correspond pas à «" + NBSP + "%3$s" + NBSP + "» (%2$s)" + NNBSP
        + "; ses communes" + NBSP + ": %4$s",
    "postal code %s has several communes; give the commune or the INSEE code: %s":
        "le code postal %s a plusieurs communes" + NNBSP + "; donnez la commune ou le code INSEE"
        + NBSP + ": %s",
    "several communes are called \"%s\"; give the postal code or the INSEE code: %s":
        "plusieurs communes s’appellent «" + NBSP + "%s" + NBSP + "»" + NNBSP
        + "; donnez le code postal ou le code INSEE" + NBSP + ": %s",
    "the site's list of communes": "la liste des communes du site",
    "the table of communes is empty": "la table des communes est vide",
    # command line
    "log --theme CODE[,CODE…] --duration MINUTES [--at \"YYYY-MM-DD HH:MM\"] [--place CODE]\n"
    "      [--demarche CODE[,…]] [--procedure TEXT] [--material CODE[,…]] [--autonomy CODE]\n"
    "      [--age CODE] [--status CODE] [--gender CODE] [--redirect CATEGORY] [--note TEXT]\n"
    "      [--operator NAME] [--site NAME] [--postal-code CODE] [--commune NAME]\n"
    "      [--insee CODE] [--already-helped yes|no]":
        "log --theme CODE[,CODE…] --duration MINUTES [--at \"AAAA-MM-JJ HH:MM\"] [--place CODE]\n"
        "      [--demarche CODE[,…]] [--procedure TEXTE] [--material CODE[,…]] [--autonomy CODE]\n"
        "      [--age CODE] [--status CODE] [--gender CODE] [--redirect CATÉGORIE] [--note TEXTE]\n"
        "      [--operator NOM] [--site NOM] [--postal-code CODE] [--commune NOM]\n"
        "      [--insee CODE] [--already-helped yes|no]",
    "workshop book ID --name NAME [--phone P] [--email E] [--postal-code CODE]\n"
    "      [--commune NAME] [--insee CODE] [--already-helped yes|no]":
        "workshop book ID --name NOM [--phone TÉL] [--email COURRIEL] [--postal-code CODE]\n"
        "      [--commune NOM] [--insee CODE] [--already-helped yes|no]",
    "the table of communes of residence: look one up, or use the site's own list":
        "la table des communes de résidence" + NBSP + ": en chercher une, ou utiliser la liste "
        "propre au site",
    "commune find POSTAL-CODE|NAME [--format table|csv|json]":
        "commune find CODE-POSTAL|NOM [--format table|csv|json]",
    "the communes with this postal code, or whose name starts so (accents and case ignored)":
        "les communes de ce code postal, ou dont le nom commence ainsi (sans tenir compte des "
        "accents ni des majuscules)",
    "commune import FILE [--dry-run]": "commune import FICHIER [--dry-run]",
    "use the site's own list of communes (postal code, INSEE code, name, tab-separated) instead "
    "of the one shipped":
        "utiliser la liste de communes propre au site (code postal, code INSEE, nom, séparés par "
        "des tabulations) au lieu de celle fournie",
    "commune reset": "commune reset",
    "go back to the table of communes shipped with guichet":
        "revenir à la table des communes fournie avec guichet",
    "expected a postal code or the start of a name":
        "il faut un code postal ou le début d’un nom",
    "%s holds a NUL byte: not a list of communes":
        "%s contient un octet NUL" + NBSP + ": ce n’est pas une liste de communes",
    "%s lists no commune": "%s ne donne aucune commune",
    "%zu line of communes imported: the site's own list is used now.\n":
        ["%zu ligne de communes importée" + NBSP + ": la liste propre au site est utilisée désormais.\n",
         "%zu lignes de communes importées" + NBSP + ": la liste propre au site est utilisée désormais.\n"],
    "%zu line of communes is valid; nothing was imported (--dry-run).\n":
        ["%zu ligne de communes est valide" + NNBSP + "; rien n’a été importé (--dry-run).\n",
         "%zu lignes de communes sont valides" + NNBSP + "; rien n’a été importé (--dry-run).\n"],
    "The table of communes shipped with guichet is used now.":
        "La table des communes fournie avec guichet est utilisée désormais.",
}

MAN = {
    "Record one help session and print its number.  The other fields are optional: "
    "B<\\%--at> \"I<YYYY-MM-DD HH:MM>\" (by default, now), B<\\%--place>, B<\\%--demarche>, "
    "B<\\%--procedure> I<TEXT>, B<\\%--material>, B<\\%--autonomy>, B<\\%--age>, "
    "B<\\%--status>, B<\\%--gender>, B<\\%--redirect> I<CATEGORY>, B<\\%--note> I<TEXT>, "
    "B<\\%--operator> I<NAME>, B<\\%--site> I<NAME>, the commune of residence "
    "B<\\%--postal-code> I<CODE>, B<\\%--commune> I<NAME> and B<\\%--insee> I<CODE>, and "
    "B<\\%--already-helped> B<\\%yes>|B<no>.  The commune is checked against the table of "
    "communes: a postal code of one commune is enough, a postal code of several needs the name "
    "or the INSEE code, and the name is found without its accents.  An unknown code, a duration "
    "that is not 1 to 1440 whole minutes, a date in the future or before 2000 is refused with "
    "the field named, and nothing is written.  Operators and sites are created on first use of "
    "their name.":
        "Enregistrer un accompagnement et afficher son numéro. Les autres champs sont "
        "facultatifs" + NBSP + ": B<\\%--at> \"I<AAAA-MM-JJ HH:MM>\" (par défaut, maintenant), "
        "B<\\%--place>, B<\\%--demarche>, B<\\%--procedure> I<TEXTE>, B<\\%--material>, "
        "B<\\%--autonomy>, B<\\%--age>, B<\\%--status>, B<\\%--gender>, B<\\%--redirect> "
        "I<CATÉGORIE>, B<\\%--note> I<TEXTE>, B<\\%--operator> I<NOM>, B<\\%--site> I<NOM>, la "
        "commune de résidence B<\\%--postal-code> I<CODE>, B<\\%--commune> I<NOM> et "
        "B<\\%--insee> I<CODE>, et B<\\%--already-helped> B<\\%yes>|B<no>. La commune est "
        "vérifiée dans la table des communes" + NBSP + ": le code postal d’une seule commune "
        "suffit, celui de plusieurs demande le nom ou le code INSEE, et le nom est trouvé sans "
        "ses accents. Un code inconnu, une durée qui n’est pas un nombre entier de minutes de 1 "
        "à 1" + NNBSP + "440, une date à venir ou antérieure à 2000 sont refusés, le champ en "
        "cause nommé, et rien n’est écrit. Les agents et les sites sont créés à la première "
        "utilisation de leur nom.",
    "B<\\%commune find> I<POSTAL-CODE>|I<NAME> \\%[B<--format> B<\\%table>|B<csv>|B<json>]":
        "B<\\%commune find> I<CODE-POSTAL>|I<NOM> \\%[B<--format> B<\\%table>|B<csv>|B<json>]",
    "The communes with this postal code, or whose name starts so (accents and case ignored), "
    "with their INSEE code.":
        "Les communes de ce code postal, ou dont le nom commence ainsi (sans tenir compte des "
        "accents ni des majuscules), avec leur code INSEE.",
    "B<\\%commune import> I<FILE> \\%[B<--dry-run>]":
        "B<\\%commune import> I<FICHIER> \\%[B<--dry-run>]",
    "Use the site's own list of communes instead of the table shipped: one line per commune "
    "and postal code, postal code, INSEE code and name separated by tabs, \\(aq#\\(aq starting "
    "a comment.":
        "Utiliser la liste de communes propre au site au lieu de la table fournie" + NBSP + ": "
        "une ligne par commune et code postal, code postal, code INSEE et nom séparés par des "
        "tabulations, \\(aq#\\(aq commençant un commentaire.",
    "B<\\%commune reset>": "B<\\%commune reset>",
    "Go back to the table of communes shipped with guichet.":
        "Revenir à la table des communes fournie avec guichet.",
    "Book a seat, or a place on the waitlist, and print the registration number.  A person "
    "already known is found again rather than entered twice.  Giving a phone or an e-mail "
    "address records consent to be contacted.  The commune of residence, given with "
    "B<\\%--postal-code>, B<\\%--commune> and B<\\%--insee> as for B<log>, is kept on the "
    "person's record, with their other personal data; B<\\%--already-helped> B<\\%yes>|B<no> "
    "on the booking.":
        "Inscrire une personne sur une place, ou en liste d’attente, et afficher le numéro "
        "d’inscription. Une personne déjà connue est retrouvée plutôt que saisie deux fois. "
        "Donner un téléphone ou une adresse électronique enregistre son consentement à être "
        "contactée. La commune de résidence, donnée par B<\\%--postal-code>, B<\\%--commune> et "
        "B<\\%--insee> comme pour B<log>, est gardée sur la fiche de la personne, avec ses autres "
        "données personnelles" + NNBSP + "; B<\\%--already-helped> B<\\%yes>|B<no> sur "
        "l’inscription.",
}
