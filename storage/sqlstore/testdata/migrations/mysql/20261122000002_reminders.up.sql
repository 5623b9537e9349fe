-- The reminders of attention flags that standards.Service.RemindersDue
-- appended: one row per record, flag and UK day, so that a second call on
-- the same day adds nothing. host_ is the host's table-name prefix.

CREATE TABLE host_reminders (
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  code VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  day DATETIME(6) NOT NULL,
  at DATETIME(6) NOT NULL,
  event_seq BIGINT NOT NULL,
  PRIMARY KEY (record_id, code, day),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_reminders_day_idx ON host_reminders (day);
--bun:split

CREATE INDEX host_records_year_idx ON host_records (year, centre_id, created_at, id);
