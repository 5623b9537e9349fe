DROP INDEX {{.Prefix}}registrations_year_idx;
--bun:split

DROP INDEX {{.Prefix}}certificates_year_idx;
--bun:split

DROP INDEX {{.Prefix}}centre_years_year_idx;
--bun:split

DROP INDEX {{.Prefix}}reminders_day_idx;
--bun:split

CREATE INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders (day);
