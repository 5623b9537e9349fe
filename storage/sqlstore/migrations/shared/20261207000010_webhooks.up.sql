-- Issue 22: webhooks. An endpoint is a receiver of signed webhooks: its
-- secret is kept as given, since the deliverer signs with it (an HMAC key
-- cannot be hashed); centres and kinds are its scope, '' for all, or the
-- ids or kinds between commas (",a,b,"), which the fan-out matches with one
-- string search. A delivery is one event for one endpoint, made in the
-- transaction that appends the event; state is due, delivered or dead,
-- due_at when the next attempt is due (or, while claimed_by holds it, when
-- the lease ends). A claim reads webhook_deliveries_due_idx (state,
-- due_at); the lists of an endpoint's deliveries read
-- webhook_deliveries_endpoint_idx. {{.Prefix}} is the host's table-name
-- prefix.

CREATE TABLE {{.Prefix}}webhook_endpoints (
  id {{.ID}} PRIMARY KEY,
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  secret TEXT NOT NULL,
  centres TEXT NOT NULL,
  kinds TEXT NOT NULL,
  disabled BOOLEAN NOT NULL,
  disabled_reason TEXT NOT NULL,
  created_at {{.Time}} NOT NULL,
  version INTEGER NOT NULL
){{.TableOptions}};
--bun:split

CREATE TABLE {{.Prefix}}webhook_deliveries (
  id {{.Serial}},
  endpoint_id {{.ID}} NOT NULL,
  event_seq {{.BigInt}} NOT NULL,
  state {{.ASCII 10}} NOT NULL,
  due_at {{.Time}} NOT NULL,
  attempts INTEGER NOT NULL,
  claimed_by {{.Varchar 100}},
  last_attempt_at {{.Time}},
  last_status INTEGER NOT NULL,
  last_error TEXT NOT NULL,
  finished_at {{.Time}}
){{.TableOptions}};
--bun:split

CREATE INDEX {{.Prefix}}webhook_deliveries_due_idx ON {{.Prefix}}webhook_deliveries (state, due_at);
--bun:split

CREATE INDEX {{.Prefix}}webhook_deliveries_endpoint_idx ON {{.Prefix}}webhook_deliveries (endpoint_id, state, id);
