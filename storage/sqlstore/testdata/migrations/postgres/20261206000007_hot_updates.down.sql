ALTER TABLE host_targets RESET (fillfactor);
--bun:split

ALTER TABLE host_records RESET (fillfactor);
