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
error-not-found-message = Nothing was found at this address.
error-bad-field = The value given for “{ $field }” cannot be used.

# The data page.
data-title = Data and API
data-heading = Data, API and feeds
data-about = About the data
data-about-text = The pledges shipped with pledgewatch, with their follow-ups, were last checked on 3 December 2026. Every figure, date and status comes from a page cited beside it: an official record or statement where one could be found, otherwise press reports. Where sources disagree, each figure is shown with its own source and none is averaged; a fundraising aim is shown as an aim, apart from money announced. A pledge whose only source is a secondary report is marked unverified, and a status moves only as far as the cited evidence says. Where nothing could be found, a pledge stays not yet assessed.
data-corrections = Corrections:
data-corrections-text = each pledge page lists its sources. If a fact is wrong, missing or out of date, tell the editors who run this site, with the address of a page that states it; corrections are recorded as corrections, old and new value side by side, in the change log below.
data-citing = Citing:
data-citing-text = name the tracker, the page's address, the day you read it and the change-log head shown below, for example:
data-citing-example = pledgewatch, “France: €109 billion of AI investment”, read on 3 December 2026, change log at entry { $head }
data-citing-after = . The head lets anyone check later that the record you cited has not been rewritten.
data-licence = Licence:
data-licence-before = the data (pledges, follow-ups, actors, events and source notes) is published under the
data-licence-after = licence (CC BY 4.0): reuse it freely, with credit. The quoted words and linked pages belong to their publishers. The pledgewatch software is licensed separately, under the GNU AGPL 3.0 or later; its
data-licence-end = is public.
data-api = JSON API (version 1)
data-api-openapi = The OpenAPI 3.1 description is at
data-api-filters = Lists take the same filters as the pledge list page
data-api-filters-after = ; a filter may repeat or take comma-separated values.
data-and = and
data-semicolon = ;
data-follow-ups-newest = newest first;
data-follow-ups-after = continues below an id: follow the
data-follow-ups-or = link or the
data-follow-ups-end = {" "}header
data-link-header = Lists that page send a
data-header-after = {" "}header
data-problems = Errors are problem details
data-problems-with = with
data-problems-field = and, when a parameter is at fault, its name in
data-cors = The API, exports and feeds may be read from scripts on any site (CORS, GET and HEAD, no credentials).
data-log = Every change, checkable
data-log-text = Every change to the public record (a pledge added, corrected, deleted or restored, a follow-up, an actor or event added or corrected) is an entry in an append-only log. Each entry carries the SHA-256 hash of its own contents and of the entry before it, so changing or removing any past entry changes every hash after it.
data-log-head = The log now ends at entry { $seq } with hash
data-log-header = Every API response carries the same head in its
data-log-keep = Keep a head you saw; later, anyone can check that the log still leads to it.
data-log-api = the log, oldest first
data-log-follow = follow
data-log-feed = The newest changes (Atom)
data-hash = Entry n's hash is the SHA-256, in lowercase hex, of these nine lines joined by a newline, with no newline at the end:
data-hash-seq = the sequence number
data-hash-body = (exactly as given)
data-hash-end = , and the previous entry's hash (64 zeros for the first). pledgewatch's README shows the check in a few lines of Python.
data-exports = Exports
data-export-pledges = Pledges (CSV)
data-export-pledges-text = one row per pledge, the same columns the import reads. Takes the list filters.
data-export-follow-ups = Follow-ups (CSV)
data-export-follow-ups-text = every follow-up with its changes and evidence.
data-excel = For a spreadsheet in French (or another locale whose decimal mark is a comma), add
data-excel-text = : cells separated by semicolons, with a UTF-8 byte-order mark, e.g.
data-excel-link = pledges for Excel in French
data-excel-import = The import reads either form.
data-csv-rules = CSV files follow RFC 4180; a cell that would start a spreadsheet formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe.
data-feeds = Feeds
data-feeds-all = All follow-ups (Atom)
data-feeds-per = ; per pledge, actor and theme at
data-feeds-deadlines = Deadlines (iCalendar)
data-tags = Feeds and entries are identified by
data-tags-example = URIs (for example
data-tags-end = , which stay the same if this site moves.
