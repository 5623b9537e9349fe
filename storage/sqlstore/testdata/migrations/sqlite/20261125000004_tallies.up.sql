-- The national figures' tallies: one count per academic year, measure and
-- month (1 for September to 12 for August, 0 outside the year), kept up to
-- date by the commands that change them (each in one of a few shards, so
-- that commands at once seldom write one row), so that the operator's figures
-- read a few rows however big the platform is. The first time a year's
-- figures are read, the library counts them from the rows and marks the
-- year with the measure "kept". host_ is the host's table-name prefix.

CREATE TABLE host_tallies (
  year INTEGER NOT NULL,
  measure TEXT NOT NULL,
  month INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (year, measure, month, shard)
);
