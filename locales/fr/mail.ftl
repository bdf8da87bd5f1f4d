# mail: every mail's words, and the subscription pages'

## Shared
mail-colon = {"\u00A0:"}
mail-yes = oui
mail-no = non
mail-percent = { $n }{"\u00A0"}%

## What a subscription follows
mail-scope-everything = tous les engagements
mail-scope-theme = le thème { $name }
mail-scope-actor = les engagements de { $name }
mail-scope-pledge = l’engagement { $name }
mail-scope-event = les engagements de { $name }

## The double opt-in
mail-confirm-subject = Confirmez votre abonnement à pledgewatch
mail-confirm-intro = Quelqu’un, sans doute vous, a demandé à pledgewatch d’écrire à cette adresse au sujet de { $scope }.
mail-confirm-within = Pour confirmer, ouvrez ce lien dans les { $hours }{"\u00A0"}heures{"\u00A0:"}
mail-confirm-button = Confirmer l’abonnement
mail-confirm-ignore = Si vous n’avez rien demandé, ignorez ce message{"\u00A0:"} rien ne vous sera envoyé sans votre confirmation.

## Already subscribed
mail-reminder-subject = Vous suivez déjà ceci sur pledgewatch
mail-reminder-intro = Quelqu’un a demandé à pledgewatch d’écrire à cette adresse au sujet de { $scope }. Cette adresse le suit déjà{"\u00A0;"} rien n’a changé.
mail-reminder-manage = Pour modifier ce que vous recevez, ou tout arrêter, rendez-vous sur votre page de préférences{"\u00A0:"}
mail-reminder-button = Vos préférences

## A contribution's mails
mail-contribution-confirm-subject = Confirmez votre adresse pour la contribution { $number } à pledgewatch
mail-contribution-confirm-intro = Quelqu’un, sans doute vous, a envoyé une contribution à pledgewatch (numéro { $number }) en laissant cette adresse pour connaître la décision de la rédaction.
mail-contribution-confirm-button = Confirmer cette adresse
mail-contribution-confirm-ignore = Si vous ne l’avez pas envoyée, ignorez ce message{"\u00A0:"} sans confirmation, cette adresse ne recevra plus rien de notre part à ce sujet.
mail-outcome-subject-accepted = Votre contribution { $number } à pledgewatch a été acceptée
mail-outcome-subject-rejected = Votre contribution { $number } à pledgewatch n’a pas été retenue
mail-outcome-thanks = Merci pour votre contribution (numéro { $number }{"\u00A0:"} { $kind }).
mail-outcome-accepted = La rédaction l’a acceptée.
mail-outcome-accepted-page = La rédaction l’a acceptée{"\u00A0;"} elle figure désormais sur la page de l’engagement{"\u00A0:"}
mail-outcome-rejected = La rédaction ne l’a pas retenue. Sa raison{"\u00A0:"}
mail-outcome-only = C’est le seul message au sujet de cette contribution{"\u00A0;"} nous ne gardons votre adresse pour rien d’autre.
mail-kind-evidence = une nouvelle preuve pour un engagement
mail-kind-correction = la correction d’un fait
mail-kind-new_pledge = un engagement absent du suivi
mail-kind-reply = une réponse au nom d’un acteur suivi

## Digests
mail-digest-subject = pledgewatch{"\u00A0:"} { $summary }
mail-digest-title = Votre résumé pledgewatch
mail-summary-changes = { $changes ->
    [one] { $changes }{"\u00A0"}changement
   *[other] { $changes }{"\u00A0"}changements
  } sur { $pledges ->
    [one] { $pledges }{"\u00A0"}engagement
   *[other] { $pledges }{"\u00A0"}engagements
  }
mail-summary-soon = { $n ->
    [one] { $n }{"\u00A0"}échéance dans les 30 prochains jours
   *[other] { $n }{"\u00A0"}échéances dans les 30 prochains jours
  }
mail-summary-overdue = { $n ->
    [one] { $n }{"\u00A0"}échéance tout juste dépassée
   *[other] { $n }{"\u00A0"}échéances tout juste dépassées
  }
mail-summary-sep = {"\u00A0; "}
mail-digest-delivery = État
mail-digest-schedule = Calendrier
mail-digest-deadline = Échéance
mail-digest-reply-from = Réponse de { $actor }
mail-digest-reply-published = (droit de réponse), publiée le { $date }
mail-digest-recorded = { $date }, saisi par { $author }
mail-digest-note = Note
mail-digest-evidence = Preuve ({ $tier })
mail-digest-more = { $n ->
    [one] Et { $n } autre changement{"\u00A0:"}
   *[other] Et { $n } autres changements{"\u00A0:"}
  }
mail-digest-see-all = tout voir
mail-digest-deadlines = Échéances
mail-digest-due-soon = à tenir d’ici le { $date }
mail-digest-overdue = désormais en retard, attendu le { $date }
mail-digest-why-heading = Pourquoi vous recevez ce message
mail-digest-why = Vous recevez ce résumé { $frequency ->
    [daily] quotidien
   *[weekly] hebdomadaire
  } parce que vous suivez { $scope }{"\u00A0:"} { $changes }.
