T = {
    "day out of range: February has 28 or 29 days": "jour hors limites\u00a0: février a 28 ou 29 jours",
    "Closed; opens on %1$s %2$s %3$s %4$d at %5$s": "Fermé\u202f; ouvre le %1$s %2$s %3$s %4$d à %5$s",
    "%s, closing time not given": "%s, fermeture non précisée",
    "Not understood by guichet; open or closed: unknown": "Pas compris par guichet\u202f; ouvert ou fermé\u00a0: inconnu",
    "%1$s: \"%2$s\" does not exist in %3$s: the clocks go forward over it": "%1$s\u00a0: «\u00a0%2$s\u00a0» n’existe pas dans le fuseau %3$s\u00a0: les horloges sautent cette heure en avançant",
}
