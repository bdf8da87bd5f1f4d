# admin: the administrators' pages.

admin-accounts = Accounts
admin-audit = Audit trail
admin-import = Import pledges
admin-deleted = Deleted pledges
admin-email = Email delivery
admin-status = Status
admin-active = active
admin-disabled = disabled
admin-enable = Enable
admin-disable = Disable
admin-reset-password = Reset password
admin-add-account = Add an account
admin-name-hint = Name (shown on follow-ups)
admin-add = Add
admin-email-taken = email: { $email } already has an account
admin-user-added = Added { $email } as { $role }. Their password, shown only now: { $password }
admin-password-reset = Reset the password of { $email } and ended their sessions. The new password, shown only now: { $password }
admin-action-unknown = action must be disable or enable
admin-disable-self = email: you cannot disable your own account
admin-reset-self = email: change your own password at /account
