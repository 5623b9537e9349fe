DROP TRIGGER host_events_webhooks;
