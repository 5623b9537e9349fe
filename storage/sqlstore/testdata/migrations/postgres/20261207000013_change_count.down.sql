DROP TABLE host_change_count;
