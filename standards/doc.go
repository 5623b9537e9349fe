// Package standards runs the Exams Officer Professional Standards, the
// yearly CPD framework of the UK's National Association of Examinations
// Officers (NAEO), for a host application that embeds it.
//
// It is the domain of the project and imports only the standard library:
// the types and their rules, who may do what, the Service that carries out
// each command, and the Store port that persistence implements
// (storage/memory, storage/sqlstore, or a host's own).
//
// # Actors
//
// The library never handles login. The host authenticates people and passes
// an [Actor] into every call: the person's e-mail address, the host's own
// id for them (ExternalID, which finds them first once attached, so that a
// person whose address changes stays one person), and whether the host
// trusts them as the platform operator. A person the library has not seen
// before becomes known when they first register; [Service.Me] returns the
// actor's person with their stable id, and [Service.ChangeEmail] changes
// their address, keeping their history. A host's background job acts as
// [SystemActor], which may import history and nothing else.
//
// # A centre's year
//
// Centres register for each academic year ([AcademicYear], written 2025/26).
// The first person to register a centre becomes its centre administrator:
//
//	svc := standards.New(memory.New())
//	admin := standards.Actor{Email: "head@riverside.sch.uk"}
//	reg, err := svc.RegisterCentre(ctx, admin, standards.CentreRegistration{
//		Year:         standards.YearOf(time.Now()),
//		CentreNumber: "12345",
//		CentreName:   "Riverside Academy",
//		FullName:     "Ada Admin",
//		Roles:        standards.Roles{standards.RoleSL},
//	})
//
// Colleagues ask to join with [Service.RequestToJoin], and an admin approves
// them with [Service.ApproveRegistration] or rejects them with a reason; or an
// admin, senior leader or line manager registers them directly with
// [Service.RegisterColleague] or from a CSV file with
// [Service.RegisterColleagues]. An admin grants the admin right to others
// ([Service.GrantAdmin]); a centre always keeps at least one. Each approved
// exams officer is overseen by one or more senior leaders or line managers
// ([Service.AssignOverseer]).
//
// Years and days are the UK's (R-DAY-1): [YearOf] and [Day] read an instant
// in Europe/London, whatever zone it carries, so a host on a UTC server may
// pass time.Now() for "today". Every day the library takes or gives back (a
// meeting's date, a due date) is [Day]'s form: midnight UTC of the UK date.
//
// # The standards cycle
//
// Each approved exams officer has a standards [Record] for the year, read
// whole with [Service.Tracker]. They and their overseer propose and agree
// targets in Knowledge and Understanding and Key Skills
// ([Service.ProposeTarget], [Service.AgreeTarget], or a starter template with
// [Service.ApplyTemplate] from the [Catalogue] of suggested areas), the exams
// officer logs CPD ([Service.LogCPD]) and signs the Values and Attributes
// statement ([Service.SignStatement]), and they meet through the year
// ([Service.RecordMeeting]). When every target is achieved, the overseer
// checks [Service.ClaimEligibility] and claims the certificate
// ([Service.Claim]); anyone verifies it by its code ([Service.Verify]).
//
// # Across years and centres
//
// A person's certificates follow them ([Service.MyCertificates], and
// [Service.CertificationHistory] for the admins and overseers of a centre
// where they are registered this year). [Service.CarryForward] brings last
// year's unachieved targets into this year's record, and the operator (or
// a host's job as [SystemActor]) imports certificates from an earlier
// platform with
// [Service.ImportCertificates], attached by e-mail now or at first
// registration.
//
// # Trusts
//
// The operator creates a trust ([Service.CreateTrust]) and appoints its leads
// ([Service.AppointTrustLead]); a lead invites a centre ([Service.InviteCentre])
// or a centre asks to join ([Service.AskToJoinTrust]), and the other side
// accepts ([Service.AcceptTrustRequest]). Leads see counts and flags of every
// centre of the trust ([Service.TrustDashboard]), never meeting notes.
//
// # The operator
//
// Whoever the host passes with Operator set runs the platform: revokes a
// certificate issued in error ([Service.RevokeCertificate]), appoints an
// admin to a centre that lost its last one ([Service.AppointAdmin]), publishes
// the year's statement ([Service.PublishStatement]), reads the national
// figures ([Service.NationalFigures]), and answers personal data requests:
// [Service.FindPerson], [Service.ExportPerson] (also the person themselves)
// and [Service.ErasePerson].
//
// # Attention flags and reminders
//
// [Flags] is a pure function of a record's [FlagFacts] that returns what
// needs doing (no overseer, the statement not signed, a target past its due
// date, …), each with a stable [FlagCode]. [Service.RecordFlags] gives one
// record's flags and [Service.CentreDashboard] a centre's exams officers
// with their progress and flags. The host calls [Service.RemindersDue] once
// a day; it appends an [EventReminderDue] for each flag newly due, and
// calling it twice on one day adds nothing.
//
// To export a dashboard, or anything people typed, as CSV, write it with
// [NewCSVWriter]: a [CSVWriter] keeps a cell such as =HYPERLINK(...) from
// running as a formula in the spreadsheet that opens the file.
//
// # Errors
//
// Every call returns errors of a few kinds, tested with errors.Is:
// [ErrNotFound] (also for anything outside the actor's scope, so that its
// existence is not leaked), [ErrForbidden] (inside scope but without the
// right), [ErrConflict] (a duplicate, removing the last admin, a change to a
// closed record, or a stale save), [ErrNotEligible] (a claim with conditions
// unmet, as a *[NotEligibleError] listing them all), [ErrUnauthenticated]
// (an Actor without an e-mail address or a host's id the library knows), [ErrUnavailable] (the store cannot
// be reached) and [ErrTransient] (the store was busy with other changes:
// the Service has already run the call again several times). Bad input is
// a *[ValidationError] naming every bad field, for errors.As. A failed call
// writes nothing.
//
// Every error has a stable [Code] ([ErrorCode]): route on it, or translate
// it, without reading the English. The refusals a host is likely to show
// (the last admin, a centre already registered, a stale save, a full
// centre...) are an *[Error] wrapping their kind with a finer [Reason] and
// the Params its text needs ([ErrorReason]); each [FieldError] has a
// [FieldCode] and Params; [Warning], [Flag] and [Unmet] have typed codes
// and Params. The English texts of all of them are one catalogue,
// [English], a [Messages] a host replaces to translate: [Translate] and the
// Text methods read from the catalogue passed, per request.
//
// # Transactions, audit and events
//
// Every command runs in one [Store.Update] transaction together with its
// [AuditEntry] and the [Event]s it sends, so all of it commits or none of it
// does. When the store refuses the transaction for others running at the
// same time ([ErrTransient]), the Service runs the whole command again, a
// bounded number of times, so a [Store]'s fn may run more than once. The
// host claims pending events with [Service.ClaimEvents], delivers
// them (by e-mail, say) and acknowledges them with [Service.AckEvents].
// Several deliverers, in one process or many, may claim at once: each event
// goes to one of them while its lease lasts. Delivery is at least once (a
// deliverer may stop between sending and acknowledging), so each event
// carries a stable [Event.ID] a receiver can drop a second copy by.
// Once a command has committed, the Service counts it, before the call
// returns ([Service.Changes]), so that a host keeping views (the web app
// keeps pages) knows with one small read whether anything may have changed.
//
// # Who may do what
//
// Scope first, then the right: an actor outside a thing's scope gets
// ErrNotFound, one inside it without the right ErrForbidden.
//
//   - the exams officer: their own record (targets, progress, CPD, meetings,
//     signing), their own certificates and data;
//   - an overseer (an approved senior leader or line manager assigned to
//     the exams officer): the record in full, agreeing, marking achieved,
//     countersigning, claiming (never their own record);
//   - a centre administrator: the centre's registrations, admin rights,
//     overseers, records and dashboard;
//   - a trust lead: summaries and flags of the trust's centres;
//   - the operator: the platform's calls above;
//   - a system job ([SystemActor]): importing history, nothing else;
//   - anyone: verifying a certificate by its code.
//
// The one table of every action lives in the package's source (policy.go);
// the project's docs/domain.md lists every rule with the test that proves it.
//
// # Observing
//
// [WithObserver] tells an [Observer] of every command and query: the
// method's name, its [Outcome] (ok or the error's kind), its duration and
// the transactions it ran again after [ErrTransient]. The observer's
// context is the one the call runs in, so a tracer's spans for the store's
// SQL nest under the call's. With none (the default) nothing is done.
//
// # Beside this package
//
// storage/memory and storage/sqlstore (SQLite, PostgreSQL, MySQL) implement
// [Store], and storage/storetest is the conformance suite for a host's own;
// standards/certpdf renders certificates and records as PDF and
// standards/credential issues them as signed Open Badges credentials;
// standards/otelobserver is an [Observer] for OpenTelemetry;
// webdemo/app is the reference web app as an http.Handler a host can mount.
//
// A host's own store implements [Store] whole, every interface [Tx] embeds
// included, and proves it by passing storage/storetest's Run: a store that
// passes the suite of a version is certified for the [Service] of that
// version, whatever database it keeps. The port has two kinds of read.
// Each aggregate's rows are got, listed, created and updated one table at a
// time ([CentreStore], [RecordStore] and the rest), which the commands use.
// The queries read whole views at once: [RecordSheet], [CentreSheet],
// [PersonSheet], [TrustSheet], a centre's [Progress] and a [TrustYear]. A
// store may make each view from its own lists, as storage/memory does, and
// storetest checks that the view is those lists; a SQL store should read
// each in one statement, as storage/sqlstore does, so that a page costs a
// few round trips however many tables it shows. [ChangeCounter] is
// optional: a store without it works the same, and its hosts keep no views.
// So is [OneReadViewer], for a store where every statement is a round trip:
// with it, the pages that find their reader in their view are one
// statement, with no transaction around it.
//
// # Versions
//
// The module follows semantic versioning. Before v1 a new minor version may
// break the API, and says so by name in the repository's CHANGELOG.md; the
// Store port and storetest are part of the stable API, storage/dataset and
// the demo's webdemo/accounts and webdemo/notify are not. The project's
// docs/compatibility.md is the whole promise, deprecation included.
package standards
