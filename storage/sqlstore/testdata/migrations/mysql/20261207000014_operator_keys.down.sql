ALTER TABLE host_host_keys DROP COLUMN operator;
