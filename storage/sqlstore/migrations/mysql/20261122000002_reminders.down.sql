DROP INDEX {{.Prefix}}records_year_idx ON {{.Prefix}}records;
--bun:split

DROP TABLE {{.Prefix}}reminders;
