-- The first schema of eops: every table of the standards.Store port.
-- {{.Prefix}} is the host's table-name prefix (sqlstore.WithPrefix).

CREATE TABLE {{.Prefix}}trusts (
  id {{.ID}} NOT NULL,
  name {{.Varchar 200}} NOT NULL,
  created_at {{.Time}} NOT NULL,
  PRIMARY KEY (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}trusts_name_idx ON {{.Prefix}}trusts (name, id);
--bun:split

CREATE TABLE {{.Prefix}}centres (
  id {{.ID}} NOT NULL,
  number {{.Varchar 5}} NOT NULL,
  name TEXT NOT NULL,
  trust_id {{.ID}},
  created_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (number),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}centres_trust_idx ON {{.Prefix}}centres (trust_id, number);
--bun:split

CREATE TABLE {{.Prefix}}centre_years (
  centre_id {{.ID}} NOT NULL,
  year INTEGER NOT NULL,
  registered_at {{.Time}} NOT NULL,
  registered_by {{.ID}},
  PRIMARY KEY (centre_id, year),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
){{.TableOptions}};
--bun:split

CREATE TABLE {{.Prefix}}people (
  id {{.ID}} NOT NULL,
  email {{.Varchar 254}} NOT NULL,
  name TEXT NOT NULL,
  external_id {{.Varchar 200}},
  created_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email),
  UNIQUE (external_id)
){{.TableOptions}};
--bun:split

CREATE TABLE {{.Prefix}}registrations (
  id {{.ID}} NOT NULL,
  centre_id {{.ID}} NOT NULL,
  person_id {{.ID}} NOT NULL,
  year INTEGER NOT NULL,
  roles {{.Varchar 20}} NOT NULL,
  status {{.Varchar 10}} NOT NULL,
  admin BOOLEAN NOT NULL,
  requested_at {{.Time}} NOT NULL,
  registered_by {{.ID}},
  decided_at {{.Time}},
  decided_by {{.ID}},
  reject_reason TEXT NOT NULL,
  left_at {{.Time}},
  PRIMARY KEY (id),
  UNIQUE (centre_id, person_id, year),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}registrations_centre_idx ON {{.Prefix}}registrations (centre_id, year, requested_at, id);
--bun:split

CREATE INDEX {{.Prefix}}registrations_person_idx ON {{.Prefix}}registrations (person_id, year);
--bun:split

