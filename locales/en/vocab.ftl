# vocab

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
