-- The first schema of eops: every table of the standards.Store port.
-- host_ is the host's table-name prefix (sqlstore.WithPrefix).

CREATE TABLE host_trusts (
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id)
);
--bun:split

CREATE INDEX host_trusts_name_idx ON host_trusts (name, id);
--bun:split

CREATE TABLE host_centres (
  id TEXT NOT NULL,
  number TEXT NOT NULL,
  name TEXT NOT NULL,
  trust_id TEXT,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (number),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id)
);
--bun:split

CREATE INDEX host_centres_trust_idx ON host_centres (trust_id, number);
--bun:split

CREATE TABLE host_centre_years (
  centre_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  registered_at TIMESTAMP NOT NULL,
  registered_by TEXT,
  PRIMARY KEY (centre_id, year),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
);
--bun:split

CREATE TABLE host_people (
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  external_id TEXT,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email),
  UNIQUE (external_id)
);
--bun:split

CREATE TABLE host_registrations (
  id TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  roles TEXT NOT NULL,
  status TEXT NOT NULL,
  admin BOOLEAN NOT NULL,
  requested_at TIMESTAMP NOT NULL,
  registered_by TEXT,
  decided_at TIMESTAMP,
  decided_by TEXT,
  reject_reason TEXT NOT NULL,
  left_at TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (centre_id, person_id, year),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
);
--bun:split

CREATE INDEX host_registrations_centre_idx ON host_registrations (centre_id, year, requested_at, id);
--bun:split

CREATE INDEX host_registrations_person_idx ON host_registrations (person_id, year);
--bun:split

CREATE TABLE host_oversights (
  centre_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  eo_registration_id TEXT NOT NULL,
  overseer_registration_id TEXT NOT NULL,
  assigned_by TEXT,
  assigned_at TIMESTAMP NOT NULL,
  PRIMARY KEY (eo_registration_id, overseer_registration_id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (eo_registration_id) REFERENCES host_registrations (id),
  FOREIGN KEY (overseer_registration_id) REFERENCES host_registrations (id)
);
--bun:split

CREATE INDEX host_oversights_centre_idx ON host_oversights (centre_id, year, assigned_at);
--bun:split

CREATE INDEX host_oversights_overseer_idx ON host_oversights (overseer_registration_id);
--bun:split

CREATE TABLE host_trust_leads (
  trust_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  appointed_by TEXT,
  appointed_at TIMESTAMP NOT NULL,
  PRIMARY KEY (trust_id, person_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
);
--bun:split

CREATE INDEX host_trust_leads_person_idx ON host_trust_leads (person_id, appointed_at);
--bun:split

CREATE TABLE host_trust_requests (
  id TEXT NOT NULL,
  trust_id TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  from_side TEXT NOT NULL,
  requested_by TEXT,
  requested_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (trust_id, centre_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
);
--bun:split

CREATE INDEX host_trust_requests_centre_idx ON host_trust_requests (centre_id, requested_at);
--bun:split

CREATE TABLE host_records (
  id TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  version INTEGER NOT NULL,
  closed_at TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE (registration_id),
  FOREIGN KEY (registration_id) REFERENCES host_registrations (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
);
--bun:split

CREATE INDEX host_records_centre_idx ON host_records (centre_id, year, created_at, id);
--bun:split

CREATE TABLE host_meetings (
  id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  day TIMESTAMP NOT NULL,
  attendees TEXT NOT NULL,
  notes TEXT NOT NULL,
  updates TEXT NOT NULL,
  recorded_by TEXT,
  recorded_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_meetings_record_idx ON host_meetings (record_id, day, id);
--bun:split

CREATE TABLE host_targets (
  id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  area TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  success_measure TEXT NOT NULL,
  due TIMESTAMP,
  catalogue_item_id TEXT NOT NULL,
  state TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  rating TEXT NOT NULL,
  withdrawn_reason TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_targets_record_idx ON host_targets (record_id, created_at, id);
--bun:split

CREATE TABLE host_target_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  target_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  at TIMESTAMP NOT NULL,
  changed_by TEXT,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  rating TEXT NOT NULL,
  comment TEXT NOT NULL,
  meeting_id TEXT,
  FOREIGN KEY (target_id) REFERENCES host_targets (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id)
);
--bun:split

CREATE INDEX host_target_changes_record_idx ON host_target_changes (record_id, seq);
--bun:split

CREATE TABLE host_cpd_entries (
  id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  day TIMESTAMP NOT NULL,
  hours REAL NOT NULL,
  provider TEXT NOT NULL,
  verified BOOLEAN NOT NULL,
  reflection TEXT NOT NULL,
  target_ids TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_cpd_entries_record_idx ON host_cpd_entries (record_id, day, id);
--bun:split

CREATE TABLE host_support_actions (
  id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  meeting_id TEXT NOT NULL,
  description TEXT NOT NULL,
  owner_registration_id TEXT NOT NULL,
  due TIMESTAMP NOT NULL,
  state TEXT NOT NULL,
  done_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id),
  FOREIGN KEY (owner_registration_id) REFERENCES host_registrations (id)
);
--bun:split

CREATE INDEX host_support_actions_record_idx ON host_support_actions (record_id, due, id);
--bun:split

CREATE TABLE host_private_notes (
  id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  author_id TEXT,
  body TEXT NOT NULL,
  at TIMESTAMP NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_private_notes_record_idx ON host_private_notes (record_id, at, id);
--bun:split

CREATE TABLE host_signatures (
  record_id TEXT NOT NULL,
  side TEXT NOT NULL,
  person_id TEXT,
  at TIMESTAMP NOT NULL,
  statement_version INTEGER NOT NULL,
  statement_hash TEXT NOT NULL,
  PRIMARY KEY (record_id, side),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE TABLE host_statements (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_at TIMESTAMP NOT NULL,
  published_by TEXT,
  PRIMARY KEY (year, version)
);
--bun:split

CREATE TABLE host_certificates (
  id TEXT NOT NULL,
  serial TEXT NOT NULL,
  verification_code TEXT NOT NULL,
  record_id TEXT,
  person_id TEXT NOT NULL,
  holder_name TEXT NOT NULL,
  centre_id TEXT,
  centre_name TEXT NOT NULL,
  centre_number TEXT NOT NULL,
  year INTEGER NOT NULL,
  issued_at TIMESTAMP NOT NULL,
  claimed_by TEXT,
  claimed_by_name TEXT NOT NULL,
  revoked_at TIMESTAMP,
  revoked_by TEXT,
  revoke_reason TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (serial),
  UNIQUE (verification_code),
  UNIQUE (record_id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
);
--bun:split

CREATE INDEX host_certificates_person_idx ON host_certificates (person_id, year);
--bun:split

CREATE TABLE host_audit_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TIMESTAMP NOT NULL,
  actor TEXT NOT NULL,
  actor_id TEXT,
  operator BOOLEAN NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  summary TEXT NOT NULL
);
--bun:split

CREATE INDEX host_audit_entries_centre_idx ON host_audit_entries (centre_id, seq);
--bun:split

CREATE TABLE host_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TIMESTAMP NOT NULL,
  kind TEXT NOT NULL,
  recipients TEXT NOT NULL,
  centre_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  summary TEXT NOT NULL,
  acked_at TIMESTAMP
);
--bun:split

CREATE INDEX host_events_pending_idx ON host_events (acked_at, seq);
