package standards_test

import (
	"context"

	"github.com/eops/eops/standards"
)

// flagRows are the authorisation rows of attention flags, dashboards,
// reminders and figures. A record's flags are for those who see it in full
// and for the trust lead and the operator; a centre's dashboard is for its
// admins, the trust lead, the operator and its senior leaders and line
// managers (the LM, who oversees nobody, sees an empty one). A trust's
// dashboard is for its leads and the operator only; the national figures
// are for the operator only.
var flagRows = []authzRow{
	//                                      EO SL LM AD OT TL OP PE NB SY
	{method: "RecordFlags", want: "A  A  F  A  N  A  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.RecordFlags(ctx, a, f.rec(ctx)))
		}},
	{method: "CentreDashboard", want: "F  A  A  A  N  A  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.CentreDashboard(ctx, a, f.centre.ID, year))
		}},
	// A trust's dashboard is for its leads and the operator: everyone
	// else, the admins of its centres included, does not find the trust.
	{method: "TrustDashboard", want: "N  N  N  N  N  A  A  N  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.TrustDashboard(ctx, a, f.trust.ID, year))
		}},
	{method: "NationalFigures", want: "F  F  F  F  F  F  A  F  U  F",
		call: func(ctx context.Context, f *fixture, a standards.Actor, _ actorKind) error {
			return ignore(f.svc.NationalFigures(ctx, a, year))
		}},
}
