# French for the messages of the i18-integrity branch (merged into po/fr.po by the lead).
T = {
    'schema: the table "%s" is missing': 'schéma\xa0: la table «\xa0%s\xa0» manque',
    'schema: the table "%s" is not one guichet creates': 'schéma\xa0: la table «\xa0%s\xa0» n’est pas de celles que crée guichet',
    'schema: the table "%s" differs from the one guichet creates': 'schéma\xa0: la table «\xa0%s\xa0» diffère de celle que crée guichet',
    'schema: the index "%s" is missing': 'schéma\xa0: l’index «\xa0%s\xa0» manque',
    'schema: the index "%s" is not one guichet creates': 'schéma\xa0: l’index «\xa0%s\xa0» n’est pas de ceux que crée guichet',
    'schema: the index "%s" differs from the one guichet creates': 'schéma\xa0: l’index «\xa0%s\xa0» diffère de celui que crée guichet',
    'schema: the trigger "%s" is missing': 'schéma\xa0: le déclencheur «\xa0%s\xa0» manque',
    'schema: the trigger "%s" is not one guichet creates': 'schéma\xa0: le déclencheur «\xa0%s\xa0» n’est pas de ceux que crée guichet',
    'schema: the trigger "%s" differs from the one guichet creates': 'schéma\xa0: le déclencheur «\xa0%s\xa0» diffère de celui que crée guichet',
    'schema: the view "%s" is missing': 'schéma\xa0: la vue «\xa0%s\xa0» manque',
    'schema: the view "%s" is not one guichet creates': 'schéma\xa0: la vue «\xa0%s\xa0» n’est pas de celles que crée guichet',
    'schema: the view "%s" differs from the one guichet creates': 'schéma\xa0: la vue «\xa0%s\xa0» diffère de celle que crée guichet',
    'cannot build the reference schema: %s': 'impossible de construire le schéma de référence\xa0: %s',
    'its schema or its report counts are not those guichet keeps, as listed above': 'son schéma ou les comptes de son rapport ne sont pas ceux que tient guichet, voir ci-dessus',
    '%s is damaged (%s): guichet does not back it up, and the earlier copies are kept; guichet check lists what differs': '%s est endommagée (%s)\xa0: guichet ne la sauvegarde pas et garde les copies précédentes\u202f; guichet check liste ce qui diffère',
    "Today's backup is already written: %s\n": 'La sauvegarde du jour est déjà faite\xa0: %s\n',
}
