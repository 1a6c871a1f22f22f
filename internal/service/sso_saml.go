package service

import (
	"context"

	"github.com/loupehq/loupe/internal/loupe"
)

func (s *Service) testSAML(ctx context.Context, workspaceID loupe.ID, in SSOTestInput, saved *loupe.SSOConnection) (SSOTestReport, error) {
	return SSOTestReport{}, loupe.InvalidField("protocol", "SAML is not available yet")
}
