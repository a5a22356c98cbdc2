T = {
    "report counts differ from the registrations of workshop %lld":
        "les comptes du rapport diffèrent des inscriptions de l’atelier %lld",
}
