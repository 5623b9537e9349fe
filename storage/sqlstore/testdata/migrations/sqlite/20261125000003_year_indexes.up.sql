-- Indexes for the reads that go across a whole academic year: the
-- operator's national figures (centres, registrations and certificates of
-- a year) and the daily reminders (the last days' reminders in day order).
-- Without them those reads scan their tables whole (TestEveryReadUsesAnIndex).
-- host_ is the host's table-name prefix.

DROP INDEX host_reminders_day_idx;
--bun:split

CREATE INDEX host_reminders_day_idx ON host_reminders (day, record_id, code);
--bun:split

CREATE INDEX host_centre_years_year_idx ON host_centre_years (year, centre_id);
--bun:split

CREATE INDEX host_certificates_year_idx ON host_certificates (year, issued_at, id);
--bun:split

CREATE INDEX host_registrations_year_idx ON host_registrations (year, centre_id, requested_at, id);
