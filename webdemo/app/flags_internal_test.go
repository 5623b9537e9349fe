package app

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestFlagTagColoursBySeverity: a flag is a GOV.UK tag, red for
// standards.FlagUrgent, yellow (amber) for FlagDueSoon and the tag's own
// blue for FlagInfo, its severity read out before its words.
func TestFlagTagColoursBySeverity(t *testing.T) {
	cases := []struct {
		sev  standards.FlagSeverity
		want string
	}{
		{standards.FlagUrgent, `<strong class="govuk-tag govuk-tag--red"><span class="govuk-visually-hidden">Needs action now: </span>a &lt;flag&gt;</strong>`},
		{standards.FlagDueSoon, `<strong class="govuk-tag govuk-tag--yellow"><span class="govuk-visually-hidden">Due soon: </span>a &lt;flag&gt;</strong>`},
		{standards.FlagInfo, `<strong class="govuk-tag"><span class="govuk-visually-hidden">For information: </span>a &lt;flag&gt;</strong>`},
	}
	for _, c := range cases {
		t.Run(string(c.sev), func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, flagTag("a <flag>", c.sev).Render(context.Background(), &b))
			assert.Equal(t, c.want, b.String())
		})
	}
}
