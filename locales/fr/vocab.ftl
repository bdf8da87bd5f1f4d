# vocab

# mail: the vocabulary mail needs before the "pages" helper's labels are merged (the
# lead keeps one copy of each id).
delivery-not_yet_assessed = Pas encore évalué
delivery-announced_only = Seulement annoncé
delivery-in_progress = En cours
delivery-stalled = À l’arrêt
delivery-partially_delivered = Partiellement tenu
delivery-delivered = Tenu
delivery-not_delivered = Non tenu
delivery-withdrawn = Retiré
delivery-superseded = Remplacé
delivery-unverifiable = Invérifiable
schedule-no_deadline = Sans échéance
schedule-relative_unresolved = Échéance relative, date encore inconnue
schedule-upcoming = À venir
schedule-due_soon = Échéance proche
schedule-overdue = En retard
schedule-met_on_time = Tenu dans les délais
schedule-met_late = Tenu en retard
strength-floated = Évoqué
strength-announced = Annoncé
strength-formalised = Formalisé
strength-binding = Contraignant
condition_state-pending = En attente
condition_state-met = Remplie
condition_state-failed = Non remplie
theme-public_interest_ai = IA d’intérêt général
theme-jobs_and_skills = Emploi et compétences
theme-investment = Investissement
theme-ethics_and_safety = Éthique et sûreté
theme-regulation = Régulation
theme-sustainability = Durabilité
tier-official_record = Document officiel
tier-official_statement = Déclaration officielle
tier-press_report = Article de presse
tier-secondary_report = Source secondaire
stage-announced = Annoncé
stage-pledged = Promis
stage-committed = Engagé
stage-disbursed = Décaissé
stage-spent = Dépensé
frequency-daily = Quotidien
frequency-weekly = Hebdomadaire
