# admin: the administrators' pages.

admin-accounts = Comptes
admin-audit = Journal d’audit
admin-import = Importer des engagements
admin-deleted = Engagements supprimés
admin-email = Envoi des e-mails
admin-status = Statut
admin-active = actif
admin-disabled = désactivé
admin-enable = Réactiver
admin-disable = Désactiver
admin-reset-password = Réinitialiser le mot de passe
admin-add-account = Ajouter un compte
admin-name-hint = Nom (affiché sur les suivis)
admin-add = Ajouter
admin-email-taken = Adresse e-mail : { $email } a déjà un compte
admin-user-added = { $email } a été ajouté comme { $role }. Son mot de passe, affiché cette seule fois : { $password }
admin-password-reset = Le mot de passe de { $email } a été réinitialisé et ses sessions fermées. Le nouveau mot de passe, affiché cette seule fois : { $password }
admin-action-unknown = Action : choisissez désactiver ou réactiver
admin-disable-self = Adresse e-mail : vous ne pouvez pas désactiver votre propre compte
admin-reset-self = Adresse e-mail : changez votre propre mot de passe sur /account

## The audit trail

audit-account = Compte (adresse e-mail)
audit-from = Du
audit-to = Au
audit-filter = Filtrer
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-on = Sur
audit-detail = Détail
audit-address = Depuis
audit-none = rien
audit-empty = Rien n’a été enregistré sur cette période.

## The import (its report of problems stays in English: it names the file's own columns)

import-heading = Importer des engagements depuis un fichier CSV
import-intro-before = Les colonnes de
import-intro-link = l’export des engagements
import-intro-after = . Les lignes sont rapprochées par identifiant : les nouveaux identifiants sont créés, les identifiants connus mis à jour, et chaque modification est conservée dans l’historique de l’engagement. Rien n’est écrit tant qu’une ligne est fausse.
import-nothing = Rien n’a été importé :
import-file = Fichier CSV
import-dry-run = Essai à blanc : montrer ce qui changerait
import-button = Importer

## Deleted pledges

deleted-at = Supprimé le
deleted-restore = Restaurer
deleted-none = Aucun engagement n’a été supprimé.

## The contributions queue

queue-title = Contributions
queue-state = État
queue-all = Toutes
queue-any = Tous
queue-show = Afficher
queue-received = Reçue le { $when } de { $credit } ; adresse e-mail : { $email }.
queue-email-confirmed = confirmée
queue-email-not_confirmed = non confirmée
queue-email-none = aucune
queue-sent = Envoyé
queue-says-delivery = Selon la contribution, l’état de réalisation est désormais : { $delivery }
queue-reply-before = Réponse au nom de
queue-reply-after = au suivi n° { $answers }
queue-pledge-now = L’engagement aujourd’hui
queue-follow-ups = { $n ->
    [one] { $n } suivi
   *[other] { $n } suivis
}
queue-last-on = , le dernier le { $date }
queue-no-pledge = Le site ne suit plus d’engagement { $slug }.
queue-not-tracked = Pas encore suivi.
queue-source-tier = Type de source
queue-keep = Le laisser tel quel
queue-publish-note = Publier seulement comme note
queue-accept = Accepter comme suivi
queue-add-pledge = En créer l’engagement
queue-correct-link = Corriger l’engagement
queue-correct-after = avec cette correction à côté du formulaire ; l’enregistrer accepte la correction.
queue-reason = Motif
queue-reject = Refuser
queue-decided = Décidé.
queue-decided-by = Décidé par { $who }.
queue-became = Elle est devenue le suivi n° { $id }.
queue-reason-was = Motif : { $reason }
queue-empty = Aucune contribution ici.

## Email delivery

mailq-queued = En file :
mailq-counts = ({ $sending } en cours d’envoi) · Envoyés : { $sent } · Échecs définitifs : { $dead } · Ignorés car l’abonné est parti : { $skipped }
mailq-runs = Envois de résumés
mailq-run = Envoi
mailq-started = Commencé
mailq-subscribers = Abonnés
mailq-digests = Résumés
mailq-col-queued = En file
mailq-col-sent = Envoyés
mailq-col-dead = En échec
mailq-col-skipped = Ignorés
mailq-state = État
mailq-paused = En pause
mailq-failures-limit = ({ $failures } échecs comptés ; la limite est de { $limit }.)
mailq-resume = Reprendre l’envoi n° { $id }
mailq-composing = En préparation
mailq-sending = Envoi en cours ({ $failures } échecs)
mailq-done = Terminé
mailq-retry = Renvoyer les { $n } messages en échec
mailq-no-run = Aucun envoi de résumés pour l’instant. Lancez-en un avec
mailq-failures = Échecs récents
mailq-message = Message
mailq-attempts = Tentatives
mailq-next-try = Prochain essai
mailq-error = Erreur
mailq-no-failures = Aucun échec.

## Evidence links

links-title = Liens des preuves
links-intro = Les adresses citées que la dernière vérification n’a pas trouvées telles que citées : disparues (404 ou 410, un nom qui ne se résout plus, ou { $repeated } délais dépassés d’affilée), modifiées depuis la première vérification, ou injoignables lors de la dernière. Vérifiez-les de nouveau avec
links-intro-schedule = , ou laissez le serveur les vérifier à intervalles réguliers
links-address = Adresse
links-health = État
links-last-answer = Dernière réponse
links-checked = Vérifié
links-pledges = Engagements appuyés
links-pledges-short = Engagements
links-ends-at = aboutit à
links-archived = copie archivée :
links-checks = { $n ->
    [one] { $n } vérification
   *[other] { $n } vérifications
}
admin-links-none = aucun
links-no-broken = Aucun lien cassé.
links-no-check = Aucun lien cassé : aucune vérification n’a encore été enregistrée.
