DROP TABLE {{.Prefix}}tallies;
