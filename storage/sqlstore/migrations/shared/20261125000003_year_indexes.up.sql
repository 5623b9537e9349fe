-- Indexes for the reads that go across a whole academic year: the
-- operator's national figures (centres, registrations and certificates of
-- a year) and the daily reminders (the last days' reminders in day order).
-- Without them those reads scan their tables whole (TestEveryReadUsesAnIndex).
-- {{.Prefix}} is the host's table-name prefix.

DROP INDEX {{.Prefix}}reminders_day_idx{{.OnTable "reminders"}};
--bun:split

CREATE INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders (day, record_id, code);
--bun:split

CREATE INDEX {{.Prefix}}centre_years_year_idx ON {{.Prefix}}centre_years (year, centre_id);
--bun:split

CREATE INDEX {{.Prefix}}certificates_year_idx ON {{.Prefix}}certificates (year, issued_at, id);
--bun:split

CREATE INDEX {{.Prefix}}registrations_year_idx ON {{.Prefix}}registrations (year, centre_id, requested_at, id);
