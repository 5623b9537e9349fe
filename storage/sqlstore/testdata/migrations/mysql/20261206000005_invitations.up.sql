-- R-PER-3 and R-REG-13: a person's name is theirs, and registering a
-- colleague is an invitation. own_name says the person's name is one they
-- gave (or the host gave for them as they acted), not one a colleague typed;
-- invited_name is the name a colleague typed when registering them; and
-- accepted_at is when the person first acted at the centre that year (at
-- once for a registration they made themselves). Until then the centre sees
-- only what its registrant typed. host_ is the host's table-name
-- prefix.

ALTER TABLE host_people ADD COLUMN own_name BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split

ALTER TABLE host_registrations ADD COLUMN invited_name TEXT NOT NULL DEFAULT '';
--bun:split

ALTER TABLE host_registrations ADD COLUMN accepted_at DATETIME(6);
--bun:split

-- Rows from before: a registration the person made is accepted when made,
-- and so is an invitation whose person has acted at the centre since (an
-- audit entry of theirs there). Invitations keep the name the person had.
UPDATE host_registrations SET accepted_at = requested_at
WHERE registered_by IS NULL OR registered_by = person_id
   OR EXISTS (SELECT 1 FROM host_audit_entries a
              WHERE a.actor_id = host_registrations.person_id AND a.centre_id = host_registrations.centre_id);
--bun:split

UPDATE host_registrations SET invited_name = (SELECT p.name FROM host_people p WHERE p.id = host_registrations.person_id)
WHERE registered_by IS NOT NULL AND registered_by <> person_id;
--bun:split

UPDATE host_people SET own_name = TRUE
WHERE EXISTS (SELECT 1 FROM host_registrations r WHERE r.person_id = host_people.id AND r.registered_by = r.person_id);
--bun:split

-- An erasure rewrites the entries the erased person made (RedactAudit).
CREATE INDEX host_audit_entries_actor_idx ON host_audit_entries (actor_id);
--bun:split

CREATE INDEX host_audit_entries_actor_name_idx ON host_audit_entries (actor);
