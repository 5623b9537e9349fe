ALTER TABLE {{.Prefix}}host_keys DROP COLUMN operator;
