-- Leave room on each page of the tables whose rows commands update in
-- place (a record's version, a target's state), so that PostgreSQL can make
-- the update HOT: the new version of the row on the same page, and no new
-- entry in any index. An update that is not HOT writes to a leaf page of
-- every index of the table, and at SERIALIZABLE that write is a read/write
-- dependency with every transaction that read any row of that page, on
-- any record (docs/benchmarks.md, issue 19). It applies to pages written
-- from now on; VACUUM FULL (or pg_repack) applies it to a table's old ones.
ALTER TABLE host_records SET (fillfactor = 70);
--bun:split

ALTER TABLE host_targets SET (fillfactor = 70);
