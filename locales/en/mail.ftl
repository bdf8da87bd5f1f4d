# mail: every mail's words, and the subscription pages'

## Shared
mail-colon = :
mail-yes = yes
mail-no = no
mail-percent = { $n }%

## What a subscription follows
mail-scope-everything = every pledge
mail-scope-theme = the theme { $name }
mail-scope-actor = the pledges of { $name }
mail-scope-pledge = the pledge { $name }
mail-scope-event = the pledges of { $name }

## The double opt-in
mail-confirm-subject = Confirm your pledgewatch subscription
mail-confirm-intro = Someone, hopefully you, asked pledgewatch to email this address about { $scope }.
mail-confirm-within = To confirm, open this link within { $hours } hours:
mail-confirm-button = Confirm the subscription
mail-confirm-ignore = If you did not ask for this, ignore this message: nothing will be sent unless you confirm.

## Already subscribed
mail-reminder-subject = You already follow this on pledgewatch
mail-reminder-intro = Someone asked pledgewatch to email this address about { $scope }. This address already follows it, so nothing changed.
mail-reminder-manage = To change what you receive, or to stop, use your preferences page:
mail-reminder-button = Your preferences

## A contribution's mails
mail-contribution-confirm-subject = Confirm your email for pledgewatch contribution { $number }
mail-contribution-confirm-intro = Someone, hopefully you, sent pledgewatch a contribution (number { $number }) and left this address to be told what the editors decide.
mail-contribution-confirm-button = Confirm this address
mail-contribution-confirm-ignore = If you did not send it, ignore this message: without confirmation this address gets nothing more from us about it.
mail-outcome-subject-accepted = Your pledgewatch contribution { $number } was accepted
mail-outcome-subject-rejected = Your pledgewatch contribution { $number } was not accepted
mail-outcome-thanks = Thank you for your contribution (number { $number }: { $kind }).
mail-outcome-accepted = The editors accepted it.
mail-outcome-accepted-page = The editors accepted it; it is now on the pledge's page:
mail-outcome-rejected = The editors did not accept it. Their reason:
mail-outcome-only = This is the only mail about this contribution; we keep your address for nothing else.
mail-kind-evidence = new evidence for a pledge
mail-kind-correction = a correction of a fact
mail-kind-new_pledge = a pledge the tracker lacks
mail-kind-reply = a reply on behalf of a tracked actor

## Digests
mail-digest-subject = pledgewatch: { $summary }
mail-digest-title = Your pledgewatch digest
mail-summary-changes = { $changes ->
    [one] { $changes } change
   *[other] { $changes } changes
  } on { $pledges ->
    [one] { $pledges } pledge
   *[other] { $pledges } pledges
  }
mail-summary-soon = { $n ->
    [one] { $n } deadline in the next 30 days
   *[other] { $n } deadlines in the next 30 days
  }
mail-summary-overdue = { $n ->
    [one] { $n } deadline newly missed
   *[other] { $n } deadlines newly missed
  }
mail-summary-sep = {"; "}
mail-digest-delivery = Delivery
mail-digest-schedule = Schedule
mail-digest-deadline = Deadline
mail-digest-reply-from = Reply from { $actor }
mail-digest-reply-published = (right of reply), published { $date }
mail-digest-recorded = { $date }, recorded by { $author }
mail-digest-note = Note
mail-digest-evidence = Evidence ({ $tier })
mail-digest-more = { $n ->
    [one] And 1 more change:
   *[other] And { $n } more changes:
  }
mail-digest-see-all = see them all
mail-digest-deadlines = Deadlines
mail-digest-due-soon = due on { $date }
mail-digest-overdue = now overdue, was due on { $date }
mail-digest-why-heading = Why you got this
mail-digest-why = You get this { $frequency ->
    [daily] daily
   *[weekly] weekly
  } digest because you follow { $scope }, { $changes }.
mail-why-every = all follow-ups
mail-why-every-deadlines = all follow-ups and deadlines
mail-why-status = status changes only
mail-why-status-deadlines = status changes and deadlines
mail-why-deadlines = deadlines only
mail-digest-manage = Change what you receive
mail-digest-unsubscribe = Unsubscribe
mail-change-delivery = Delivery
mail-change-strength = Strength
mail-change-progress = Progress
mail-change-condition = Condition { $n }
mail-change-contested = Contested
mail-change-money = Money

## The subscribe and preferences pages, and the notices of the subscription flow
subscribe-title = Follow by email
subscribe-manage-title = Your subscription
subscribe-intro = A digest comes only when something you follow changed. We send a confirmation link first, and every digest has a one-click unsubscribe link.
subscribe-follows = { $email } follows
subscribe-state = State
subscribe-email = Email
subscribe-follow = Follow
subscribe-scope-everything = Every pledge
subscribe-scope-pledge = One pledge
subscribe-scope-actor = One actor
subscribe-scope-theme = One theme
subscribe-scope-event = One event
subscribe-which = which
subscribe-target-hint = slug, e.g. france-109bn
subscribe-how-often = How often
subscribe-which-changes = Which changes
subscribe-change-status = Status changes (delivery or strength)
subscribe-change-every = Every follow-up
subscribe-change-deadlines = Deadlines coming up or missed
subscribe-time-zone = Time zone
subscribe-lang = Language of the mail
subscribe-error-unknown = scope: there is no { $kind } "{ $target }"
subscribe-error-changes = changes: choose at least one kind of change
subscribe-lang-error = lang: choose English or French
subscribe-save = Save
subscribe-submit = Subscribe
subscribe-conflict = scope: this address already follows that; change it from that subscription's own link
subscribe-saved = Saved.
subscribe-your-data = Your data
subscribe-download = Download everything kept about this address
subscribe-download-format = (JSON).
subscribe-unsubscribe = Unsubscribe
subscribe-revoke = Revoke every link mailed so far
subscribe-revoke-note = (new ones are mailed to you)
subscribe-erase = Erase every subscription and message of this address
state-unconfirmed = Waiting for confirmation
state-confirmed = Confirmed
state-unsubscribed = Unsubscribed
notice-inbox-title = Check your inbox
notice-inbox = If { $email } can receive mail, a message is on its way. Open the link in it within { $hours } hours to confirm; nothing is sent until you do.
notice-confirm-title = Confirm your subscription
notice-confirm = One more step: press the button to start receiving digests.
notice-confirm-button = Confirm
notice-confirmed-title = Subscription confirmed
notice-confirmed = You will get a digest when something you follow changes. Every digest links to your preferences.
notice-preferences = Your preferences
notice-invalid-title = Link not valid
notice-link-used = This link has expired or was already used. Subscribe again to get a new one.
notice-unsubscribed-title = Unsubscribed
notice-unsubscribed = { $email } will get no more digests about { $scope }. Digests already written are not sent.
notice-unsubscribe-title = Unsubscribe?
notice-unsubscribe = Stop emailing { $email } about { $scope }?
notice-busy = Too many subscription requests lately; please try again in an hour.
notice-erased-title = Erased
notice-erased = Removed { $n } { $n ->
    [one] subscription
   *[other] subscriptions
  } and every message to this address. Links in earlier mail no longer work.
notice-revoked-title = Links revoked
notice-revoked = Every link mailed to { $email } before now no longer works. A mail with new links is on its way.
