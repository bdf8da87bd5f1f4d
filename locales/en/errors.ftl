# errors: what a refused field, form or request says. English keeps the field's own name
# (programs and tests read these sentences); French names the field by its label.

## A value the domain refused ($field: the field's name, $label: its label on the form)

error-empty = { $field } must not be empty
error-too-long = { $field } is too long: { $len } characters, at most { $max }
error-invalid = { $field } is not valid: { $reason }
error-out-of-range = { $field } must be between { $min } and { $max }, got { $value }
error-unknown-value = { $field }: unknown value { $value }; expected one of { $expected }
error-unknown-currency = { $field }: unknown ISO 4217 currency { $code }
error-min-above-max = { $field }: the minimum { $min } is above the maximum { $max }
error-negative = { $field } must not be negative
error-deadline-before-announcement = deadline { $deadline } is before the announcement on { $announced }
error-parent-cycle = parent: making { $child } a child of { $parent } would create a cycle
error-no-rate = { $field }: no exchange rate for { $currency } on or before { $date }
error-invalid-change = { $field }: the change does not apply: { $reason }

## What the store refused

error-slug-taken = slug: { $kind } { $key } already exists
error-missing-record = { $field }: { $kind } { $slug } does not exist

## Why a value is not valid (the reason placed in error-invalid)

reason-in-future = { $date } is in the future
reason-before-announcement = { $date } is before the pledge was announced on { $announced }
reason-no-condition = this pledge has no condition { $number }
reason-old-value = its old value is not the current value
reason-character = contains the character { $code }, which is not allowed
reason-invisible-character = contains the invisible or direction-changing character { $code }, which is not allowed
reason-slug = use lowercase letters, digits and single hyphens
reason-reserved = { $word } is reserved
reason-url-scheme = must start with https:// or http://
reason-url-form = is not a well-formed web address
reason-email-ascii = only addresses in ASCII are accepted (internationalised addresses need SMTPUTF8, which is not used here); give the domain in its xn-- form
reason-email-encoded = encoded words (=?…?=) are not allowed in an address
reason-email-at = needs an @
reason-email-two-at = has more than one @
reason-email-local = the part before the @ is not valid (letters, digits and !#$%&'*+-/=?^_`{ "{" }|{ "}" }~, with dots only between them)
reason-email-domain = the domain after the @ is not valid (dotted labels of letters, digits and inner hyphens)
reason-email-stored = is not a valid address
reason-plain-text = must be plain text; HTML is not accepted
reason-follow-up-number = must be the number of a follow-up
reason-links-in-all = at most { $max } web addresses in all, counting those in the note and the claim; found { $found }
reason-links = at most { $max } web addresses, found { $found }
reason-country = must be a two-letter ISO 3166 country code
reason-member-itself = an actor cannot be a member of itself
reason-membership-circular = membership would be circular: { $chain_en }
reason-evidence-needed = a follow-up cites at least one piece of evidence
reason-date = { $quoted } is not a date in the form YYYY-MM-DD
reason-date-or-event = give a date or an event, not both
reason-end-needs-start = an end date needs a start date
reason-end-before-start = { $end } is before the start { $start }
reason-vague-event-end = an event known only to a month, quarter or year has no end date
reason-password-hash = must be an argon2id hash in PHC format
reason-time-zone = must be a time-zone name such as Europe/Paris or UTC
reason-decimal = { $quoted } is not a plain decimal number such as 1250000 or 1.5
reason-decimal-places = { $value } has { $places } decimal places; { $currency } allows { $allowed }
reason-amount-or-range = give either an amount, or both a min and a max
reason-value-date-range = { $date } is outside { $earliest } to { $latest }
reason-rate-zero = a rate must be above zero
reason-rate = { $quoted } is not a positive decimal rate
reason-language = must be a two-letter ISO 639-1 code such as en or fr
reason-supersede-itself = a pledge cannot supersede itself
reason-not-this-pledge = { $number } is not a follow-up of this pledge
reason-nothing-changed = nothing was changed: correct a field, or publish the correction as a note from the queue
reason-condition-referred = a condition that follow-ups refer to cannot be removed; record it as failed instead
reason-rewritten = follow-ups already changed a value this edit rewrites; record a follow-up instead
reason-has-children = { $n } other pledges are part of this one; delete or move them first

## Error pages

error-title-not-found = Not found
error-title-bad-request = That request cannot be answered
error-title-forbidden = Not allowed
error-title-too-many = Too many attempts
error-title-too-large = Too large
error-title-unavailable = Temporarily unavailable
error-title-server = Server error
error-title-refused = Request refused
error-unavailable = The database is unavailable at the moment, so this cannot be answered. Please try again in a minute.
error-read-only = The tracker is read-only at the moment: nothing can be changed. Please try again later.
error-timed-out = This request took too long to answer. Please try again in a minute.
error-server = Something went wrong on our side; it has been logged.
error-login-first = Please log in first.
error-form-expired = The form has expired; reload it and try again.
error-csrf = The form has expired or did not come from this site; reload it and try again.
error-admins-only = This page is for administrators.
error-too-many-logins = Too many login attempts; wait { $minutes } minutes and try again.
error-too-many-attempts = Too many attempts; wait { $minutes } minutes and try again.
error-too-many-contributions = Too many contributions lately; please try again in an hour.
error-upload-too-large = file: the upload is larger than the import's limit of { $mb } MB

## fin: the subscribe form
reason-time-zone-unknown = is not a known time zone; try one such as Europe/Paris or UTC

## fin: storage refusals on pages (English pages keep the error's own words)
error-stale = This was changed in the meantime; reload the page to see where it stands.
error-conflict = This already exists.
error-missing-reference = { $slug } does not exist.
