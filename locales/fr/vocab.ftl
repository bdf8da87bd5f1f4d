# vocab

# forms: the words of the forms' own vocabularies, by code.
precision-day = au jour
precision-month = au mois
precision-quarter = au trimestre
precision-year = à l’année
contribution-kind-evidence = Une nouvelle preuve concernant un engagement
contribution-kind-correction = La correction d’un fait
contribution-kind-new_pledge = Un engagement absent du suivi
contribution-kind-reply = Une réponse au nom d’un acteur suivi
user-role-admin = administrateur
user-role-editor = rédacteur
