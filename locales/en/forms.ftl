# forms: the editing and contribution forms, and the accounts' forms.

## Shared words

form-nothing-saved = Nothing was saved:
form-save = Save
form-cancel = Cancel
form-none = (none)
form-unchanged = (unchanged)
form-please-correct = Please correct:

## Each field's name as its form shows it: French messages name a refused field so

field-slug = Slug
field-title = Title
field-summary = Summary
field-kind = Kind
field-themes = Themes
field-event = Event
field-announced_on = Announced on
field-strength = Strength
field-parent = Part of
field-supersedes = Supersedes
field-contested = Contested
field-sources = Sources
field-actors = Actors
field-role = Role
field-deadline = Deadline
field-deadline_event = Deadline event
field-deadline_text = Deadline as worded
field-quote = Exact quote
field-quote_language = Quote language
field-quote_source = Quote source
field-conditions = Conditions
field-condition = Condition
field-condition_source = Condition source
field-money = Money
field-amount = Amount
field-min = Minimum
field-max = Maximum
field-currency = Currency
field-stage = Stage
field-value_date = Value date
field-source = Source
field-occurred_on = When it happened
field-delivery = Delivery status
field-progress = Progress
field-note = Note
field-evidence = Evidence
field-evidence_url = Link
field-evidence_title = Evidence title
field-evidence_publisher = Publisher
field-evidence_tier = Evidence kind
field-evidence_archived_url = Archived copy
field-money_stage = Stage
field-money_amount = Amount
field-money_currency = Currency
field-money_value_date = Value date
field-money_source = Money source
field-pledge = Pledge
field-links = Web addresses
field-claim = What changed
field-actor = Actor
field-answers = Follow-up answered
field-name = Name
field-email = Email
field-current = Current password
field-new = New password
field-password = Password
field-role_user = Role
field-members = Members
field-country = Country
field-location = Place
field-starts_on = Starts on
field-ends_on = Ends on
field-precision = Precision
field-published_on = Published on
field-publisher = Publisher
field-url = Web address
field-form = Form

## Messages of the web forms themselves

form-progress-whole = progress must be a whole number from 0 to 100
form-contested-yes-no = contested must be yes or no
form-not-a-condition = { $key } is not a condition of this pledge
form-actor-pair = actors: { $quoted } is not actor:role
form-condition-line = conditions: { $quoted } is not state | text | source
form-money-line = money: { $quoted } is not stage | amount | currency | value date | source | note

## The pledge form

pf-title-new = New pledge
pf-title-correct = Correct a pledge
pf-heading-correct = Correct “{ $title }”
pf-intro = What was announced, as its sources state it. Progress is recorded as follow-ups, not here. Every change is kept in the pledge's history.
pf-contribution-from = , from { $credit } (contribution { $id })
pf-proposed-pledge = Proposed pledge:
pf-claim = Claim:
pf-addresses-sent = Addresses sent (add them as sources by their slugs):
pf-saving-accepts = Saving this form accepts the contribution and credits { $credit } in the change log.
pf-summary = Summary (your own words)
pf-themes = Themes ({ $codes })
pf-strength = Strength at announcement
pf-parent = Part of (parent slug)
pf-supersedes = Supersedes (slug)
pf-sources = Sources (slugs; separated by ;)
pf-actors = Actors (actor:role; roles announcer, funder, implementer, signatory)
pf-deadline-date = Deadline date
pf-known-to = known to the
pf-day = day
pf-by-event = or by the event
pf-as-worded = as worded
pf-quote-language = Quote language (en, fr…)
pf-quote-source = Quote source (slug)
pf-conditions = Conditions, one a line: state | text | source
pf-money = Money as announced, one a line: stage (or aim, for a fundraising target) | amount or min-max | currency | value date | source | note
pf-delete = Delete
pf-delete-intro = The pledge leaves every list; an administrator can restore it.
pf-delete-button = Delete this pledge

## The follow-up form

