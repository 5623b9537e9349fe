DROP TRIGGER {{.Prefix}}events_webhooks ON {{.Prefix}}events;
--bun:split

DROP FUNCTION {{.Prefix}}events_webhooks();
