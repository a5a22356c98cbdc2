# French for the new msgids of branch i18-keys (issue 18: the desk's keys at a million
# sessions), for the lead to merge into po/fr.po.
T = {
    "Today's purge failed: %s": "La purge du jour a échoué : %s",
    "the purge process ended abnormally": "la purge s’est arrêtée anormalement",
    "Finishing today's purge…": "Fin de la purge du jour…",
}
