DROP TABLE {{.Prefix}}events;
--bun:split

DROP TABLE {{.Prefix}}audit_entries;
--bun:split

DROP TABLE {{.Prefix}}certificates;
--bun:split

DROP TABLE {{.Prefix}}statements;
--bun:split

DROP TABLE {{.Prefix}}signatures;
--bun:split

DROP TABLE {{.Prefix}}private_notes;
--bun:split

DROP TABLE {{.Prefix}}support_actions;
--bun:split

DROP TABLE {{.Prefix}}cpd_entries;
--bun:split

DROP TABLE {{.Prefix}}target_changes;
--bun:split

DROP TABLE {{.Prefix}}targets;
--bun:split

DROP TABLE {{.Prefix}}meetings;
--bun:split

DROP TABLE {{.Prefix}}records;
--bun:split

DROP TABLE {{.Prefix}}trust_requests;
--bun:split

DROP TABLE {{.Prefix}}trust_leads;
--bun:split

DROP TABLE {{.Prefix}}oversights;
--bun:split

DROP TABLE {{.Prefix}}registrations;
--bun:split

DROP TABLE {{.Prefix}}people;
--bun:split

DROP TABLE {{.Prefix}}centre_years;
--bun:split

DROP TABLE {{.Prefix}}centres;
--bun:split

DROP TABLE {{.Prefix}}trusts;
