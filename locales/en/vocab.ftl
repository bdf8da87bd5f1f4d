# vocab

# mail: the vocabulary mail needs before the "pages" helper's labels are merged (the
# lead keeps one copy of each id).
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
schedule-no_deadline = No deadline
schedule-relative_unresolved = Relative deadline, date not yet known
schedule-upcoming = Upcoming
schedule-due_soon = Due soon
schedule-overdue = Overdue
schedule-met_on_time = Met on time
schedule-met_late = Met late
strength-floated = Floated
strength-announced = Announced
strength-formalised = Formalised
strength-binding = Binding
condition_state-pending = Pending
condition_state-met = Met
condition_state-failed = Failed
theme-public_interest_ai = Public-interest AI
theme-jobs_and_skills = Jobs and skills
theme-investment = Investment
theme-ethics_and_safety = Ethics and safety
theme-regulation = Regulation
theme-sustainability = Sustainability
tier-official_record = Official record
tier-official_statement = Official statement
tier-press_report = Press report
tier-secondary_report = Secondary report
stage-announced = Announced
stage-pledged = Pledged
stage-committed = Committed
stage-disbursed = Disbursed
stage-spent = Spent
frequency-daily = Daily
frequency-weekly = Weekly
