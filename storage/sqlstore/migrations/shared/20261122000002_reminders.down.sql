DROP INDEX {{.Prefix}}records_year_idx{{.OnTable "records"}};
--bun:split

DROP TABLE {{.Prefix}}reminders;
