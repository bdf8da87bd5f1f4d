# errors: what a refused field, form or request says. English keeps the field's own name
# (programs and tests read these sentences); French names the field by its label.

## A value the domain refused ($field: the field's name, $label: its label on the form)

error-empty = { $label } : ne doit pas être vide
error-too-long = { $label } : trop long, { $len } caractères pour { $max } au plus
error-invalid = { $label } : { $reason }
error-out-of-range = { $label } : doit être compris entre { $min } et { $max } (reçu : { $value })
error-unknown-value = { $label } : valeur inconnue « { $bare } » ; valeurs possibles : { $expected }
error-unknown-currency = { $label } : « { $bare } » n’est pas une devise ISO 4217 connue
error-min-above-max = { $label } : le minimum { $min } dépasse le maximum { $max }
error-negative = { $label } : ne doit pas être négatif
error-deadline-before-announcement = { $label } : le { $deadline } précède l’annonce du { $announced }
error-parent-cycle = { $label } : rattacher « { $child } » à « { $parent } » créerait une boucle
error-no-rate = { $label } : aucun taux de change pour { $currency } au { $date } ni avant
error-invalid-change = { $label } : la modification ne s’applique pas : { $reason }

## What the store refused

error-slug-taken = Identifiant : { $kind ->
    [pledge] un engagement
    [actor] un acteur
    [event] un événement
    [source] une source
   *[other] un enregistrement
} porte déjà l’identifiant « { $key } »
error-missing-record = { $label } : { $kind ->
    [pledge] l’engagement
    [actor] l’acteur
    [event] l’événement
    [source] la source
   *[other] l’enregistrement
} « { $slug } » n’existe pas

## Why a value is not valid (the reason placed in error-invalid)

reason-in-future = le { $date } est dans le futur
reason-before-announcement = le { $date } précède l’annonce de l’engagement, le { $announced }
reason-no-condition = cet engagement n’a pas de condition n° { $number }
reason-old-value = son ancienne valeur n’est pas la valeur actuelle
reason-character = contient le caractère { $code }, qui n’est pas accepté
reason-invisible-character = contient le caractère invisible ou de changement de sens d’écriture { $code }, qui n’est pas accepté
reason-slug = n’utilisez que des minuscules sans accent, des chiffres et des tirets simples
reason-reserved = « { $word } » est réservé
reason-url-scheme = doit commencer par https:// ou http://
reason-url-form = n’est pas une adresse web bien formée
reason-email-ascii = seules les adresses en ASCII sont acceptées (les adresses internationalisées exigent SMTPUTF8, qui n’est pas utilisé ici) ; donnez le domaine sous sa forme xn--
reason-email-encoded = les mots encodés (=?…?=) ne sont pas acceptés dans une adresse
reason-email-at = il manque un @
reason-email-two-at = contient plus d’un @
reason-email-local = la partie avant le @ n’est pas valide (lettres, chiffres et !#$%&'*+-/=?^_`{ "{" }|{ "}" }~, avec des points seulement entre eux)
reason-email-domain = le domaine après le @ n’est pas valide (des noms séparés par des points, faits de lettres, de chiffres et de tirets intérieurs)
reason-email-stored = n’est pas une adresse valide
reason-plain-text = texte brut uniquement : le HTML n’est pas accepté
reason-follow-up-number = doit être le numéro d’un suivi
reason-links-in-all = { $max } adresses web au plus en tout, y compris celles de la note et de l’affirmation ; { $found } trouvées
reason-links = { $max } adresses web au plus, { $found } trouvées
reason-country = doit être un code pays ISO 3166 à deux lettres
reason-member-itself = un acteur ne peut pas être membre de lui-même
reason-membership-circular = l’appartenance serait circulaire : { $chain }
reason-evidence-needed = un suivi cite au moins une preuve
reason-date = « { $value } » n’est pas une date au format AAAA-MM-JJ
reason-date-or-event = indiquez une date ou un événement, pas les deux
reason-end-needs-start = une date de fin demande une date de début
reason-end-before-start = le { $end } précède le début, le { $start }
reason-vague-event-end = un événement connu seulement au mois, au trimestre ou à l’année n’a pas de date de fin
reason-password-hash = doit être une empreinte argon2id au format PHC
reason-time-zone = doit être un nom de fuseau horaire comme Europe/Paris ou UTC
reason-decimal = « { $value } » n’est pas un nombre décimal simple comme 1250000 ou 1.5
reason-decimal-places = { $value } a { $places } décimales ; { $currency } en admet { $allowed }
reason-amount-or-range = indiquez soit un montant, soit un minimum et un maximum
reason-value-date-range = le { $date } est hors de la période du { $earliest } au { $latest }
reason-rate-zero = un taux doit être supérieur à zéro
reason-rate = « { $value } » n’est pas un taux décimal positif
reason-language = doit être un code de langue ISO 639-1 à deux lettres, comme en ou fr
reason-supersede-itself = un engagement ne peut pas se remplacer lui-même
reason-not-this-pledge = { $number } n’est pas un suivi de cet engagement
reason-nothing-changed = rien n’a été modifié : corrigez un champ, ou publiez la correction sous forme de note depuis la file d’attente
reason-condition-referred = une condition à laquelle des suivis renvoient ne peut pas être supprimée ; marquez-la plutôt comme non remplie
reason-rewritten = des suivis ont déjà modifié une valeur que cette correction réécrit ; enregistrez plutôt un suivi
reason-has-children = { $n ->
    [one] { $n } autre engagement fait partie de celui-ci ; supprimez-le ou déplacez-le d’abord
   *[other] { $n } autres engagements font partie de celui-ci ; supprimez-les ou déplacez-les d’abord
}

## Error pages

error-title-not-found = Page introuvable
error-title-bad-request = Cette demande ne peut pas aboutir
error-title-forbidden = Accès refusé
error-title-too-many = Trop de tentatives
error-title-too-large = Envoi trop volumineux
error-title-unavailable = Momentanément indisponible
error-title-server = Erreur du serveur
error-title-refused = Demande refusée
error-unavailable = La base de données est indisponible pour le moment : impossible de répondre. Réessayez dans une minute.
error-read-only = Le site est en lecture seule pour le moment : rien ne peut être modifié. Réessayez plus tard.
error-timed-out = Cette demande a pris trop de temps. Réessayez dans une minute.
error-server = Un problème est survenu de notre côté ; il a été consigné.
error-login-first = Veuillez d’abord vous connecter.
error-form-expired = Le formulaire a expiré ; rechargez-le et réessayez.
error-csrf = Le formulaire a expiré ou ne vient pas de ce site ; rechargez-le et réessayez.
error-admins-only = Cette page est réservée aux administrateurs.
error-too-many-logins = Trop de tentatives de connexion ; attendez { $minutes } minutes et réessayez.
error-too-many-attempts = Trop de tentatives ; attendez { $minutes } minutes et réessayez.
error-too-many-contributions = Trop de contributions ces derniers temps ; réessayez dans une heure.
error-upload-too-large = Fichier : l’envoi dépasse la limite de l’import, { $mb } Mo

## fin: the subscribe form
reason-time-zone-unknown = fuseau horaire inconnu ; essayez par exemple Europe/Paris ou UTC

## fin: storage refusals on pages (English pages keep the error's own words)
error-stale = Cet élément a changé entre-temps ; rechargez la page pour voir où il en est.
error-conflict = Cet élément existe déjà.
error-missing-reference = « { $slug } » n’existe pas.
