# French for the messages of branch i17-fixoutput, to merge into po/fr.po after `make po`.
NBSP = "\u00a0"   # before ':' and inside « »
NNBSP = "\u202f"  # before ; ! ? and %

T = {
    "--output: %s is a symbolic link: guichet does not write through one; give the file itself":
        "--output" + NBSP + ": %s est un lien symbolique" + NBSP + ": guichet n’écrit pas à travers"
        " un lien" + NNBSP + "; indiquez le fichier lui-même",
    "--output: %s exists and is not a regular file":
        "--output" + NBSP + ": %s existe et n’est pas un fichier ordinaire",
    "--output: %s is the database, one of its files or in its backups folder: guichet does not write there":
        "--output" + NBSP + ": %s est la base de données, l’un de ses fichiers ou se trouve dans son"
        " dossier de sauvegardes" + NBSP + ": guichet n’y écrit pas",
    "--output: %s is a database (a backup?): guichet does not write over it":
        "--output" + NBSP + ": %s est une base de données (une sauvegarde" + NNBSP + "?)" + NBSP
        + ": guichet n’écrit pas par-dessus",
    "--output: the file name is empty":
        "--output" + NBSP + ": le nom de fichier est vide",
    "--format: unknown format \"%s\" (valid: csv, json, xlsx)":
        "--format" + NBSP + ": format inconnu «" + NBSP + "%s" + NBSP + "» (valides" + NBSP
        + ": csv, json, xlsx)",
}
