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
