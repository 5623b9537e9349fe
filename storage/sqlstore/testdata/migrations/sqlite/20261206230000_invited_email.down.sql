ALTER TABLE host_registrations DROP COLUMN invited_email;
