T = {
    "a write of the batch failed half-way: nothing of the batch was written":
        "une écriture du lot a échoué en cours de route\u00a0: rien du lot n’a été écrit",
}
