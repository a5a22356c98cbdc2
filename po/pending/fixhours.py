# French for the messages of the fixhours branch (merged into po/fr.po by make po).
T = {
    "Closed; opens on %1$s %2$s %3$s at %4$s": "Fermé\u202f; ouvre le %1$s %2$s %3$s à %4$s",
    "day out of range: Feb has 28 or 29 days": "jour hors limites\xa0: février a 28 ou 29 jours",
    "day out of range: %1$s has %2$d days": "jour hors limites\xa0: %1$s a %2$d jours",
    "an offset from easter is at most 200 days": "un décalage par rapport à Pâques (easter) est de 200 jours au plus",
    "offsets of public holidays are not understood": "les décalages par rapport aux jours fériés ne sont pas compris",
    "offsets of weekdays are not understood": "les décalages par rapport aux jours de la semaine ne sont pas compris",
    "the nth weekday is between -5 and 5 (not 0)": "le rang du jour de la semaine est compris entre -5 et 5 (sauf 0)",
    "a list of months may not go on with a year or easter": "une liste de mois ne peut pas se poursuivre par une année ni par easter",
}