CREATE TABLE {{.Prefix}}oversights (
  centre_id {{.ID}} NOT NULL,
  year INTEGER NOT NULL,
  eo_registration_id {{.ID}} NOT NULL,
  overseer_registration_id {{.ID}} NOT NULL,
  assigned_by {{.ID}},
  assigned_at {{.Time}} NOT NULL,
  PRIMARY KEY (eo_registration_id, overseer_registration_id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (eo_registration_id) REFERENCES {{.Prefix}}registrations (id),
  FOREIGN KEY (overseer_registration_id) REFERENCES {{.Prefix}}registrations (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}oversights_centre_idx ON {{.Prefix}}oversights (centre_id, year, assigned_at);
--bun:split

CREATE INDEX {{.Prefix}}oversights_overseer_idx ON {{.Prefix}}oversights (overseer_registration_id);
--bun:split

CREATE TABLE {{.Prefix}}trust_leads (
  trust_id {{.ID}} NOT NULL,
  person_id {{.ID}} NOT NULL,
  appointed_by {{.ID}},
  appointed_at {{.Time}} NOT NULL,
  PRIMARY KEY (trust_id, person_id),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}trust_leads_person_idx ON {{.Prefix}}trust_leads (person_id, appointed_at);
--bun:split

CREATE TABLE {{.Prefix}}trust_requests (
  id {{.ID}} NOT NULL,
  trust_id {{.ID}} NOT NULL,
  centre_id {{.ID}} NOT NULL,
  from_side {{.Varchar 10}} NOT NULL,
  requested_by {{.ID}},
  requested_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (trust_id, centre_id),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}trust_requests_centre_idx ON {{.Prefix}}trust_requests (centre_id, requested_at);
--bun:split

CREATE TABLE {{.Prefix}}records (
  id {{.ID}} NOT NULL,
  registration_id {{.ID}} NOT NULL,
  centre_id {{.ID}} NOT NULL,
  person_id {{.ID}} NOT NULL,
  year INTEGER NOT NULL,
  created_at {{.Time}} NOT NULL,
  version {{.BigInt}} NOT NULL,
  closed_at {{.Time}},
  PRIMARY KEY (id),
  UNIQUE (registration_id),
  FOREIGN KEY (registration_id) REFERENCES {{.Prefix}}registrations (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}records_centre_idx ON {{.Prefix}}records (centre_id, year, created_at, id);
--bun:split

CREATE TABLE {{.Prefix}}meetings (
  id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  kind {{.Varchar 20}} NOT NULL,
  day {{.Time}} NOT NULL,
  attendees TEXT NOT NULL,
  notes TEXT NOT NULL,
  updates TEXT NOT NULL,
  recorded_by {{.ID}},
  recorded_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}meetings_record_idx ON {{.Prefix}}meetings (record_id, day, id);
--bun:split

CREATE TABLE {{.Prefix}}targets (
  id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  area {{.Varchar 10}} NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  success_measure TEXT NOT NULL,
  due {{.Time}},
  catalogue_item_id {{.Varchar 64}} NOT NULL,
  state {{.Varchar 20}} NOT NULL,
  proposed_by {{.Varchar 10}} NOT NULL,
  rating {{.Varchar 10}} NOT NULL,
  withdrawn_reason TEXT NOT NULL,
  created_at {{.Time}} NOT NULL,
  updated_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}targets_record_idx ON {{.Prefix}}targets (record_id, created_at, id);
--bun:split

CREATE TABLE {{.Prefix}}target_changes (
  seq {{.Serial}},
  target_id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  at {{.Time}} NOT NULL,
  changed_by {{.ID}},
  from_state {{.Varchar 20}} NOT NULL,
  to_state {{.Varchar 20}} NOT NULL,
  rating {{.Varchar 10}} NOT NULL,
  comment TEXT NOT NULL,
  meeting_id {{.ID}},
  FOREIGN KEY (target_id) REFERENCES {{.Prefix}}targets (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (meeting_id) REFERENCES {{.Prefix}}meetings (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}target_changes_record_idx ON {{.Prefix}}target_changes (record_id, seq);
--bun:split

CREATE TABLE {{.Prefix}}cpd_entries (
  id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  kind {{.Varchar 30}} NOT NULL,
  title TEXT NOT NULL,
  day {{.Time}} NOT NULL,
  hours {{.Double}} NOT NULL,
  provider TEXT NOT NULL,
  verified BOOLEAN NOT NULL,
  reflection TEXT NOT NULL,
  target_ids TEXT NOT NULL,
  created_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}cpd_entries_record_idx ON {{.Prefix}}cpd_entries (record_id, day, id);
--bun:split

CREATE TABLE {{.Prefix}}support_actions (
  id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  meeting_id {{.ID}} NOT NULL,
  description TEXT NOT NULL,
  owner_registration_id {{.ID}} NOT NULL,
  due {{.Time}} NOT NULL,
  state {{.Varchar 10}} NOT NULL,
  done_at {{.Time}},
  created_at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (meeting_id) REFERENCES {{.Prefix}}meetings (id),
  FOREIGN KEY (owner_registration_id) REFERENCES {{.Prefix}}registrations (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}support_actions_record_idx ON {{.Prefix}}support_actions (record_id, due, id);
--bun:split

CREATE TABLE {{.Prefix}}private_notes (
  id {{.ID}} NOT NULL,
  record_id {{.ID}} NOT NULL,
  author_id {{.ID}},
  body TEXT NOT NULL,
  at {{.Time}} NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}private_notes_record_idx ON {{.Prefix}}private_notes (record_id, at, id);
--bun:split

CREATE TABLE {{.Prefix}}signatures (
  record_id {{.ID}} NOT NULL,
  side {{.Varchar 10}} NOT NULL,
  person_id {{.ID}},
  at {{.Time}} NOT NULL,
  statement_version INTEGER NOT NULL,
  statement_hash {{.Varchar 64}} NOT NULL,
  PRIMARY KEY (record_id, side),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
){{.TableOptions}};
--bun:split

CREATE TABLE {{.Prefix}}statements (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_at {{.Time}} NOT NULL,
  published_by {{.ID}},
  PRIMARY KEY (year, version)
){{.TableOptions}};
--bun:split

CREATE TABLE {{.Prefix}}certificates (
  id {{.ID}} NOT NULL,
  serial {{.Varchar 32}} NOT NULL,
  verification_code {{.Varchar 32}} NOT NULL,
  record_id {{.ID}},
  person_id {{.ID}} NOT NULL,
  holder_name TEXT NOT NULL,
  centre_id {{.ID}},
  centre_name TEXT NOT NULL,
  centre_number {{.Varchar 5}} NOT NULL,
  year INTEGER NOT NULL,
  issued_at {{.Time}} NOT NULL,
  claimed_by {{.ID}},
  claimed_by_name TEXT NOT NULL,
  revoked_at {{.Time}},
  revoked_by {{.ID}},
  revoke_reason TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (serial),
  UNIQUE (verification_code),
  UNIQUE (record_id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}certificates_person_idx ON {{.Prefix}}certificates (person_id, year);
--bun:split

CREATE TABLE {{.Prefix}}audit_entries (
  seq {{.Serial}},
  at {{.Time}} NOT NULL,
  actor {{.Varchar 254}} NOT NULL,
  actor_id {{.ID}},
  operator BOOLEAN NOT NULL,
  action {{.Varchar 64}} NOT NULL,
  subject {{.Varchar 100}} NOT NULL,
  centre_id {{.Varchar 26}} NOT NULL,
  summary TEXT NOT NULL
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}audit_entries_centre_idx ON {{.Prefix}}audit_entries (centre_id, seq);
--bun:split

CREATE TABLE {{.Prefix}}events (
  seq {{.Serial}},
  at {{.Time}} NOT NULL,
  kind {{.Varchar 64}} NOT NULL,
  recipients TEXT NOT NULL,
  centre_id {{.Varchar 26}} NOT NULL,
  subject {{.Varchar 100}} NOT NULL,
  summary TEXT NOT NULL,
  acked_at {{.Time}}
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}events_pending_idx ON {{.Prefix}}events (acked_at, seq);
