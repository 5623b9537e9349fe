package api_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

// operations maps each Service method that is over HTTP to the operations
// (operationId in openapi.json) that call it.
var operations = map[string][]string{
	"Me":              {"getMe"},
	"MyRegistrations": {"getMe", "listPersonCertificates"},
	"Tracker": {"getRecord", "proposeTarget", "agreeTarget", "updateTargetProgress",
		"achieveTarget", "reopenTarget", "withdrawTarget", "logCPD", "signStatement", "countersignStatement",
		"recordMeeting", "getClaimEligibility", "claimCertificate", "applyTemplate", "carryForward", "deleteCPD",
		"completeSupportAction", "addPrivateNote", "getRecordFlags"},
	"ProposeTarget":        {"proposeTarget"},
	"AgreeTarget":          {"agreeTarget"},
	"UpdateTarget":         {"updateTargetProgress"},
	"AchieveTarget":        {"achieveTarget"},
	"ReopenTarget":         {"reopenTarget"},
	"WithdrawTarget":       {"withdrawTarget"},
	"LogCPD":               {"logCPD"},
	"SignStatement":        {"signStatement"},
	"CountersignStatement": {"countersignStatement"},
	// Registration and membership, and the centre's views (centres.go,
	// members.go, audit.go).
	"RegisterCentre": {"registerCentre"},
	"RenameCentre":   {"renameCentre"},
	"RequestToJoin":  {"requestToJoin"},
	"FindCentre": {"findCentre", "renameCentre", "registerColleague", "registerColleagues", "getRoster", "getRegistration",
		"approveRegistration", "rejectRegistration", "decideRegistrations", "grantAdmin", "revokeAdmin", "leaveCentre",
		"assignOverseer", "removeOverseer", "getAuditTrail", "getCentreDashboard"},
	"RegisterColleague":   {"registerColleague"},
	"RegisterColleagues":  {"registerColleagues"},
	"ApproveRegistration": {"approveRegistration"},
	"RejectRegistration":  {"rejectRegistration"},
	"DecideRegistrations": {"decideRegistrations"},
	"GrantAdmin":          {"grantAdmin"},
	"RevokeAdmin":         {"revokeAdmin"},
	"Leave":               {"leaveCentre"},
	"AssignOverseer":      {"assignOverseer"},
	"RemoveOverseer":      {"removeOverseer"},
	"Member": {"getRegistration", "registerCentre", "requestToJoin", "registerColleague", "approveRegistration",
		"rejectRegistration", "decideRegistrations", "grantAdmin", "revokeAdmin", "leaveCentre", "assignOverseer", "removeOverseer"},
	"Roster":          {"getRoster"},
	"AuditTrail":      {"getAuditTrail"},
	"CentreDashboard": {"getCentreDashboard"},
	"WhatNeedsDoing":  {"getToDo"},
	// The rest of the cycle, claims and certificates (records.go,
	// meetings.go, claims.go, certificates.go, cycle.go).
	"RecordMeeting":         {"recordMeeting"},
	"ClaimEligibility":      {"getClaimEligibility"},
	"Claim":                 {"claimCertificate"},
	"Certificate":           {"getCertificate"},
	"ApplyTemplate":         {"applyTemplate"},
	"CarryForward":          {"carryForward"},
	"DeleteCPD":             {"deleteCPD"},
	"CompleteSupportAction": {"completeSupportAction"},
	"AddPrivateNote":        {"addPrivateNote"},
	"CurrentStatement":      {"getStatement"},
	"RecordFlags":           {"getRecordFlags"},
	"Catalogue":             {"getCatalogue"},
	"MyCertificates":        {"listMyCertificates"},
	"CertificationHistory":  {"listPersonCertificates"},
	"Verify":                {"verifyCertificate"},
	// Trusts (trusts.go).
	"TrustsLed": {"listTrustsLed"},
	"Trust": {"getTrust", "getTrustDashboard", "acceptTrustRequestAsTrust", "declineTrustRequestAsTrust",
		"listTrustsLed", "leaveTrust", "acceptTrustRequestAsCentre", "declineTrustRequestAsCentre", "listTrustRequests", "askToJoinTrust"},
	"TrustDashboard":      {"getTrustDashboard"},
	"InviteCentre":        {"inviteCentre"},
	"AcceptTrustRequest":  {"acceptTrustRequestAsTrust", "acceptTrustRequestAsCentre"},
	"DeclineTrustRequest": {"declineTrustRequestAsTrust", "declineTrustRequestAsCentre"},
	"TrustRequests":       {"listTrustRequests", "acceptTrustRequestAsCentre", "declineTrustRequestAsCentre"},
	"AskToJoinTrust":      {"askToJoinTrust"},
	"LeaveTrust":          {"leaveTrust"},
	// A person's own data (people.go).
	"CorrectMyName": {"correctMyName"},
	"FindPerson":    {"findPerson"},
	"ExportPerson":  {"exportPerson"},
	"ChangeEmail":   {"changeEmail"},
	// Webhook endpoints, the key's own (webhooks.go).
	"RegisterWebhookEndpoint": {"registerWebhookEndpoint"},
	"WebhookEndpoints":        {"listWebhookEndpoints", "getWebhookEndpoint", "updateWebhookEndpoint"},
	"UpdateWebhookEndpoint":   {"updateWebhookEndpoint"},
	"DisableWebhookEndpoint":  {"disableWebhookEndpoint", "enableWebhookEndpoint"},
	"RotateWebhookSecret":     {"rotateWebhookSecret"},
	"DeleteWebhookEndpoint":   {"deleteWebhookEndpoint"},
	"WebhookDeliveries":       {"listWebhookDeliveries", "redeliverWebhook"},
	"RedeliverWebhook":        {"redeliverWebhook"},
	// The operator's own acts, through an operator key only (docs/api.md,
	// "Operator keys"): mending a centre (R-REG-9), the platform's trail
	// and figures, the statement (R-VA-1), certificates (R-CRT-3,
	// R-REG-8), trusts (R-TRU-1) and erasure.
	"RemoveMember":       {"removeMember"},
	"AppointAdmin":       {"appointAdmin"},
	"PlatformTrail":      {"getPlatformTrail"},
	"PublishStatement":   {"publishStatement"},
	"RevokeCertificate":  {"revokeCertificate"},
	"ImportCertificates": {"importCertificates"},
	"CreateTrust":        {"createTrust"},
	"AppointTrustLead":   {"appointTrustLead"},
	"RemoveTrustLead":    {"removeTrustLead"},
	"NationalFigures":    {"getNationalFigures"},
	"ErasePerson":        {"erasePerson"},
}

