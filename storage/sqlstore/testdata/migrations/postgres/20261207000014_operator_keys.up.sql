-- Issue 22: an operator key is a host key whose calls act as the platform
-- operator (standards.HostKey.Operator, R-TRU-3): for the operator's own
-- tools over the JSON API. Every key issued before is an ordinary one.
-- host_ is the host's table-name prefix.

ALTER TABLE host_host_keys ADD COLUMN operator BOOLEAN NOT NULL DEFAULT FALSE;
