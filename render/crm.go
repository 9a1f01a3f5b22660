package render

import (
	"fmt"

	"time"

	"github.com/slabot/slabot/sla"
)

// CRM renders an agreement's HubSpot connection for /sla crm: the portal,
// the last sync that finished, the leads taken and the last error.
func CRM(c sla.CRMConnection, connected bool, agreement string, loc *time.Location) Message {
	if !connected {
		return Text(":electric_plug: The %s agreement is not connected to HubSpot. An operator connects it with "+
			"`slabot hubspot connect --team <team id> --agreement <channel>` (HUBSPOT_TOKEN set); contacts then arrive every 5 minutes.", Escape(agreement))
	}
	last := "not yet"
	if !c.LastSyncAt.IsZero() {
		last = When(c.LastSyncAt, loc)
		if c.LastRun != "" {
			last += "\n" + Escape(c.LastRun)
		}
	}
	errText := ":white_check_mark: none"
	if c.LastError != "" {
		errText = ":warning: " + Escape(truncate(c.LastError, 600))
		if !c.LastErrAt.IsZero() {
			errText += " (" + When(c.LastErrAt, loc) + ")"
		}
	}
	blocks := Fields("*HubSpot* — "+Escape(agreement),
		fmt.Sprintf("*Portal*\n%d (connected %s)", c.Portal, When(c.ConnectedAt, loc)),
		fmt.Sprintf("*Leads taken*\n%d", c.LeadsTaken),
		"*Last sync*\n"+last,
		"*Last error*\n"+errText,
	)
	text := fmt.Sprintf("HubSpot portal %d: last sync %s, %d leads taken", c.Portal, last, c.LeadsTaken)
	if c.LastError != "" {
		text += "; last error: " + c.LastError
	}
	return Fit(Message{Text: text, Blocks: blocks})
}
