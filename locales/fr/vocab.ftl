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
contribution-state-pending = En attente d’un rédacteur
contribution-state-accepted = Acceptée
contribution-state-rejected = Refusée
link-check-health-live = En ligne
link-check-health-changed = Modifié depuis la citation
link-check-health-gone = Disparu
link-check-health-failing = Injoignable lors de la dernière vérification
link-check-outcome-ok = A répondu
link-check-outcome-gone = Disparu (404 ou 410)
link-check-outcome-http_error = A répondu par une erreur
link-check-outcome-dns_failure = Le nom ne se résout pas
link-check-outcome-timeout = Délai dépassé
link-check-outcome-unreachable = Connexion impossible
link-check-outcome-too_many_redirects = Trop de redirections
link-check-outcome-refused = Non consulté (adresse non autorisée)
