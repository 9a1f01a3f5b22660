package ingest

import (
	"context"
	"time"

	"github.com/slabot/slabot/sla"
)

// Store is what the CRM paths read and write. Writes happen in transactions
// (Tx) so a webhook batch or an import batch is all-or-nothing.
type Store interface {
	AgreementByRef(ctx context.Context, team, ref string) (sla.Agreement, error)
	WebhookSecret(ctx context.Context, team string) (string, error)
	SetWebhookSecret(ctx context.Context, team, secret string, replace bool) (string, error)
	// InTx runs fn in one transaction scoped to team.
	InTx(ctx context.Context, team string, fn func(tx Tx) error) error
	// BeginImport opens an import session: batches in their own transactions
	// on one connection.
	BeginImport(ctx context.Context, team string) (ImportSession, error)
	Close() error
	HubSpotStore
}

// HubSpotStore keeps the HubSpot connections and webhook events.
type HubSpotStore interface {
	ConnectHubSpot(ctx context.Context, c sla.CRMConnection) (sla.CRMConnection, error)
	HubSpotConnections(ctx context.Context) ([]sla.CRMConnection, error)
	HubSpotByPortal(ctx context.Context, portal int64) (sla.CRMConnection, error)
	RecordHubSpotRun(ctx context.Context, c sla.CRMConnection) error
	AddHubSpotEvents(ctx context.Context, evs []sla.CRMEvent) (int, error)
	PendingHubSpotEvents(ctx context.Context, portal int64, limit int) ([]sla.CRMEvent, error)
}

// ImportSession runs an import's batches.
type ImportSession interface {
	Batch(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}

// Tx is one transaction of a workspace's CRM writes.
type Tx interface {
	AgreementByRef(ref string) (sla.Agreement, error)
	AgreementByID(id int64) (sla.Agreement, error)
	// TargetsFor is the targets in force for month (sla.TargetsInForce).
	TargetsFor(agreementID int64, month sla.Month) (sla.Targets, error)
	LeadByExternalID(ext string) (sla.Lead, error)
	LeadsByExternalIDs(ids []string) (map[string]sla.Lead, error)
	AddLead(l sla.Lead) (sla.Lead, error)
	SaveLead(l sla.Lead, att *sla.Attempt, at time.Time) (sla.Lead, error)
	UpsertLeads(agreementID int64, leads []sla.Lead, now time.Time) (sla.UpsertCounts, error)
	SeenBefore(ids []string, lines []int) (map[string]int, error)
	ClaimKey(key, result string, at time.Time) (first bool, prev string, err error)
	SetKeyResult(key, result string) error
	ClaimSignature(sig string, now time.Time, keep time.Duration) (bool, error)
	// AdvanceHubSpot moves the sync's cursor forward and counts the leads
	// taken, with the leads they came with.
	AdvanceHubSpot(agreementID, cursor int64, taken int) error
	AppliedHubSpotEvents(portal int64, ids []int64, at time.Time) error
	// Aways, StrikesByRep and PickFromPool serve the pool hand-off of
	// unowned MQLs (docs/design.md, Routing): the pick is claimed in this
	// transaction.
	Aways(agreementID int64, since time.Time) ([]sla.Away, error)
	StrikesByRep(agreementID int64, month sla.Month) (map[string]int, error)
	PickFromPool(agreementID int64, now time.Time, loc *time.Location, eligible func(sla.PoolMember) bool) (string, error)
}

// Opener opens the store a command-line run uses (cmd wires storage in).
type Opener func(ctx context.Context) (Store, error)
