# vocab : les mots des vocabulaires des données, une famille par vocabulaire, par code.
# L'API et les exports gardent les codes ; les pages et les courriels montrent ces mots.

delivery-not_yet_assessed = Pas encore évalué
delivery-announced_only = Seulement annoncé
delivery-in_progress = En cours
delivery-stalled = Au point mort
delivery-partially_delivered = Partiellement tenu
delivery-delivered = Tenu
delivery-not_delivered = Non tenu
delivery-withdrawn = Retiré
delivery-superseded = Remplacé
delivery-unverifiable = Invérifiable

strength-floated = Évoqué
strength-announced = Annoncé
strength-formalised = Formalisé
strength-binding = Contraignant

schedule-no_deadline = Sans échéance
schedule-relative_unresolved = Échéance relative, date encore inconnue
schedule-upcoming = À venir
schedule-due_soon = Échéance proche
schedule-overdue = En retard
schedule-met_on_time = Tenu dans les délais
schedule-met_late = Tenu en retard

condition-pending = En attente
condition-met = Remplie
condition-failed = Non remplie

pledge-kind-investment = Investissement
pledge-kind-fund = Fonds
pledge-kind-new_body = Nouvel organisme
pledge-kind-policy = Politique ou réglementation
pledge-kind-safety_commitment = Engagement de sécurité
pledge-kind-programme = Programme

theme-public_interest_ai = IA d'intérêt général
theme-jobs_and_skills = Emploi et compétences
theme-investment = Investissement
theme-ethics_and_safety = Éthique et sécurité
theme-regulation = Régulation
theme-sustainability = Développement durable

stage-announced = Annoncé
stage-pledged = Promis
stage-committed = Engagé
stage-disbursed = Décaissé
stage-spent = Dépensé

figure-kind-amount = Montant
figure-kind-aim = Objectif de levée de fonds

basis-stated = Indiqué par la source
basis-derived = Déduit des chiffres indiqués

actor-role-announcer = À l'origine de l'annonce
actor-role-funder = Financeur
actor-role-implementer = Opérateur
actor-role-signatory = Signataire

actor-kind-country = Pays
actor-kind-government_body = Organisme public
actor-kind-company = Entreprise
actor-kind-investor = Investisseur
actor-kind-coalition = Coalition
actor-kind-multilateral_body = Organisation multilatérale
actor-kind-civil_society = Société civile
actor-kind-initiative = Initiative

event-kind-summit = Sommet
event-kind-announcement = Annonce
event-kind-conference = Conférence

tier-official_record = Document officiel
tier-official_statement = Déclaration officielle
tier-press_report = Article de presse
tier-secondary_report = Source secondaire

verification-verified = Vérifiée
verification-unverified = Non vérifiée

sort-title = Titre
sort-newest = Annonces les plus récentes d'abord
sort-deadline = Échéances les plus proches d'abord
sort-updated = Derniers suivis d'abord
sort-money = Montants annoncés les plus élevés d'abord (selon le plus bas des chiffres indiqués)

# Le champ qu'un suivi a changé, et les valeurs d'un changement qui ne sont pas du vocabulaire.
change-field-delivery = Réalisation
change-field-strength = Force
change-field-progress = Avancement
change-field-condition = Condition
change-field-contested = Contesté
change-field-money = Montant
change-yes = oui
change-no = non

# Le champ que nomme une correction de la fiche.
edit-field-created = création
edit-field-deleted = suppression
edit-field-restored = restauration
edit-field-slug = identifiant
edit-field-title = titre
edit-field-summary = résumé
edit-field-kind = type
edit-field-themes = thèmes
edit-field-event = événement
edit-field-announced_on = date d'annonce
edit-field-strength = force
edit-field-parent = engagement parent
edit-field-supersedes = remplace
edit-field-contested = contesté
edit-field-sources = sources
edit-field-quote = citation
edit-field-actors = acteurs
edit-field-deadline = échéance
edit-field-conditions = conditions
edit-field-money = montants

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

# La fréquence des envois à un abonné.
frequency-daily = Quotidien
frequency-weekly = Hebdomadaire
