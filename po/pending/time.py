# French for the messages of branch i17-time (time zones and the calendar), to merge into
# po/fr.po after `make po`. MAN: the same for po/man/fr.po (the paragraphs of doc/guichet.1 that
# changed or are new; msgids as po4a writes them, unescaped).
T = {
    "the library's sites: time zone, e-mail address for calendars":
        "les sites de la médiathèque\u00a0: fuseau horaire, adresse de courriel des agendas",
    "Time zone": "Fuseau horaire",
    "Time zone:": "Fuseau horaire\u00a0:",
    "(← → to change)": "(← → pour changer)",
    "site": "site",
    "unknown time zone: %s": "fuseau horaire inconnu\u00a0: %s",
    "unknown time zone: %s; one of: %s":
        "fuseau horaire inconnu\u00a0: %s\u202f; l’un de ceux-ci\u00a0: %s",
    "no e-mail": "pas de courriel",
    "%s: %s, %s": "%s\u00a0: %s, %s",
    "expected one site name": "un nom de site est attendu",
    "site list [--format table|csv|json]": "site list [--format table|csv|json]",
    "the sites, with their time zone and e-mail address":
        "les sites, avec leur fuseau horaire et leur adresse de courriel",
    "site set NAME [--zone ZONE] [--email ADDRESS]":
        "site set NOM [--zone FUSEAU] [--email ADRESSE]",
    "set a site's time zone (Europe/Paris, or an overseas zone) or the e-mail address its "
    "calendars give as organizer (\"\" takes it away); the site is created when missing":
        "régler le fuseau horaire d’un site (Europe/Paris, ou un fuseau d’outre-mer) ou "
        "l’adresse de courriel que ses agendas donnent comme organisateur (\"\" la retire)\u202f; "
        "le site est créé s’il n’existe pas",
}

MAN = {
    "The workshops as an iCalendar file (RFC 5545), to publish them: times in UTC, from the "
    "time zone of each workshop's site, and the site's e-mail address as organizer.":
        "Les ateliers en fichier iCalendar (RFC 5545), pour les publier\u00a0: les heures en UTC, "
        "depuis le fuseau horaire du site de chaque atelier, et l’adresse de courriel du site "
        "comme organisateur.",
    "Sites": "Sites",
    "B<\\%site list> \\%[B<--format> B<\\%table>|B<csv>|B<json>]":
        "B<\\%site list> \\%[B<--format> B<\\%table>|B<csv>|B<json>]",
    "The sites, with their time zone and e-mail address.":
        "Les sites, avec leur fuseau horaire et leur adresse de courriel.",
    "B<\\%site set> I<NAME> \\%[B<--zone> I<ZONE>] \\%[B<--email> I<ADDRESS>]":
        "B<\\%site set> I<NOM> \\%[B<--zone> I<FUSEAU>] \\%[B<--email> I<ADRESSE>]",
    "Set a site's time zone, B<\\%Europe/Paris> or an overseas zone such as "
    "B<\\%Indian/Reunion>, or the e-mail address its calendars give as organizer.  The site's "
    "clock, the times stored for it and its calendar follow its zone, whatever the B<TZ> of the "
    "process.":
        "Régler le fuseau horaire d’un site, B<\\%Europe/Paris> ou un fuseau d’outre-mer comme "
        "B<\\%Indian/Reunion>, ou l’adresse de courriel que ses agendas donnent comme "
        "organisateur. L’horloge du site, les heures enregistrées pour lui et son agenda suivent "
        "son fuseau, quel que soit le B<TZ> du processus.",
    "A fixed time, I<YYYY-MM-DD HH:MM>, for tests and demonstrations, in the site's time zone.":
        "Une heure fixe, I<AAAA-MM-JJ HH:MM>, pour les tests et les démonstrations, dans le "
        "fuseau horaire du site.",
}
