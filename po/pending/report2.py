# French translations of the messages added by branch i18-report2 (issue 18: reports at a
# million sessions), for the lead to merge into po/fr.po. U+00A0 before ':' and inside « ».
T = {
    "report counts differ from the referrals: \"%s\" on %s":
        "les comptes du rapport diffèrent des orientations\u00a0: «\u00a0%s\u00a0» le %s",
    "report counts differ from the held workshops: %s \"%s\" on %s":
        "les comptes du rapport diffèrent des ateliers tenus\u00a0: %s «\u00a0%s\u00a0» le %s",
    "report counts differ from the workshop attendance: %s \"%s\" on %s":
        "les comptes du rapport diffèrent des présences aux ateliers\u00a0: %s «\u00a0%s\u00a0» le %s",
}
