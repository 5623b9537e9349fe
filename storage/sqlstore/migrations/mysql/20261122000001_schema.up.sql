-- The first schema of eops: every table of the standards.Store port.
-- {{.Prefix}} is the host's table-name prefix (sqlstore.WithPrefix).

CREATE TABLE {{.Prefix}}trusts (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}trusts_name_idx ON {{.Prefix}}trusts (name, id);
--bun:split

CREATE TABLE {{.Prefix}}centres (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  number VARCHAR(5) NOT NULL,
  name TEXT NOT NULL,
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (number),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}centres_trust_idx ON {{.Prefix}}centres (trust_id, number);
--bun:split

CREATE TABLE {{.Prefix}}centre_years (
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  registered_at DATETIME(6) NOT NULL,
  registered_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  PRIMARY KEY (centre_id, year),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE {{.Prefix}}people (
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

CREATE TABLE {{.Prefix}}registrations (
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
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}registrations_centre_idx ON {{.Prefix}}registrations (centre_id, year, requested_at, id);
--bun:split

CREATE INDEX {{.Prefix}}registrations_person_idx ON {{.Prefix}}registrations (person_id, year);
--bun:split

CREATE TABLE {{.Prefix}}oversights (
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  year INTEGER NOT NULL,
  eo_registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  overseer_registration_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  assigned_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  assigned_at DATETIME(6) NOT NULL,
  PRIMARY KEY (eo_registration_id, overseer_registration_id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (eo_registration_id) REFERENCES {{.Prefix}}registrations (id),
  FOREIGN KEY (overseer_registration_id) REFERENCES {{.Prefix}}registrations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}oversights_centre_idx ON {{.Prefix}}oversights (centre_id, year, assigned_at);
--bun:split

CREATE INDEX {{.Prefix}}oversights_overseer_idx ON {{.Prefix}}oversights (overseer_registration_id);
--bun:split

CREATE TABLE {{.Prefix}}trust_leads (
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  appointed_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  appointed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (trust_id, person_id),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}trust_leads_person_idx ON {{.Prefix}}trust_leads (person_id, appointed_at);
--bun:split

CREATE TABLE {{.Prefix}}trust_requests (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  trust_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  centre_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  from_side VARCHAR(10) NOT NULL,
  requested_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  requested_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (trust_id, centre_id),
  FOREIGN KEY (trust_id) REFERENCES {{.Prefix}}trusts (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}trust_requests_centre_idx ON {{.Prefix}}trust_requests (centre_id, requested_at);
--bun:split

CREATE TABLE {{.Prefix}}records (
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
  FOREIGN KEY (registration_id) REFERENCES {{.Prefix}}registrations (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}records_centre_idx ON {{.Prefix}}records (centre_id, year, created_at, id);
--bun:split

CREATE TABLE {{.Prefix}}meetings (
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
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}meetings_record_idx ON {{.Prefix}}meetings (record_id, day, id);
--bun:split

CREATE TABLE {{.Prefix}}targets (
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
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}targets_record_idx ON {{.Prefix}}targets (record_id, created_at, id);
--bun:split

CREATE TABLE {{.Prefix}}target_changes (
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
  FOREIGN KEY (target_id) REFERENCES {{.Prefix}}targets (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (meeting_id) REFERENCES {{.Prefix}}meetings (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}target_changes_record_idx ON {{.Prefix}}target_changes (record_id, seq);
--bun:split

CREATE TABLE {{.Prefix}}cpd_entries (
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
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}cpd_entries_record_idx ON {{.Prefix}}cpd_entries (record_id, day, id);
--bun:split

CREATE TABLE {{.Prefix}}support_actions (
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
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (meeting_id) REFERENCES {{.Prefix}}meetings (id),
  FOREIGN KEY (owner_registration_id) REFERENCES {{.Prefix}}registrations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}support_actions_record_idx ON {{.Prefix}}support_actions (record_id, due, id);
--bun:split

CREATE TABLE {{.Prefix}}private_notes (
  id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  author_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  body TEXT NOT NULL,
  at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}private_notes_record_idx ON {{.Prefix}}private_notes (record_id, at, id);
--bun:split

CREATE TABLE {{.Prefix}}signatures (
  record_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  side VARCHAR(10) NOT NULL,
  person_id VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  at DATETIME(6) NOT NULL,
  statement_version INTEGER NOT NULL,
  statement_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (record_id, side),
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE {{.Prefix}}statements (
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_at DATETIME(6) NOT NULL,
  published_by VARCHAR(26) CHARACTER SET ascii COLLATE ascii_bin,
  PRIMARY KEY (year, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE TABLE {{.Prefix}}certificates (
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
  FOREIGN KEY (record_id) REFERENCES {{.Prefix}}records (id),
  FOREIGN KEY (person_id) REFERENCES {{.Prefix}}people (id),
  FOREIGN KEY (centre_id) REFERENCES {{.Prefix}}centres (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split

CREATE INDEX {{.Prefix}}certificates_person_idx ON {{.Prefix}}certificates (person_id, year);
--bun:split

CREATE TABLE {{.Prefix}}audit_entries (
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

CREATE INDEX {{.Prefix}}audit_entries_centre_idx ON {{.Prefix}}audit_entries (centre_id, seq);
--bun:split

CREATE TABLE {{.Prefix}}events (
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

CREATE INDEX {{.Prefix}}events_pending_idx ON {{.Prefix}}events (acked_at, seq);
