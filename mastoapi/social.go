package mastoapi

import (
	"context"
	"time"

	"agora"
	"agora/service"
	"agora/visibility"
)

// socialService is what the handlers of scheduled statuses, account notes and
// endorsements ask (the service's Posts and Accounts).
type socialService interface {
	ScheduleStatus(ctx context.Context, v *visibility.Snapshot, n service.NewStatus, at time.Time, appID agora.ID) (*agora.ScheduledStatus, error)
	ScheduledStatuses(ctx context.Context, v *visibility.Snapshot, p agora.Page) ([]*agora.ScheduledStatus, error)
	ScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) (*agora.ScheduledStatus, error)
	RescheduleStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID, at time.Time) (*agora.ScheduledStatus, error)
	CancelScheduledStatus(ctx context.Context, v *visibility.Snapshot, id agora.ID) error
}
