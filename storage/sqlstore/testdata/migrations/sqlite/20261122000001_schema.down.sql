DROP TABLE host_events;
--bun:split

DROP TABLE host_audit_entries;
--bun:split

DROP TABLE host_certificates;
--bun:split

DROP TABLE host_statements;
--bun:split

DROP TABLE host_signatures;
--bun:split

DROP TABLE host_private_notes;
--bun:split

DROP TABLE host_support_actions;
--bun:split

DROP TABLE host_cpd_entries;
--bun:split

DROP TABLE host_target_changes;
--bun:split

DROP TABLE host_targets;
--bun:split

DROP TABLE host_meetings;
--bun:split

DROP TABLE host_records;
--bun:split

DROP TABLE host_trust_requests;
--bun:split

DROP TABLE host_trust_leads;
--bun:split

DROP TABLE host_oversights;
--bun:split

DROP TABLE host_registrations;
--bun:split

DROP TABLE host_people;
--bun:split

DROP TABLE host_centre_years;
--bun:split

DROP TABLE host_centres;
--bun:split

DROP TABLE host_trusts;
