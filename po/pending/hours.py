# French translations of the messages issue 17's opening hours (branch i17-hours) adds or
# changes. Typography of domain.md §7: U+00A0 before ":" and inside « », U+202F before ; ! ? %.
T = {
    "opening hours \"%s\": a comment is not closed by \"":
        "horaires «\u00a0%s\u00a0»\u00a0: un commentaire n’est pas fermé par \"",
    "opening hours \"%s\": a comment may not hold control characters":
        "horaires «\u00a0%s\u00a0»\u00a0: un commentaire ne peut pas contenir de caractères de contrôle",
    "opening hours \"%s\": \"%.*s\" is not understood":
        "horaires «\u00a0%s\u00a0»\u00a0: «\u00a0%.*s\u00a0» n’est pas compris",
    "opening hours \"%s\": %s at the end":
        "horaires «\u00a0%s\u00a0»\u00a0: %s à la fin",
    "opening hours \"%s\": \"%.*s\": %s":
        "horaires «\u00a0%s\u00a0»\u00a0: «\u00a0%.*s\u00a0»\u00a0: %s",
    "opening hours \"%s\": empty": "horaires «\u00a0%s\u00a0»\u00a0: vides",
    "school holidays (SH) are not understood":
        "les vacances scolaires (SH) ne sont pas comprises",
    "a weekday (Mo, Tu, We, Th, Fr, Sa, Su) was expected":
        "un jour de la semaine (Mo, Tu, We, Th, Fr, Sa, Su) était attendu",
    "the nth weekday is 1 to 5 or -1 to -5":
        "le rang du jour dans le mois va de 1 à 5 ou de -1 à -5",
    "\"]\" was expected": "«\u00a0]\u00a0» était attendu",
    "day offsets are not understood": "les décalages de jours ne sont pas compris",
    "a weekday range must end with a weekday":
        "une plage de jours doit finir par un jour de la semaine",
    "an offset of days was expected": "un décalage en jours était attendu",
    "a month (Jan … Dec) was expected": "un mois (Jan … Dec) était attendu",
    "a day of the month was expected": "un jour du mois était attendu",
    "not a day of that month": "ce n’est pas un jour de ce mois",
    "a year like 2026 was expected": "une année comme 2026 était attendue",
    "a range of years must go forward": "une plage d’années doit aller en avant",
    "a period of years is 2 or more": "une période d’années vaut 2 ou plus",
    "open-ended years are not understood": "les années sans fin ne sont pas comprises",
    "a range of days must go forward": "une plage de jours doit aller en avant",
    "both ends of a date range need a year":
        "les deux bouts d’une plage de dates demandent une année",
    "a range from or to easter is not understood":
        "une plage qui part de Pâques ou y mène n’est pas comprise",
    "periods of days are not understood": "les périodes de jours ne sont pas comprises",
    "a week number (1 to 53) was expected": "un numéro de semaine (1 à 53) était attendu",
    "a period of weeks is 2 or more": "une période de semaines vaut 2 ou plus",
    "a time like 09:00 was expected": "une heure comme 09:00 était attendue",
    "not a time of day": "ce n’est pas une heure de la journée",
    "sunrise and sunset times are not understood":
        "les heures du lever et du coucher du soleil ne sont pas comprises",
    "a time range like 09:00-12:00 was expected":
        "une plage horaire comme 09:00-12:00 était attendue",
    "a time range may not pass two midnights":
        "une plage horaire ne peut pas passer deux minuits",
    "periods of time are not understood": "les périodes de temps ne sont pas comprises",
    "an open end past midnight is not understood":
        "une fin ouverte après minuit n’est pas comprise",
    "nothing may follow the state of a rule": "rien ne peut suivre l’état d’une règle",
    "not understood": "pas compris",
    "not understood here": "pas compris ici",
    "\"||\" needs a rule before it": "«\u00a0||\u00a0» demande une règle avant lui",
    "closing time not given": "heure de fermeture non précisée",
    "Open or closed: unknown": "Ouvert ou fermé\u00a0: inconnu",
    "public holiday": "jour férié",
    "unknown": "inconnu",
    "not understood by guichet; open or closed: unknown":
        "pas compris par guichet\u202f; ouvert ou fermé\u00a0: inconnu",
    "the weekday of a month takes one number, as in Jan Fr[1]":
        "le jour de la semaine d’un mois prend un seul nombre, comme dans Jan Fr[1]",
}