fu-title = Record a follow-up
fu-now = Now: { $delivery }, { $strength }
fu-intro = Change only what moved; a change of delivery status or strength needs evidence.
fu-please-fix = Nothing was saved. Please fix:
fu-progress = Progress (0–100)
fu-yes = yes
fu-no = no
fu-condition = Condition: { $text } (now { $state })
fu-money = Money reported (optional)
fu-amount = Amount (major units)
fu-from = or from
fu-to = to
fu-currency = Currency (ISO 4217)
fu-source = Source (slug)
fu-link = Link { $n }
fu-archived = Archived copy (optional)
fu-record = Record

## The contribution form and its notices

contrib-title = Contribute
contrib-intro = Send the editors evidence for a pledge, a correction, a pledge the tracker lacks, or a reply on behalf of an actor the tracker follows. No account needed; nothing is published until an editor checks it. Plain text only, at most { $max } web addresses.
contrib-about = About
contrib-kind = What you send
contrib-pledge-hint = (its address name, e.g. france-109bn-ai-investment; leave empty for a missing pledge)
contrib-missing-title = Title of the missing pledge
contrib-links = Web addresses of the evidence
contrib-one-a-line = (one a line)
contrib-claim = What changed, or what is wrong
contrib-delivery = The delivery status the evidence shows
contrib-optional = (optional)
contrib-reply-legend = A reply on behalf of an actor
contrib-address-name = (its address name)
contrib-answers = Follow-up it answers
contrib-its-number = (its number)
contrib-credit = Credit me as
contrib-credit-hint = (optional; otherwise "a reader")
contrib-email = Email, to be told what the editors decide
contrib-email-hint = (optional; we send a confirmation link first and never publish it)
contrib-leave-empty = Leave this empty
contrib-send = Send
contrib-no-pledge = pledge: the tracker has no pledge { $quoted }
contrib-no-actor = actor: the tracker has no actor { $quoted }
contrib-thanks-title = Thank you
contrib-thanks = The editors will read it; nothing is published until one of them has checked it.
contrib-thanks-mail = The editors will read it; nothing is published until one of them has checked it. If the address you left can receive mail, a link is on its way: open it within 48 hours to be told what they decide.
contrib-confirm-title = Confirm your email
contrib-confirm-intro = Press the button to be told what the editors decide about your contribution.
contrib-confirm-button = Confirm
contrib-confirmed-title = Email confirmed
contrib-confirmed = You will get one mail when the editors decide about your contribution.
contrib-link-invalid-title = Link not valid
contrib-link-invalid = This link has expired or was already used.

## Signing in and one's account

login-title = Log in
login-intro = Accounts are for editors who record progress; reading needs none.
login-wrong = That email and password do not match an active account.
account-title = Your account
account-change-password = Change password
account-logs-out = Changing it logs out every other browser using this account.
account-new-hint = New password (12 characters or more)
account-log-out = Log out
account-current-wrong = current: the current password is wrong.
account-new-length = new: use { $min } to { $max } characters.

## The actor and event forms (labels by field name)

ref-new-actor = New actor
ref-new-event = New event
ref-correct-actor = Correct an actor
ref-correct-event = Correct an event
ref-label-slug = Slug
ref-label-name = Name
ref-label-kind = Kind
ref-label-location = Location
ref-label-country = Country (ISO 3166 alpha-2, optional)
ref-label-members = Members (actor slugs; separated by ;)
ref-label-starts_on = Starts on (leave empty while unknown)
ref-label-ends_on = Ends on
ref-label-precision = The start is known to the
ref-label-sources = Sources for the dates (slugs; separated by ;)

## An actor's published reply, under the follow-up it answers

reply-from = Reply from { $actor }
reply-from-before = Reply from
reply-published = published { $when } by { $author }
reply-archived = archived copy

## fin: a contributor who gave no name
contrib-credit-anonymous = a reader
field-time_zone = Time zone
field-frequency = How often
field-scope = Follow
