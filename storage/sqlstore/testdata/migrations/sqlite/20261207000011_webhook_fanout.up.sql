-- Issue 22: an event appended makes its webhook deliveries in the same
-- statement, by a trigger: one due delivery per enabled endpoint whose
-- scope (centres) and kinds take the event ('' for all, else ",a,b,").
-- storage/memory does the same in Go (standards.WebhookEndpoint.Matches).
-- host_ is the host's table-name prefix.

CREATE TRIGGER host_events_webhooks AFTER INSERT ON host_events
BEGIN
  INSERT INTO host_webhook_deliveries (endpoint_id, event_seq, state, due_at, attempts, last_status, last_error)
  SELECT w.id, NEW.seq, 'due', NEW.at, 0, 0, ''
  FROM host_webhook_endpoints w
  WHERE NOT w.disabled
    AND (w.centres = '' OR instr(w.centres, ',' || NEW.centre_id || ',') > 0)
    AND (w.kinds = '' OR instr(w.kinds, ',' || NEW.kind || ',') > 0)
  ORDER BY w.id;
END;
