DROP INDEX host_records_year_idx;
--bun:split

DROP TABLE host_reminders;
