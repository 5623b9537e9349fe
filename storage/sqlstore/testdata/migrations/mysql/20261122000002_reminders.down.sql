DROP INDEX host_records_year_idx ON host_records;
--bun:split

DROP TABLE host_reminders;
