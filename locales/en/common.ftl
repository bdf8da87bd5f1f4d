# The layout around every page, and words shared by many pages.

site-feed-all = All follow-ups
skip-to-content = Skip to content
nav-main = Main
nav-dashboard = Dashboard
nav-pledges = Pledges
nav-actors = Actors
nav-themes = Themes
nav-events = Events
nav-money = Money
nav-data = Data & API
nav-editors = Editors
nav-language = Language
footer-about = pledgewatch tracks public AI-policy commitments from announcement to delivery. Every figure carries its source; converted totals use the European Central Bank's euro reference rates at each figure's value date.
footer-licence = Free software under the
footer-source = source code
