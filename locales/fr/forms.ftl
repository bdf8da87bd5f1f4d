# forms: the editing and contribution forms, and the accounts' forms.

## Shared words

form-nothing-saved = Rien n’a été enregistré :
form-save = Enregistrer
form-cancel = Annuler
form-none = (aucun)
form-unchanged = (inchangé)
form-please-correct = Veuillez corriger :

## Each field's name as its form shows it: French messages name a refused field so

field-slug = Identifiant
field-title = Titre
field-summary = Résumé
field-kind = Type
field-themes = Thèmes
field-event = Événement
field-announced_on = Annoncé le
field-strength = Force
field-parent = Fait partie de
field-supersedes = Remplace
field-contested = Contesté
field-sources = Sources
field-actors = Acteurs
field-role = Rôle
field-deadline = Échéance
field-deadline_event = Événement d’échéance
field-deadline_text = Échéance telle que formulée
field-quote = Citation exacte
field-quote_language = Langue de la citation
field-quote_source = Source de la citation
field-conditions = Conditions
field-condition = Condition
field-condition_source = Source de la condition
field-money = Montants
field-amount = Montant
field-min = Minimum
field-max = Maximum
field-currency = Devise
field-stage = Étape
field-value_date = Date de valeur
field-source = Source
field-occurred_on = Date des faits
field-delivery = État de réalisation
field-progress = Avancement
field-note = Note
field-evidence = Preuves
field-evidence_url = Lien
field-evidence_title = Titre de la preuve
field-evidence_publisher = Éditeur
field-evidence_tier = Type de preuve
field-evidence_archived_url = Copie archivée
field-money_stage = Étape
field-money_amount = Montant
field-money_currency = Devise
field-money_value_date = Date de valeur
field-money_source = Source du montant
field-pledge = Engagement
field-links = Adresses web
field-claim = Ce qui a changé
field-actor = Acteur
field-answers = Suivi concerné
field-name = Nom
field-email = Adresse e-mail
field-current = Mot de passe actuel
field-new = Nouveau mot de passe
field-password = Mot de passe
field-role_user = Rôle
field-members = Membres
field-country = Pays
field-location = Lieu
field-starts_on = Début
field-ends_on = Fin
field-precision = Précision
field-published_on = Publié le
field-publisher = Éditeur
field-url = Adresse web
field-form = Formulaire

## Messages of the web forms themselves

form-progress-whole = Avancement : doit être un nombre entier de 0 à 100
form-contested-yes-no = Contesté : répondez oui ou non
form-not-a-condition = « { $key } » n’est pas une condition de cet engagement
form-actor-pair = Acteurs : « { $bare } » n’est pas de la forme acteur:rôle
form-condition-line = Conditions : « { $bare } » n’est pas de la forme état | texte | source
form-money-line = Montants : « { $bare } » n’est pas de la forme étape | montant | devise | date de valeur | source | note

## The pledge form

pf-title-new = Nouvel engagement
pf-title-correct = Corriger un engagement
pf-heading-correct = Corriger « { $title } »
pf-intro = Ce qui a été annoncé, tel que les sources le rapportent. L’avancement s’enregistre sous forme de suivis, pas ici. Chaque modification est conservée dans l’historique de l’engagement.
pf-contribution-from = , de la part de { $credit } (contribution n° { $id })
pf-proposed-pledge = Engagement proposé :
pf-claim = Affirmation :
pf-addresses-sent = Adresses envoyées (ajoutez-les comme sources par leur identifiant) :
pf-saving-accepts = Enregistrer ce formulaire accepte la contribution et crédite { $credit } dans le journal des modifications.
pf-summary = Résumé (avec vos propres mots)
pf-themes = Thèmes ({ $codes })
pf-strength = Force à l’annonce
pf-parent = Fait partie de (identifiant du parent)
pf-supersedes = Remplace (identifiant)
pf-sources = Sources (identifiants séparés par des ;)
pf-actors = Acteurs (acteur:rôle ; rôles announcer, funder, implementer, signatory)
pf-deadline-date = Date d’échéance
pf-known-to = précision
pf-day = au jour
pf-by-event = ou fixée par l’événement
pf-as-worded = formulation d’origine
pf-quote-language = Langue de la citation (en, fr…)
pf-quote-source = Source de la citation (identifiant)
pf-conditions = Conditions, une par ligne : état | texte | source
pf-money = Montants annoncés, un par ligne : étape (ou aim pour un objectif de levée de fonds) | montant ou min-max | devise | date de valeur | source | note
pf-delete = Supprimer
pf-delete-intro = L’engagement disparaît de toutes les listes ; un administrateur peut le restaurer.
pf-delete-button = Supprimer cet engagement

## The follow-up form

