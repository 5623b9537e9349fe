DROP TABLE {{.Prefix}}webhook_deliveries;
--bun:split

DROP TABLE {{.Prefix}}webhook_endpoints;