mail-why-every = toutes les mises à jour
mail-why-every-deadlines = toutes les mises à jour et les échéances
mail-why-status = seulement les changements de statut
mail-why-status-deadlines = les changements de statut et les échéances
mail-why-deadlines = seulement les échéances
mail-digest-manage = Modifier ce que vous recevez
mail-digest-unsubscribe = Se désabonner
mail-change-delivery = État
mail-change-strength = Solidité
mail-change-progress = Avancement
mail-change-condition = Condition { $n }
mail-change-contested = Contesté
mail-change-money = Montant

## The subscribe and preferences pages, and the notices of the subscription flow
subscribe-title = Suivre par courriel
subscribe-manage-title = Votre abonnement
subscribe-intro = Un résumé n’arrive que si quelque chose que vous suivez a changé. Nous envoyons d’abord un lien de confirmation, et chaque résumé comporte un lien de désabonnement en un clic.
subscribe-follows = { $email } suit
subscribe-state = État
subscribe-email = Adresse électronique
subscribe-follow = Suivre
subscribe-scope-everything = Tous les engagements
subscribe-scope-pledge = Un engagement
subscribe-scope-actor = Un acteur
subscribe-scope-theme = Un thème
subscribe-scope-event = Un événement
subscribe-which = lequel
subscribe-target-hint = identifiant, par ex. france-109bn
subscribe-how-often = Fréquence
subscribe-which-changes = Quels changements
subscribe-change-status = Changements de statut (état ou solidité)
subscribe-change-every = Toutes les mises à jour
subscribe-change-deadlines = Échéances proches ou manquées
subscribe-time-zone = Fuseau horaire
subscribe-lang = Langue des courriels
subscribe-error-unknown = scope{"\u00A0:"} { $kind ->
    [pledge] aucun engagement
    [actor] aucun acteur
   *[event] aucun événement
  } ne porte l’identifiant «{"\u00A0"}{ $target }{"\u00A0"}»
subscribe-error-changes = changes{"\u00A0:"} choisissez au moins un type de changement
subscribe-lang-error = lang{"\u00A0:"} choisissez l’anglais ou le français
subscribe-save = Enregistrer
subscribe-submit = S’abonner
subscribe-conflict = scope{"\u00A0:"} cette adresse suit déjà cela{"\u00A0;"} modifiez-le depuis le lien de cet abonnement-là
subscribe-saved = Enregistré.
subscribe-your-data = Vos données
subscribe-download = Télécharger tout ce qui est conservé sur cette adresse
subscribe-download-format = (JSON).
subscribe-unsubscribe = Se désabonner
subscribe-revoke = Révoquer tous les liens envoyés jusqu’ici
subscribe-revoke-note = (de nouveaux liens vous sont envoyés)
subscribe-erase = Effacer tous les abonnements et messages de cette adresse
state-unconfirmed = En attente de confirmation
state-confirmed = Confirmé
state-unsubscribed = Désabonné
notice-inbox-title = Consultez votre boîte de réception
notice-inbox = Si { $email } peut recevoir du courrier, un message est en route. Ouvrez le lien qu’il contient dans les { $hours }{"\u00A0"}heures pour confirmer{"\u00A0;"} rien n’est envoyé avant.
notice-confirm-title = Confirmez votre abonnement
notice-confirm = Encore une étape{"\u00A0:"} appuyez sur le bouton pour commencer à recevoir les résumés.
notice-confirm-button = Confirmer
notice-confirmed-title = Abonnement confirmé
notice-confirmed = Vous recevrez un résumé quand quelque chose que vous suivez changera. Chaque résumé renvoie à vos préférences.
notice-preferences = Vos préférences
notice-invalid-title = Lien non valide
notice-link-used = Ce lien a expiré ou a déjà servi. Abonnez-vous de nouveau pour en recevoir un autre.
notice-unsubscribed-title = Désabonnement effectué
notice-unsubscribed = { $email } ne recevra plus de résumés sur { $scope }. Les résumés déjà rédigés ne seront pas envoyés.
notice-unsubscribe-title = Se désabonner{"\u202F?"}
notice-unsubscribe = Ne plus écrire à { $email } au sujet de { $scope }{"\u202F?"}
notice-busy = Trop de demandes d’abonnement ces derniers temps{"\u00A0;"} veuillez réessayer dans une heure.
notice-erased-title = Effacé
notice-erased = { $n ->
    [one] { $n }{"\u00A0"}abonnement supprimé
   *[other] { $n }{"\u00A0"}abonnements supprimés
  }, ainsi que tous les messages à cette adresse. Les liens des courriels précédents ne fonctionnent plus.
notice-revoked-title = Liens révoqués
notice-revoked = Aucun lien envoyé à { $email } jusqu’ici ne fonctionne plus. Un courriel avec de nouveaux liens est en route.
