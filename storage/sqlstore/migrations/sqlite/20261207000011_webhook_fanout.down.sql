DROP TRIGGER {{.Prefix}}events_webhooks;
