-- The count of commands committed (standards.ChangeCounter): one row,
-- id 1, whose n every committed command adds one to, in a transaction of
-- its own after the command's, so that a host keeping views (the web app's
-- pages) knows with one read of the primary key whether anything changed.
-- {{.Prefix}} is the host's table-name prefix.

CREATE TABLE {{.Prefix}}change_count (
  id INTEGER NOT NULL,
  n {{.BigInt}} NOT NULL,
  PRIMARY KEY (id)
){{.TableOptions}};
--bun:split

INSERT INTO {{.Prefix}}change_count (id, n) VALUES (1, 0);