// notYetOverHTTP is the backlog: every Service method a person's call
// needs that has no operation yet. Issue 22 emptied it; a method the
// Service gains goes here, with a reason, until it has an operation.
var notYetOverHTTP = map[string]bool{}

// neverOverHTTP are the Service's methods that no host key reaches, an
// operator key included, each with the reason.
var neverOverHTTP = map[string]string{
	// The host's own plumbing, taking no actor: the outbox (a mailer and
	// the webhooks' deliverer consume it), reminders, settings, and the
	// API's own authentication. No person acts in them, so no key reaches
	// them, an operator key neither: they run in the host's process.
	"PendingEvents": "outbox", "ClaimEvents": "outbox", "AckEvents": "outbox", "ReleaseEvents": "outbox",
	"RemindersDue": "a host's scheduled job", "ClaimGrace": "a setting", "HostKeyFor": "the API's authentication",
	"Changes": "the API's own kept answers (kept.go)",
	// The webhooks' deliverer's queue (standards/webhooks runs it).
	"ClaimWebhooks": "the deliverer's queue", "FinishWebhook": "the deliverer's queue", "ReleaseWebhooks": "the deliverer's queue",
	// Host keys are issued, revoked and listed at the operator's console
	// alone, never through a key, an operator key's included: so that a
	// leaked key cannot mint another, nor revoke or hide itself, and the
	// keys in force are always the ones the operator sees.
	"IssueHostKey": "keys only at the console", "RevokeHostKey": "keys only at the console", "HostKeys": "keys only at the console",
}

// TestEveryServiceMethodIsAnOperationOrInTheBacklog fails when the Service
// gains a method that is neither over HTTP nor listed as not yet (or
// never), and when a list names an operation the document lacks or a
// method the Service lacks.
func TestEveryServiceMethodIsAnOperationOrInTheBacklog(t *testing.T) {
	inDocument := map[string]bool{}
	for _, item := range document.Paths.Map() {
		for _, op := range item.Operations() {
			inDocument[op.OperationID] = true
		}
	}
	used := map[string]bool{}
	svc := reflect.TypeFor[*standards.Service]()
	methods := map[string]bool{}
	for i := range svc.NumMethod() {
		name := svc.Method(i).Name
		methods[name] = true
		ops, over := operations[name]
		_, never := neverOverHTTP[name]
		switch {
		case over:
			assert.False(t, notYetOverHTTP[name] || never, "Service.%s is over HTTP: take it out of the other lists", name)
			for _, op := range ops {
				assert.True(t, inDocument[op], "Service.%s: operation %s is not in openapi.json", name, op)
				used[op] = true
			}
		case notYetOverHTTP[name]:
			assert.False(t, never, "Service.%s is in two lists", name)
		case never:
		default:
			t.Errorf("Service.%s has no operation: add one, or list it in notYetOverHTTP (or neverOverHTTP, saying why)", name)
		}
	}
	for op := range inDocument {
		assert.True(t, used[op], "operation %s calls no Service method listed in operations", op)
	}
	for name := range notYetOverHTTP {
		assert.True(t, methods[name], "notYetOverHTTP names %s, which the Service does not have", name)
	}
	for name := range neverOverHTTP {
		assert.True(t, methods[name], "neverOverHTTP names %s, which the Service does not have", name)
	}
	t.Logf("over HTTP: %d of %d Service methods; not yet: %d; never: %d", len(operations), len(methods), len(notYetOverHTTP), len(neverOverHTTP))
}
