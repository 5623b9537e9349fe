ALTER TABLE {{.Prefix}}registrations DROP COLUMN invited_email;
