# pages: the dashboard, the pledge list, actors, themes and events, money, errors.

dash-heading = What was promised, what moved, what is late
dash-intro = As of { $today }: { $total } pledges tracked. { $unverified } of { $total } rest on unverified sources only; { $contested } are contested.
dash-delivery = Delivery status
dash-delivery-chart = Pledges by delivery status
dash-delivery-desc = Number of pledges in each delivery status, out of all pledges.
dash-schedule = Schedule
dash-schedule-chart = Pledges by schedule status
dash-schedule-desc = Number of pledges by where they stand against their deadline.
dash-strength = Strength of commitment
dash-strength-chart = Pledges by strength
dash-strength-desc = Number of pledges by how binding they are.
chart-bar = { $label }: { $count } of { $total }.
dash-money = Money by stage ({ $currency })
dash-money-note = Converted at the ECB reference rate of each figure's value date. A parent pledge is counted either by its own figure or by its children's, never both; where sources disagree the total is a range.
dash-money-link = See every figure as its source states it
dash-money-chart = Money by stage in { $currency }
dash-money-row = { $stage }: { $total } from { $n } pledges.
money-exact-range = { $min } to { $max }
dash-unconverted = ({ $n } figures without a rate)
dash-rates = Rates:
dash-progress = Progress
dash-progress-count = by count: the mean progress of all { $total } pledges, those with no progress recorded counting as 0.
dash-progress-money = by money: weighted by the announced amount of { $n } pledges ({ $basis } announced).
dash-due = due { $date }
dash-all-overdue = All overdue pledges
dash-none-overdue = Nothing is overdue.
dash-due-soon = Due within 30 days
dash-none-due-soon = No deadline falls in the next 30 days.
dash-stale = Stale: no follow-up for 90 days
dash-stale-count = { $n } of { $total } open pledges.
dash-last-news = last news { $date }
dash-by-themes = By themes
dash-by-actors = By actors (most pledges)
dash-actors-col = Actors (most pledges)
dash-by-events = By events
dash-latest = Latest follow-ups
dash-follow-all = Follow every pledge by email
dash-follow-all-after = : a daily or weekly digest when something changes.
dash-contribute = Send evidence, a correction or a missing pledge
dash-contribute-after = : no account needed; an editor checks it first.
dash-no-follow-up = No follow-up has been recorded yet.

links-none = No pledge's status rests only on evidence whose link is gone or has changed since it was cited.
links-at-risk = { $n ->
    [one] pledge rests
   *[other] pledges rest
  } only on evidence whose link is gone or has changed since it was cited:

list-add = Add a pledge
list-filter = Filter pledges
list-words = Words
list-actor = Actor
list-actor-placeholder = actor slug
list-delivery = Delivery
list-strength = Strength
list-schedule = Schedule
list-theme = Theme
list-kind = Kind
list-event = Event
list-any = Any
list-sort = Sort
list-apply = Apply
list-clear = Clear
list-count = { $n ->
    [one] { $n } pledge match
   *[other] { $n } pledges match
  }; page { $page } of { $pages }.
list-pages = Pages
list-prev = ← Previous
list-next = Next →
list-page = Page { $page } of { $pages }

group-kind-actors = actors
group-kind-themes = themes
group-kind-events = events
group-feed-title = Follow-ups: { $name }
group-correct = Correct
group-count = { $n ->
    [one] { $n } pledge.
   *[other] { $n } pledges.
  }
group-atom = Atom feed
group-showing = Showing { $shown } of { $total } pledges; the full list is at { $link }.
group-members = Members: { $names }.
group-date-unknown = Date not yet known
group-date-range = { $start } to { $end }
group-theme = Theme
index-add = Add

money-title = Money as stated
money-heading = Every money figure as its source states it
money-intro = Original amounts and currencies, with the conversion to { $currency } at the ECB reference rate of the value date. Two sources that disagree are two rows.
money-aims = Fundraising aims
money-aims-total = , totalled apart from money announced and never counted in it: { $amount } ({ $currency }, converted), the aims of
money-truncated = The first { $n } figures are shown; the CSV export has them all.

error-back = Back to the dashboard
error-all-pledges = All pledges
error-not-found = Not found
error-not-found-message = Nothing was found at this address.
error-bad-request = That request cannot be answered
error-bad-field = The value given for “{ $field }” cannot be used.
error-server = Server error
error-server-message = Something went wrong on our side; it has been logged.
error-forbidden = Not allowed
error-too-many = Too many attempts
error-too-large = Too large
error-unavailable = Temporarily unavailable
error-refused = Request refused
