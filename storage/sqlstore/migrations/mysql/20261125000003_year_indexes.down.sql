DROP INDEX {{.Prefix}}registrations_year_idx ON {{.Prefix}}registrations;
--bun:split

DROP INDEX {{.Prefix}}certificates_year_idx ON {{.Prefix}}certificates;
--bun:split

DROP INDEX {{.Prefix}}centre_years_year_idx ON {{.Prefix}}centre_years;
--bun:split

DROP INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders;
--bun:split

CREATE INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders (day);
