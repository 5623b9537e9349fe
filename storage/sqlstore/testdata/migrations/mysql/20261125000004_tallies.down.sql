DROP TABLE host_tallies;
