# French for the place standard's messages (issue 17, branch i17-place): normalisation, SIRET,
# presentations, import and export messages. U+00A0 before ':' and inside « », U+202F before ; ! ?
T = {
    # src/mednum.c: the form each field expects, in words
    "a SIRET (14 digits, such as 434 933 123 00029) or an RNA number (W and 9 digits, such as W511000123)":
        "un SIRET (14 chiffres, comme 434 933 123 00029) ou un numéro RNA (W et 9 chiffres, comme W511000123)",
    "5 digits, such as 51100": "5 chiffres, comme 51100",
    "the 5 characters of an INSEE code: the département (01 to 95, 2A or 2B) and the commune, such as 51454":
        "les 5 caractères d’un code INSEE\u00a0: le département (01 à 95, 2A ou 2B) et la commune, comme 51454",
    "10 digits such as 03 26 11 22 33 or +33 3 26 11 22 33 (overseas: +262, +269, +508, +590, +594, +596, +681, +687 or +689 and 6 to 9 digits)":
        "10 chiffres comme 03 26 11 22 33 ou +33 3 26 11 22 33 (outre-mer\u00a0: +262, +269, +508, +590, +594, +596, +681, +687 ou +689 et 6 à 9 chiffres)",
    "an e-mail address such as accueil@mairie.fr, several separated by |":
        "une adresse électronique comme accueil@mairie.fr, plusieurs séparées par |",
    "a website address such as https://www.mairie.fr, several separated by |":
        "une adresse de site comme https://www.mairie.fr, plusieurs séparées par |",
    "a number such as 49.2583": "un nombre comme 49.2583",
    "a number such as 4.0317": "un nombre comme 4.0317",
    "a date such as 2024-04-02": "une date comme 2024-04-02",
    "one or more of these, separated by |: %s": "une ou plusieurs de ces valeurs, séparées par |\u00a0: %s",
    "; expected %s": "\u202f; attendu\u00a0: %s",
    # src/mednum.c: normalisation refused
    "%s: \"%s\" is not a phone number; expected 10 digits such as 03 26 11 22 33 or +33 3 26 11 22 33":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas un numéro de téléphone\u202f; attendu\u00a0: 10 chiffres comme 03 26 11 22 33 ou +33 3 26 11 22 33",
    "%s: \"%s\" is not a French number; the place standard takes +33 and the overseas codes +262, +269, +508, +590, +594, +596, +681, +687 and +689":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas un numéro français\u202f; le standard des lieux accepte +33 et les indicatifs d’outre-mer +262, +269, +508, +590, +594, +596, +681, +687 et +689",
    "%s: \"%s\" is not an e-mail address; expected an address such as accueil@mairie.fr, several separated by |":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas une adresse électronique\u202f; attendu\u00a0: une adresse comme accueil@mairie.fr, plusieurs séparées par |",
    "%s: \"%s\" is not a website address; expected an address such as https://www.mairie.fr, several separated by |":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas une adresse de site\u202f; attendu\u00a0: une adresse comme https://www.mairie.fr, plusieurs séparées par |",
    "%s: \"%s\" is not a valid SIRET: its check digit is wrong (a digit mistyped?)":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas un SIRET valide\u00a0: sa clé de contrôle ne correspond pas (un chiffre mal tapé\u202f?)",
    "%s: \"%s\" is neither a SIRET nor an RNA number; expected 14 digits such as 434 933 123 00029 (SIRET) or W and 9 digits such as W511000123 (RNA)":
        "%s\u00a0: «\u00a0%s\u00a0» n’est ni un SIRET ni un numéro RNA\u202f; attendu\u00a0: 14 chiffres comme 434 933 123 00029 (SIRET) ou W et 9 chiffres comme W511000123 (RNA)",
    "%s: \"%s\" is not a postal code; expected 5 digits such as 51100":
        "%s\u00a0: «\u00a0%s\u00a0» n’est pas un code postal\u202f; attendu\u00a0: 5 chiffres comme 51100",
    "the standard requires what is missing or not in its form: %s":
        "le standard exige ce qui manque ou n’est pas sous sa forme\u00a0: %s",
    # src/cli_orient.c
    "SIRET or RNA:": "SIRET ou RNA\u00a0:",
    "Presentation:": "Présentation\u00a0:",
    "partner %lld (%s) left out: %s": "partenaire %lld (%s) laissé de côté\u00a0: %s",
    "partner %lld (%s): not in the standard's form, left out of the export: %s":
        "partenaire %lld (%s)\u00a0: pas sous la forme du standard, laissé hors de l’export\u00a0: %s",
    "%d partner left out: the standard needs a SIRET or RNA (partner edit ID --siret), a name, an address, a postal code and a commune.\n": [
        "%d partenaire laissé de côté\u00a0: le standard demande un SIRET ou RNA (partner edit ID --siret), un nom, une adresse, un code postal et une commune.\n",
        "%d partenaires laissés de côté\u00a0: le standard demande un SIRET ou RNA (partner edit ID --siret), un nom, une adresse, un code postal et une commune.\n",
    ],
    "guichet %s: %d record is not valid: nothing was imported.\n": [
        "guichet %s\u00a0: %d enregistrement n’est pas valide\u00a0: rien n’a été importé.\n",
        "guichet %s\u00a0: %d enregistrements ne sont pas valides\u00a0: rien n’a été importé.\n",
    ],
    "partner add --name NAME [--typology CODES] [--category CODE] [--address A]\n"
    "      [--address-extra A] [--postal-code P] [--commune C] [--phone P] [--email E|E]\n"
    "      [--website URL] [--hours \"Mo-Fr 09:00-12:00\"] [--access CODES] [--handles TEXT]\n"
    "      [--notes TEXT] [--siret SIRET|RNA]":
        "partner add --name NOM [--typology CODES] [--category CODE] [--address A]\n"
        "      [--address-extra A] [--postal-code CP] [--commune C] [--phone TÉL] [--email C|C]\n"
        "      [--website URL] [--hours \"Mo-Fr 09:00-12:00\"] [--access CODES] [--handles TEXTE]\n"
        "      [--notes TEXTE] [--siret SIRET|RNA]",
    # ui/screen_partner_form.c
    "SIRET or RNA": "SIRET ou RNA",
    "The place's SIRET (14 digits) or, for an association, its RNA number (W and 9 digits): the place standard needs it.":
        "Le SIRET du lieu (14 chiffres) ou, pour une association, son numéro RNA (W et 9 chiffres)\u00a0: le standard des lieux l’exige.",
}
