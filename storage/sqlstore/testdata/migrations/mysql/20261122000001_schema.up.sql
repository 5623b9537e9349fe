-- The first schema of eops: every table of the standards.Store port.
-- host_ is the host's table-name prefix (sqlstore.WithPrefix).

CREATE TABLE host_trusts (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_trusts_name_idx ON host_trusts (name, id);
--bun:split

CREATE TABLE host_centres (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  number VARCHAR(5) NOT NULL,
  name TEXT NOT NULL,
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (number),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_centres_trust_idx ON host_centres (trust_id, number);
--bun:split

CREATE TABLE host_centre_years (
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  registered_at DATETIME(6) NOT NULL,
  registered_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  PRIMARY KEY (centre_id, year),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE host_people (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  email VARCHAR(254) NOT NULL,
  name TEXT NOT NULL,
  external_id VARCHAR(200),
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email),
  UNIQUE (external_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE host_registrations (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  roles VARCHAR(20) NOT NULL,
  status VARCHAR(10) NOT NULL,
  admin BOOLEAN NOT NULL,
  requested_at DATETIME(6) NOT NULL,
  registered_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  decided_at DATETIME(6),
  decided_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  reject_reason TEXT NOT NULL,
  left_at DATETIME(6),
  PRIMARY KEY (id),
  UNIQUE (centre_id, person_id, year),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_registrations_centre_idx ON host_registrations (centre_id, year, requested_at, id);
--bun:split

CREATE INDEX host_registrations_person_idx ON host_registrations (person_id, year);
--bun:split

CREATE TABLE host_oversights (
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  eo_registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  overseer_registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  assigned_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  assigned_at DATETIME(6) NOT NULL,
  PRIMARY KEY (eo_registration_id, overseer_registration_id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (eo_registration_id) REFERENCES host_registrations (id),
  FOREIGN KEY (overseer_registration_id) REFERENCES host_registrations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_oversights_centre_idx ON host_oversights (centre_id, year, assigned_at);
--bun:split

CREATE INDEX host_oversights_overseer_idx ON host_oversights (overseer_registration_id);
--bun:split

CREATE TABLE host_trust_leads (
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  appointed_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  appointed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (trust_id, person_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_trust_leads_person_idx ON host_trust_leads (person_id, appointed_at);
--bun:split

CREATE TABLE host_trust_requests (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  from_side VARCHAR(10) NOT NULL,
  requested_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  requested_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (trust_id, centre_id),
  FOREIGN KEY (trust_id) REFERENCES host_trusts (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_trust_requests_centre_idx ON host_trust_requests (centre_id, requested_at);
--bun:split

CREATE TABLE host_records (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  created_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL,
  closed_at DATETIME(6),
  PRIMARY KEY (id),
  UNIQUE (registration_id),
  FOREIGN KEY (registration_id) REFERENCES host_registrations (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_records_centre_idx ON host_records (centre_id, year, created_at, id);
--bun:split

CREATE TABLE host_meetings (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(20) NOT NULL,
  day DATETIME(6) NOT NULL,
  attendees TEXT NOT NULL,
  notes TEXT NOT NULL,
  updates TEXT NOT NULL,
  recorded_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  recorded_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_meetings_record_idx ON host_meetings (record_id, day, id);
--bun:split

CREATE TABLE host_targets (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  area VARCHAR(10) NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  success_measure TEXT NOT NULL,
  due DATETIME(6),
  catalogue_item_id VARCHAR(64) NOT NULL,
  state VARCHAR(20) NOT NULL,
  proposed_by VARCHAR(10) NOT NULL,
  rating VARCHAR(10) NOT NULL,
  withdrawn_reason TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_targets_record_idx ON host_targets (record_id, created_at, id);
--bun:split

CREATE TABLE host_target_changes (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  target_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  at DATETIME(6) NOT NULL,
  changed_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  from_state VARCHAR(20) NOT NULL,
  to_state VARCHAR(20) NOT NULL,
  rating VARCHAR(10) NOT NULL,
  comment TEXT NOT NULL,
  meeting_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  FOREIGN KEY (target_id) REFERENCES host_targets (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_target_changes_record_idx ON host_target_changes (record_id, seq);
--bun:split

CREATE TABLE host_cpd_entries (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(30) NOT NULL,
  title TEXT NOT NULL,
  day DATETIME(6) NOT NULL,
  hours DOUBLE NOT NULL,
  provider TEXT NOT NULL,
  verified BOOLEAN NOT NULL,
  reflection TEXT NOT NULL,
  target_ids TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_cpd_entries_record_idx ON host_cpd_entries (record_id, day, id);
--bun:split

CREATE TABLE host_support_actions (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  meeting_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  description TEXT NOT NULL,
  owner_registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  due DATETIME(6) NOT NULL,
  state VARCHAR(10) NOT NULL,
  done_at DATETIME(6),
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (meeting_id) REFERENCES host_meetings (id),
  FOREIGN KEY (owner_registration_id) REFERENCES host_registrations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_support_actions_record_idx ON host_support_actions (record_id, due, id);
--bun:split

CREATE TABLE host_private_notes (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  author_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  body TEXT NOT NULL,
  at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_private_notes_record_idx ON host_private_notes (record_id, at, id);
--bun:split

CREATE TABLE host_signatures (
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  side VARCHAR(10) NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  at DATETIME(6) NOT NULL,
  statement_version INTEGER NOT NULL,
  statement_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (record_id, side),
  FOREIGN KEY (record_id) REFERENCES host_records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE host_statements (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_at DATETIME(6) NOT NULL,
  published_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  PRIMARY KEY (year, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE host_certificates (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  serial VARCHAR(32) NOT NULL,
  verification_code VARCHAR(32) NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  holder_name TEXT NOT NULL,
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  centre_name TEXT NOT NULL,
  centre_number VARCHAR(5) NOT NULL,
  year INTEGER NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  claimed_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  claimed_by_name TEXT NOT NULL,
  revoked_at DATETIME(6),
  revoked_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  revoke_reason TEXT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (serial),
  UNIQUE (verification_code),
  UNIQUE (record_id),
  FOREIGN KEY (record_id) REFERENCES host_records (id),
  FOREIGN KEY (person_id) REFERENCES host_people (id),
  FOREIGN KEY (centre_id) REFERENCES host_centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_certificates_person_idx ON host_certificates (person_id, year);
--bun:split

CREATE TABLE host_audit_entries (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(6) NOT NULL,
  actor VARCHAR(254) NOT NULL,
  actor_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  operator BOOLEAN NOT NULL,
  action VARCHAR(64) NOT NULL,
  subject VARCHAR(100) NOT NULL,
  centre_id VARCHAR(26) NOT NULL,
  summary TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_audit_entries_centre_idx ON host_audit_entries (centre_id, seq);
--bun:split

CREATE TABLE host_events (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(6) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  recipients TEXT NOT NULL,
  centre_id VARCHAR(26) NOT NULL,
  subject VARCHAR(100) NOT NULL,
  summary TEXT NOT NULL,
  acked_at DATETIME(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX host_events_pending_idx ON host_events (acked_at, seq);
