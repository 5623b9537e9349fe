-- The national figures' tallies: one count per academic year, measure and
-- month (1 for September to 12 for August, 0 outside the year), kept up to
-- date by the commands that change them (each in one of a few shards, so
-- that commands at once seldom write one row), so that the operator's figures
-- read a few rows however big the platform is. The first time a year's
-- figures are read, the library counts them from the rows and marks the
-- year with the measure "kept". {{.Prefix}} is the host's table-name prefix.

CREATE TABLE {{.Prefix}}tallies (
  year {{.Int}} NOT NULL,
  measure {{.ASCII 32}} NOT NULL,
  month {{.Int}} NOT NULL,
  shard {{.Int}} NOT NULL,
  total {{.BigInt}} NOT NULL,
  PRIMARY KEY (year, measure, month, shard)
){{.TableOptions}};
