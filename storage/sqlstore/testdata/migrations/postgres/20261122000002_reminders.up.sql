-- The reminders of attention flags that standards.Service.RemindersDue
-- appended: one row per record, flag and UK day, so that a second call on
-- the same day adds nothing. host_ is the host's table-name prefix.

CREATE TABLE host_reminders (
  record_id TEXT COLLATE "C" NOT NULL,
  code TEXT COLLATE "C" NOT NULL,
  day TIMESTAMPTZ NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  event_seq BIGINT NOT NULL,
  PRIMARY KEY (record_id, code, day),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_reminders_day_idx ON host_reminders (day);
--bun:split

CREATE INDEX host_records_year_idx ON host_records (year, centre_id, created_at, id);
