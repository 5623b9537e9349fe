package main

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/internal/exampletest"
)

func TestQuickstartPrintsAVerifiedCertificate(t *testing.T) {
	t.Parallel()
	out := exampletest.Run(t, nil)
	assert.Regexp(t, regexp.MustCompile(`\Acertificate EOPS-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4} issued to Eve Officer for \d{4}/\d{2}
verified: valid, Eve Officer at Riverside Academy \(12345\)
\z`), out)
}
