-- The first schema of eops: every table of the standards.Store port.
-- host_ is the host's table-name prefix (sqlstore.WithPrefix).

CREATE TABLE host_trusts (
  id TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id)
);
--bun:split

CREATE INDEX host_trusts_name_idx ON host_trusts (name, id);
--bun:split

CREATE TABLE host_centres (
  id TEXT COLLATE "C" NOT NULL,
  number TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  trust_id TEXT COLLATE "C",
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (number),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id)
);
--bun:split

CREATE INDEX host_centres_trust_idx ON host_centres (trust_id, number);
--bun:split

CREATE TABLE host_centre_years (
  centre_id TEXT COLLATE "C" NOT NULL,
  year INTEGER NOT NULL,
  registered_at TIMESTAMPTZ NOT NULL,
  registered_by TEXT COLLATE "C",
  PRIMARY KEY (centre_id, year),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
);
--bun:split

CREATE TABLE host_people (
  id TEXT COLLATE "C" NOT NULL,
  email TEXT COLLATE "C" NOT NULL,
  name TEXT NOT NULL,
  external_id TEXT COLLATE "C",
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email),
  UNIQUE (external_id)
);
--bun:split

CREATE TABLE host_registrations (
  id TEXT COLLATE "C" NOT NULL,
  centre_id TEXT COLLATE "C" NOT NULL,
  person_id TEXT COLLATE "C" NOT NULL,
  year INTEGER NOT NULL,
  roles TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  admin BOOLEAN NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  registered_by TEXT COLLATE "C",
  decided_at TIMESTAMPTZ,
  decided_by TEXT COLLATE "C",
  reject_reason TEXT NOT NULL,
  left_at TIMESTAMPTZ,
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
  centre_id TEXT COLLATE "C" NOT NULL,
  year INTEGER NOT NULL,
  eo_registration_id TEXT COLLATE "C" NOT NULL,
  overseer_registration_id TEXT COLLATE "C" NOT NULL,
  assigned_by TEXT COLLATE "C",
  assigned_at TIMESTAMPTZ NOT NULL,
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
  trust_id TEXT COLLATE "C" NOT NULL,
  person_id TEXT COLLATE "C" NOT NULL,
  appointed_by TEXT COLLATE "C",
  appointed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (trust_id, person_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
);
--bun:split

CREATE INDEX host_trust_leads_person_idx ON host_trust_leads (person_id, appointed_at);
--bun:split

CREATE TABLE host_trust_requests (
  id TEXT COLLATE "C" NOT NULL,
  trust_id TEXT COLLATE "C" NOT NULL,
  centre_id TEXT COLLATE "C" NOT NULL,
  from_side TEXT COLLATE "C" NOT NULL,
  requested_by TEXT COLLATE "C",
  requested_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (trust_id, centre_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
);
--bun:split

CREATE INDEX host_trust_requests_centre_idx ON host_trust_requests (centre_id, requested_at);
--bun:split

CREATE TABLE host_records (
  id TEXT COLLATE "C" NOT NULL,
  registration_id TEXT COLLATE "C" NOT NULL,
  centre_id TEXT COLLATE "C" NOT NULL,
  person_id TEXT COLLATE "C" NOT NULL,
  year INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  version BIGINT NOT NULL,
  closed_at TIMESTAMPTZ,
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
  id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  day TIMESTAMPTZ NOT NULL,
  attendees TEXT NOT NULL,
  notes TEXT NOT NULL,
  updates TEXT NOT NULL,
  recorded_by TEXT COLLATE "C",
  recorded_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_meetings_record_idx ON host_meetings (record_id, day, id);
--bun:split

CREATE TABLE host_targets (
  id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  area TEXT COLLATE "C" NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  success_measure TEXT NOT NULL,
  due TIMESTAMPTZ,
  catalogue_item_id TEXT COLLATE "C" NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  proposed_by TEXT COLLATE "C" NOT NULL,
  rating TEXT COLLATE "C" NOT NULL,
  withdrawn_reason TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_targets_record_idx ON host_targets (record_id, created_at, id);
--bun:split

CREATE TABLE host_target_changes (
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  target_id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  changed_by TEXT COLLATE "C",
  from_state TEXT COLLATE "C" NOT NULL,
  to_state TEXT COLLATE "C" NOT NULL,
  rating TEXT COLLATE "C" NOT NULL,
  comment TEXT NOT NULL,
  meeting_id TEXT COLLATE "C",
  FOREIGN KEY (target_id) REFERENCES host_targets (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id)
);
--bun:split

CREATE INDEX host_target_changes_record_idx ON host_target_changes (record_id, seq);
--bun:split

CREATE TABLE host_cpd_entries (
  id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  title TEXT NOT NULL,
  day TIMESTAMPTZ NOT NULL,
  hours DOUBLE PRECISION NOT NULL,
  provider TEXT NOT NULL,
  verified BOOLEAN NOT NULL,
  reflection TEXT NOT NULL,
  target_ids TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_cpd_entries_record_idx ON host_cpd_entries (record_id, day, id);
--bun:split

CREATE TABLE host_support_actions (
  id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  meeting_id TEXT COLLATE "C" NOT NULL,
  description TEXT NOT NULL,
  owner_registration_id TEXT COLLATE "C" NOT NULL,
  due TIMESTAMPTZ NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  done_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id),
  FOREIGN KEY (owner_registration_id) REFERENCES host_registrations (id)
);
--bun:split

CREATE INDEX host_support_actions_record_idx ON host_support_actions (record_id, due, id);
--bun:split

CREATE TABLE host_private_notes (
  id TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C" NOT NULL,
  author_id TEXT COLLATE "C",
  body TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE INDEX host_private_notes_record_idx ON host_private_notes (record_id, at, id);
--bun:split

CREATE TABLE host_signatures (
  record_id TEXT COLLATE "C" NOT NULL,
  side TEXT COLLATE "C" NOT NULL,
  person_id TEXT COLLATE "C",
  at TIMESTAMPTZ NOT NULL,
  statement_version INTEGER NOT NULL,
  statement_hash TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (record_id, side),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
);
--bun:split

CREATE TABLE host_statements (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_at TIMESTAMPTZ NOT NULL,
  published_by TEXT COLLATE "C",
  PRIMARY KEY (year, version)
);
--bun:split

CREATE TABLE host_certificates (
  id TEXT COLLATE "C" NOT NULL,
  serial TEXT COLLATE "C" NOT NULL,
  verification_code TEXT COLLATE "C" NOT NULL,
  record_id TEXT COLLATE "C",
  person_id TEXT COLLATE "C" NOT NULL,
  holder_name TEXT NOT NULL,
  centre_id TEXT COLLATE "C",
  centre_name TEXT NOT NULL,
  centre_number TEXT COLLATE "C" NOT NULL,
  year INTEGER NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL,
  claimed_by TEXT COLLATE "C",
  claimed_by_name TEXT NOT NULL,
  revoked_at TIMESTAMPTZ,
  revoked_by TEXT COLLATE "C",
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
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  actor TEXT COLLATE "C" NOT NULL,
  actor_id TEXT COLLATE "C",
  operator BOOLEAN NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  centre_id TEXT COLLATE "C" NOT NULL,
  summary TEXT NOT NULL
);
--bun:split

CREATE INDEX host_audit_entries_centre_idx ON host_audit_entries (centre_id, seq);
--bun:split

CREATE TABLE host_events (
  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  recipients TEXT NOT NULL,
  centre_id TEXT COLLATE "C" NOT NULL,
  subject TEXT COLLATE "C" NOT NULL,
  summary TEXT NOT NULL,
  acked_at TIMESTAMPTZ
);
--bun:split

CREATE INDEX host_events_pending_idx ON host_events (acked_at, seq);
