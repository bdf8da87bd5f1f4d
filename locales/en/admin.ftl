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

## The audit trail

audit-account = Account (email)
audit-from = From
audit-to = To
audit-filter = Filter
audit-when = When
audit-who = Who
audit-what = What
audit-on = On
audit-detail = Detail
audit-address = From
audit-none = none
audit-empty = Nothing recorded in this range.

## The import (its report of problems stays in English: it names the file's own columns)

import-heading = Import pledges from CSV
import-intro-before = The columns of
import-intro-link = the pledge export
import-intro-after = . Rows are matched by slug: new slugs are created, known ones updated, and every change is kept in the pledge's history. Nothing is written unless every row is right.
import-nothing = Nothing was imported:
import-file = CSV file
import-dry-run = Dry run: show what would change
import-button = Import

## Deleted pledges

deleted-at = Deleted
deleted-restore = Restore
deleted-none = Nothing has been deleted.

## The contributions queue

queue-title = Contributions
queue-state = State
queue-all = All
queue-any = Any
queue-show = Show
queue-received = Received { $when } from { $credit }; email: { $email }.
queue-email-confirmed = confirmed
queue-email-not_confirmed = not confirmed
queue-email-none = none
queue-sent = Sent
queue-says-delivery = Says the delivery status is now: { $delivery }
queue-reply-before = Reply on behalf of
queue-reply-after = to follow-up { $answers }
queue-pledge-now = The pledge now
queue-follow-ups = { $n } follow-ups
queue-last-on = , the last on { $date }
queue-no-pledge = The tracker has no pledge { $slug } now.
queue-not-tracked = Not tracked yet.
queue-source-tier = Source tier
queue-keep = Keep as it is
queue-publish-note = Publish as a note only
queue-accept = Accept as a follow-up
queue-add-pledge = Add the pledge from it
queue-correct-link = Correct the pledge
queue-correct-after = with this correction beside the form; saving it accepts the correction.
queue-reason = Reason
queue-reject = Reject
queue-decided = Decided.
queue-decided-by = Decided by { $who }.
queue-became = It became follow-up { $id }.
queue-reason-was = Reason: { $reason }
queue-empty = No contributions here.

## Email delivery

mailq-queued = Queued:
mailq-counts = ({ $sending } being sent) · Sent: { $sent } · Failed for good: { $dead } · Skipped because the subscriber left: { $skipped }
mailq-runs = Digest runs
mailq-run = Run
mailq-started = Started
mailq-subscribers = Subscribers
mailq-digests = Digests
mailq-col-queued = Queued
mailq-col-sent = Sent
mailq-col-dead = Dead
mailq-col-skipped = Skipped
mailq-state = State
mailq-paused = Paused
mailq-failures-limit = ({ $failures } failures counted; the limit is { $limit }.)
mailq-resume = Resume run #{ $id }
mailq-composing = Composing
mailq-sending = Sending ({ $failures } failures)
mailq-done = Done
mailq-retry = Send the { $n } dead again
mailq-no-run = No digest run yet. Start one with
mailq-failures = Recent failures
mailq-message = Message
mailq-attempts = Attempts
mailq-next-try = Next try
mailq-error = Error
mailq-no-failures = No failures.

## Evidence links

links-title = Evidence links
links-intro = Cited addresses whose last check did not find them as cited: gone (404 or 410, a name that no longer resolves, or { $repeated } timeouts in a row), changed since first checked, or not reached at the last check. Check again with
links-intro-schedule = , or let the server check on a schedule
links-address = Address
links-health = Health
links-last-answer = Last answer
links-checked = Checked
links-pledges = Pledges it supports
links-pledges-short = Pledges
links-ends-at = ends at
links-archived = archived copy:
links-checks = { $n ->
    [one] { $n } check
   *[other] { $n } checks
}
admin-links-none = none
links-no-broken = No broken link.
links-no-check = No broken link: no check has been recorded yet.
