-- The reminders of attention flags that standards.Service.RemindersDue
-- appended: one row per record, flag and UK day, so that a second call on
-- the same day adds nothing. {{.Prefix}} is the host's table-name prefix.

CREATE TABLE {{.Prefix}}reminders (
  record_id {{.ID}} NOT NULL,
  code {{.ASCII 64}} NOT NULL,
  day {{.Time}} NOT NULL,
  at {{.Time}} NOT NULL,
  event_seq {{.BigInt}} NOT NULL,
  PRIMARY KEY (record_id, code, day),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}reminders_day_idx ON {{.Prefix}}reminders (day);
--bun:split

CREATE INDEX {{.Prefix}}records_year_idx ON {{.Prefix}}records (year, centre_id, created_at, id);
