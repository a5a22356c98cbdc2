T = {
    "--output: %s is a terminal: an Excel file is not shown on one; give a file name":
        "--output\u00a0: %s est un terminal\u00a0: un fichier Excel ne s’y affiche pas\u202f; donnez un nom de fichier",
}
