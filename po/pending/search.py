# French for the messages of branch i18-search (issue 18, the history's search index); the lead
# merges them into po/fr.po.
T = {
    "the history's search index differs from session %lld":
        "l’index de recherche de l’historique diffère de l’accompagnement %lld",
    "the history's search index differs from the sessions' texts":
        "l’index de recherche de l’historique diffère des textes des accompagnements",
}
