package webhooks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/webhooks"
	"github.com/eops/eops/storage/memory"
)

// A host registers an endpoint as a system job (or the operator), keeps
// the secret it is shown once, and runs a Deliverer beside its Service:
// every event appended from then on is POSTed to the endpoint, signed.
func Example() {
	ctx := context.Background()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("received", len(r.Header.Get("webhook-id")) == standards.IDLength, r.Header.Get("webhook-signature")[:3])
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	store := memory.New()
	september := func() time.Time { return time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC) }
	svc := standards.New(store, standards.WithClock(september), standards.WithWebhookLoopback()) // the receiver is on this machine
	_, secret, err := svc.RegisterWebhookEndpoint(ctx, standards.SystemActor("setup"), standards.WebhookEndpointSpec{
		URL: receiver.URL + "/eops", Kinds: []standards.EventKind{standards.EventRegistrationRequested},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(secret[:6])
	if _, err := svc.RegisterCentre(ctx, standards.Actor{Email: "head@riverside.sch.uk"}, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := svc.RequestToJoin(ctx, standards.Actor{Email: "eo@riverside.sch.uk"}, standards.JoinRequest{
		Year: 2025, CentreNumber: "12345", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
	}); err != nil {
		fmt.Println(err)
		return
	}

	d := &webhooks.Deliverer{Queue: svc, AllowPrivate: true, Name: "example", Now: september}
	sent, err := d.Once(ctx) // a host calls d.Run(ctx, interval) instead, and d.Release as it stops
	fmt.Println(sent, err)
	// Output:
	// whsec_
	// received true v1,
	// 1 <nil>
}
