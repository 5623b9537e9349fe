// Package notify delivers the library's outbox events as e-mail through an
// SMTP server, and acknowledges each one it sent: what a host does with
// standards.Service.ClaimEvents and AckEvents. It is the reference app's
// mailer, a model to copy more than a package to build on.
//
// A Mailer is configured by its fields and runs until its context ends,
// claiming a batch every interval:
//
//	m := &notify.Mailer{Addr: "smtp.example.org:587", From: "standards@example.org", Log: logger}
//	go m.Run(ctx, svc, 30*time.Second)
//
// Any number of Mailers, in one process or in every instance of the app,
// may run at once on one database: each claims a batch of events with a
// lease, so no two of them send one event. A Mailer that is stopped
// acknowledges the mail it was sending and, with Release, gives back the
// rest of its batch, so another sends them at once. Delivery is at least
// once: a Mailer that dies after its server accepted a mail and before it
// acknowledged the event (or that takes longer than its lease) leaves the
// event to be sent again. Each mail's Message-ID is made from the event's
// ID, the same on every copy, so a receiving system that keeps the IDs it
// has seen can drop the second.
package notify
