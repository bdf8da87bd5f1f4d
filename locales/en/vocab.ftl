# vocab: the words of the data's vocabularies, one family per vocabulary, by code.
# The API and the exports keep the codes; pages and mail show these.

delivery-not_yet_assessed = Not yet assessed
delivery-announced_only = Announced only
delivery-in_progress = In progress
delivery-stalled = Stalled
delivery-partially_delivered = Partially delivered
delivery-delivered = Delivered
delivery-not_delivered = Not delivered
delivery-withdrawn = Withdrawn
delivery-superseded = Superseded
delivery-unverifiable = Unverifiable

strength-floated = Floated
strength-announced = Announced
strength-formalised = Formalised
strength-binding = Binding

schedule-no_deadline = No deadline
schedule-relative_unresolved = Relative deadline, date not yet known
schedule-upcoming = Upcoming
schedule-due_soon = Due soon
schedule-overdue = Overdue
schedule-met_on_time = Met on time
schedule-met_late = Met late

condition-pending = Pending
condition-met = Met
condition-failed = Failed

pledge-kind-investment = Investment
pledge-kind-fund = Fund
pledge-kind-new_body = New body
pledge-kind-policy = Policy or regulation
pledge-kind-safety_commitment = Safety commitment
pledge-kind-programme = Programme

theme-public_interest_ai = Public-interest AI
theme-jobs_and_skills = Jobs and skills
theme-investment = Investment
theme-ethics_and_safety = Ethics and safety
theme-regulation = Regulation
theme-sustainability = Sustainability

stage-announced = Announced
stage-pledged = Pledged
stage-committed = Committed
stage-disbursed = Disbursed
stage-spent = Spent

figure-kind-amount = Amount
figure-kind-aim = Fundraising aim

basis-stated = Stated by the source
basis-derived = Derived from stated figures

actor-role-announcer = Announcer
actor-role-funder = Funder
actor-role-implementer = Implementer
actor-role-signatory = Signatory

actor-kind-country = Country
actor-kind-government_body = Government body
actor-kind-company = Company
actor-kind-investor = Investor
actor-kind-coalition = Coalition
actor-kind-multilateral_body = Multilateral body
actor-kind-civil_society = Civil society
actor-kind-initiative = Initiative

event-kind-summit = Summit
event-kind-announcement = Announcement
event-kind-conference = Conference

tier-official_record = Official record
tier-official_statement = Official statement
tier-press_report = Press report
tier-secondary_report = Secondary report

verification-verified = Verified
verification-unverified = Unverified

sort-title = Title
sort-newest = Newest announcement first
sort-deadline = Soonest deadline first
sort-updated = Latest follow-up first
sort-money = Largest announced amount first (by the lowest figure stated)

# The field a follow-up changed, and the values a change reads that are not vocabulary.
change-field-delivery = Delivery
change-field-strength = Strength
change-field-progress = Progress
change-field-condition = Condition
change-field-contested = Contested
change-field-money = Money
change-yes = yes
change-no = no

# The field a correction of the record names, as the record names it.
edit-field-created = created
edit-field-deleted = deleted
edit-field-restored = restored
edit-field-slug = slug
edit-field-title = title
edit-field-summary = summary
edit-field-kind = kind
edit-field-themes = themes
edit-field-event = event
edit-field-announced_on = announced_on
edit-field-strength = strength
edit-field-parent = parent
edit-field-supersedes = supersedes
edit-field-contested = contested
edit-field-sources = sources
edit-field-quote = quote
edit-field-actors = actors
edit-field-deadline = deadline
edit-field-conditions = conditions
edit-field-money = money

# forms: the words of the forms' own vocabularies, by code.
precision-day = Day
precision-month = Month
precision-quarter = Quarter
precision-year = Year
contribution-kind-evidence = New evidence for a pledge
contribution-kind-correction = A correction of a fact
contribution-kind-new_pledge = A pledge the tracker lacks
contribution-kind-reply = A reply on behalf of a tracked actor
user-role-admin = Administrator
user-role-editor = Editor
contribution-state-pending = Waiting for an editor
contribution-state-accepted = Accepted
contribution-state-rejected = Rejected
link-check-health-live = Live
link-check-health-changed = Changed since cited
link-check-health-gone = Gone
link-check-health-failing = Not reached at the last check
link-check-outcome-ok = Answered
link-check-outcome-gone = Gone (404 or 410)
link-check-outcome-http_error = Answered with an error
link-check-outcome-dns_failure = Name does not resolve
link-check-outcome-timeout = Timed out
link-check-outcome-unreachable = Connection failed
link-check-outcome-too_many_redirects = Too many redirects
link-check-outcome-refused = Not fetched (address not allowed)

# How often a subscriber gets mail.
frequency-daily = Daily
frequency-weekly = Weekly