fu-title = Enregistrer un suivi
fu-now = Actuellement : { $delivery }, { $strength }
fu-intro = Ne modifiez que ce qui a bougé ; changer l’état de réalisation ou la force demande une preuve.
fu-please-fix = Rien n’a été enregistré. Veuillez corriger :
fu-progress = Avancement (0 à 100)
fu-yes = oui
fu-no = non
fu-condition = Condition : { $text } (actuellement : { $state })
fu-money = Montant rapporté (facultatif)
fu-amount = Montant (en unités)
fu-from = ou de
fu-to = à
fu-currency = Devise (ISO 4217)
fu-source = Source (identifiant)
fu-link = Lien { $n }
fu-archived = Copie archivée (facultatif)
fu-record = Enregistrer

## The contribution form and its notices

contrib-title = Contribuer
contrib-intro = Envoyez à la rédaction une preuve concernant un engagement, une correction, un engagement absent du suivi, ou une réponse au nom d’un acteur suivi. Aucun compte n’est nécessaire ; rien n’est publié avant vérification par un membre de la rédaction. Texte brut uniquement, { $max } adresses web au plus.
contrib-about = À propos de
contrib-kind = Ce que vous envoyez
contrib-pledge-hint = (son nom dans l’adresse, par exemple france-109bn-ai-investment ; laissez vide pour un engagement absent)
contrib-missing-title = Titre de l’engagement absent
contrib-links = Adresses web des preuves
contrib-one-a-line = (une par ligne)
contrib-claim = Ce qui a changé, ou ce qui est inexact
contrib-delivery = L’état de réalisation que montrent les preuves
contrib-optional = (facultatif)
contrib-reply-legend = Une réponse au nom d’un acteur
contrib-address-name = (son nom dans l’adresse)
contrib-answers = Suivi auquel elle répond
contrib-its-number = (son numéro)
contrib-credit = Me citer sous le nom
contrib-credit-hint = (facultatif ; sinon « un lecteur »)
contrib-email = Adresse e-mail, pour connaître la décision de la rédaction
contrib-email-hint = (facultatif ; nous envoyons d’abord un lien de confirmation, et elle n’est jamais publiée)
contrib-leave-empty = Laissez ce champ vide
contrib-send = Envoyer
contrib-no-pledge = Engagement : aucun engagement « { $bare } » n’est suivi
contrib-no-actor = Acteur : aucun acteur « { $bare } » n’est suivi
contrib-thanks-title = Merci
contrib-thanks = La rédaction va la lire ; rien n’est publié avant qu’un de ses membres l’ait vérifiée.
contrib-thanks-mail = La rédaction va la lire ; rien n’est publié avant qu’un de ses membres l’ait vérifiée. Si l’adresse indiquée peut recevoir du courrier, un lien est en route : ouvrez-le dans les 48 heures pour connaître la décision.
contrib-confirm-title = Confirmez votre adresse e-mail
contrib-confirm-intro = Appuyez sur le bouton pour être informé de la décision de la rédaction sur votre contribution.
contrib-confirm-button = Confirmer
contrib-confirmed-title = Adresse confirmée
contrib-confirmed = Vous recevrez un seul message, quand la rédaction aura statué sur votre contribution.
contrib-link-invalid-title = Lien non valide
contrib-link-invalid = Ce lien a expiré ou a déjà servi.

## Signing in and one's account

login-title = Se connecter
login-intro = Les comptes sont réservés aux membres de la rédaction qui enregistrent les avancées ; la lecture n’en demande aucun.
login-wrong = Cette adresse et ce mot de passe ne correspondent à aucun compte actif.
account-title = Votre compte
account-change-password = Changer de mot de passe
account-logs-out = Le changer déconnecte tous les autres navigateurs qui utilisent ce compte.
account-new-hint = Nouveau mot de passe (12 caractères ou plus)
account-log-out = Se déconnecter
account-current-wrong = Mot de passe actuel : il est incorrect.
account-new-length = Nouveau mot de passe : utilisez de { $min } à { $max } caractères.

## The actor and event forms (labels by field name)

ref-new-actor = Nouvel acteur
ref-new-event = Nouvel événement
ref-correct-actor = Corriger un acteur
ref-correct-event = Corriger un événement
ref-label-slug = Identifiant
ref-label-name = Nom
ref-label-kind = Type
ref-label-location = Lieu
ref-label-country = Pays (code ISO 3166 alpha-2, facultatif)
ref-label-members = Membres (identifiants d’acteurs séparés par des ;)
ref-label-starts_on = Début (laisser vide tant qu’il est inconnu)
ref-label-ends_on = Fin
ref-label-precision = Le début est connu
ref-label-sources = Sources des dates (identifiants séparés par des ;)

## An actor's published reply, under the follow-up it answers

reply-from = Réponse de { $actor }
reply-from-before = Réponse de
reply-published = publiée le { $when } par { $author }
reply-archived = copie archivée

## fin: a contributor who gave no name
contrib-credit-anonymous = un lecteur
field-time_zone = Fuseau horaire
field-frequency = Fréquence
field-scope = Suivre
