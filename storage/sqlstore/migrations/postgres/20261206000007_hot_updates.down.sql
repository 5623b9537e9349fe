ALTER TABLE {{.Prefix}}targets RESET (fillfactor);
--bun:split

ALTER TABLE {{.Prefix}}records RESET (fillfactor);
