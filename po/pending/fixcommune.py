T = {
    "kept as saved (no longer in the table of communes)": "gardée telle qu’enregistrée (plus dans la table des communes)",
}
