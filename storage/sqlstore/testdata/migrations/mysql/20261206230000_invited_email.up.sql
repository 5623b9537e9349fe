-- R-REG-13 with R-PER-1: invited_email is the address a colleague typed when
-- registering someone, which is what the centre sees of them until they take
-- the place up, even after the person changes their address (ChangeEmail).
-- '' on rows from before, and on registrations people made themselves: the
-- person's address is shown then. host_ is the host's table-name
-- prefix.

ALTER TABLE host_registrations ADD COLUMN invited_email TEXT NOT NULL DEFAULT '';
