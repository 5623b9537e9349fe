DROP INDEX {{.Prefix}}registrations_year_idx{{.OnTable "registrations"}};
--bun:split

DROP INDEX {{.Prefix}}certificates_year_idx{{.OnTable "certificates"}};
--bun:split

DROP INDEX {{.Prefix}}centre_years_year_idx{{.OnTable "centre_years"}};
--bun:split

DROP INDEX {{.Prefix}}reminders_day_idx{{.OnTable "reminders"}};
--bun:split

CREATE INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders (day);
