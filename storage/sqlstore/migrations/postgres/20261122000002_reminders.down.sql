DROP INDEX {{.Prefix}}records_year_idx;
--bun:split

DROP TABLE {{.Prefix}}reminders;
