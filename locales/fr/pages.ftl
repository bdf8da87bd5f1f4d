# pages : le tableau de bord, la liste des engagements, acteurs, thèmes et événements, montants, erreurs.

dash-heading = Ce qui a été promis, ce qui a bougé, ce qui est en retard
dash-intro = Au { $today } : { $total ->
    [one] { $total } engagement suivi
   *[other] { $total } engagements suivis
  }. { $unverified } sur { $total } ne reposent que sur des sources non vérifiées ; { $contested ->
    [0] aucun n'est contesté
    [one] { $contested } est contesté
   *[other] { $contested } sont contestés
  }.
dash-delivery = État de réalisation
dash-delivery-chart = Engagements par état de réalisation
dash-delivery-desc = Nombre d'engagements dans chaque état de réalisation, sur l'ensemble des engagements.
dash-schedule = Calendrier
dash-schedule-chart = Engagements par situation au regard de l'échéance
dash-schedule-desc = Nombre d'engagements selon leur situation au regard de leur échéance.
dash-strength = Force de l'engagement
dash-strength-chart = Engagements par force
dash-strength-desc = Nombre d'engagements selon leur caractère plus ou moins contraignant.
chart-bar = { $label } : { $count } sur { $total }.
dash-money = Montants par étape ({ $currency })
dash-money-note = Convertis au taux de référence de la BCE à la date de valeur de chaque chiffre. Un engagement parent est compté soit par son propre chiffre, soit par ceux de ses sous-engagements, jamais les deux ; quand les sources divergent, le total est une fourchette.
dash-money-link = Voir chaque chiffre tel que sa source l'indique
dash-money-chart = Montants par étape en { $currency }
dash-money-row = { $stage } : { $total } pour { $n ->
    [one] { $n } engagement
   *[other] { $n } engagements
  }.
money-exact-range = de { $min } à { $max }
dash-unconverted = ({ $n ->
    [one] { $n } chiffre sans taux
   *[other] { $n } chiffres sans taux
  })
dash-rates = Taux :
dash-progress = Avancement
dash-progress-count = en nombre : l'avancement moyen des { $total } engagements, ceux dont aucun avancement n'est enregistré comptant pour 0.
dash-progress-money = en montant : pondéré par le montant annoncé de { $n } engagements ({ $basis } annoncés).
dash-due = échéance le { $date }
dash-all-overdue = Tous les engagements en retard
dash-none-overdue = Aucun engagement n'est en retard.
dash-due-soon = Échéance dans les 30 jours
dash-none-due-soon = Aucune échéance dans les 30 prochains jours.
dash-stale = Sans nouvelles : aucun suivi depuis 90 jours
dash-stale-count = { $n } engagements ouverts sur { $total }.
dash-last-news = dernières nouvelles le { $date }
dash-by-themes = Par thème
dash-by-actors = Par acteur (les plus engagés)
dash-actors-col = Acteurs (les plus engagés)
dash-by-events = Par événement
dash-latest = Derniers suivis
dash-follow-all = Suivre tous les engagements par courriel
dash-follow-all-after =  : un récapitulatif quotidien ou hebdomadaire quand quelque chose change.
dash-contribute = Envoyer une preuve, une correction ou un engagement manquant
dash-contribute-after =  : sans compte ; un membre de la rédaction vérifie d'abord.
dash-no-follow-up = Aucun suivi n'a encore été enregistré.

links-none = Aucun engagement ne repose uniquement sur des preuves dont le lien a disparu ou a changé depuis qu'il a été cité.
links-at-risk = { $n ->
    [one] engagement repose
   *[other] engagements reposent
  } uniquement sur des preuves dont le lien a disparu ou a changé depuis qu'il a été cité :

list-add = Ajouter un engagement
list-filter = Filtrer les engagements
list-words = Mots
list-actor = Acteur
list-actor-placeholder = identifiant de l'acteur
list-delivery = Réalisation
list-strength = Force
list-schedule = Calendrier
list-theme = Thème
list-kind = Type
list-event = Événement
list-any = Tous
list-sort = Tri
list-apply = Appliquer
list-clear = Effacer
list-count = { $n ->
    [one] { $n } engagement correspond
   *[other] { $n } engagements correspondent
  } ; page { $page } sur { $pages }.
list-pages = Pages
list-prev = ← Précédente
list-next = Suivante →
list-page = Page { $page } sur { $pages }

group-kind-actors = acteurs
group-kind-themes = thèmes
group-kind-events = événements
group-feed-title = Suivis : { $name }
group-correct = Corriger
group-count = { $n ->
    [one] { $n } engagement.
   *[other] { $n } engagements.
  }
group-atom = Flux Atom
group-showing = { $shown } engagements affichés sur { $total } ; la liste complète est à l'adresse { $link }.
group-members = Membres : { $names }.
group-date-unknown = Date encore inconnue
group-date-range = du { $start } au { $end }
group-theme = Thème
index-add = Ajouter

money-title = Montants tels qu'indiqués
money-heading = Chaque montant tel que sa source l'indique
money-intro = Montants et devises d'origine, avec leur conversion en { $currency } au taux de référence de la BCE à la date de valeur. Deux sources en désaccord font deux lignes.
money-aims = Objectifs de levée de fonds
money-aims-total = , totalisés à part des montants annoncés et jamais comptés avec eux : { $amount } ({ $currency }, convertis), les objectifs de
money-truncated = Les { $n } premiers chiffres sont affichés ; l'export CSV les contient tous.

error-back = Retour au tableau de bord
error-all-pledges = Tous les engagements
error-not-found = Page introuvable
error-not-found-message = Rien n'a été trouvé à cette adresse.
error-bad-request = Cette demande ne peut pas aboutir
error-bad-field = La valeur donnée pour « { $field } » ne peut pas être utilisée.
error-server = Erreur du serveur
error-server-message = Une erreur s'est produite de notre côté ; elle a été consignée.

error-forbidden = Action non autorisée
error-too-many = Trop de tentatives
error-too-large = Trop volumineux
error-unavailable = Momentanément indisponible
error-refused = Demande refusée
