DROP TRIGGER host_events_webhooks ON host_events;
--bun:split

DROP FUNCTION host_events_webhooks();
