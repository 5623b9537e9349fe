DROP TABLE {{.Prefix}}change_count;
