-- The count of commands committed (standards.ChangeCounter): one row,
-- id 1, whose n every committed command adds one to, in a transaction of
-- its own after the command's, so that a host keeping views (the web app's
-- pages) knows with one read of the primary key whether anything changed.
-- host_ is the host's table-name prefix.

CREATE TABLE host_change_count (
  id INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

INSERT INTO host_change_count (id, n) VALUES (1, 0);
