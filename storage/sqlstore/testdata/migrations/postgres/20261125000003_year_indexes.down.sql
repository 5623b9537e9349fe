DROP INDEX host_registrations_year_idx;
--bun:split

DROP INDEX host_certificates_year_idx;
--bun:split

DROP INDEX host_centre_years_year_idx;
--bun:split

DROP INDEX host_reminders_day_idx;
--bun:split

CREATE INDEX host_reminders_day_idx ON host_reminders (day);
