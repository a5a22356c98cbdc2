# French translations of the msgids added by branch i18-choice (issue 18), to be merged
# into po/fr.po: the partner found by typing on the policy form, Home and End in the
# lists, both daily helpers' failures said together.
T = {
    'Home': 'Début',
    'End': 'Fin',
    'First': 'Premier',
    'Last': 'Dernier',
    'Go to the first row of the list (of those the search finds).': 'Aller à la première ligne de la liste (de celles que trouve la recherche).',
    'Go to the last row of the list (of those the search finds).': 'Aller à la dernière ligne de la liste (de celles que trouve la recherche).',
    'No partner': 'Aucun partenaire',
    'On the partner: send people to no partner (type letters of a name, a commune or what they handle to find one; Up and Down choose, Enter takes it, Esc keeps the former one).': 'Sur le partenaire\xa0: n’orienter vers aucun partenaire (tapez des lettres d’un nom, d’une commune ou de ce qu’il traite pour en trouver un\u202f; Haut et Bas choisissent, Entrée le retient, Échap garde le précédent).',
    'Nothing matches.': 'Rien ne correspond.',
    'Type to find; Up and Down choose, Enter takes it, Esc keeps the former choice.': 'Tapez pour chercher\u202f; Haut et Bas choisissent, Entrée retient, Échap garde le choix précédent.',
    "Type a few letters of the partner's name, commune or what they handle to find where people are sent; Delete leaves none.": 'Tapez quelques lettres du nom, de la commune ou de ce que traite le partenaire pour trouver où orienter les personnes\u202f; Supprimer n’en laisse aucun.',
    '%s; %s': '%s\u202f; %s',
}
