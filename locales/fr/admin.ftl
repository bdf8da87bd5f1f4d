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
