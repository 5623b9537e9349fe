DROP INDEX host_registrations_year_idx ON host_registrations;
--bun:split

DROP INDEX host_certificates_year_idx ON host_certificates;
--bun:split

DROP INDEX host_centre_years_year_idx ON host_centre_years;
--bun:split

DROP INDEX host_reminders_day_idx ON host_reminders;
--bun:split

CREATE INDEX host_reminders_day_idx ON host_reminders (day);
