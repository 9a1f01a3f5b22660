package sla

import (
	"math"
	"math/big"
	"strconv"
	"time"
)

// Periods of the uptime calculator (docs/design.md, Uptime nines).
const (
	NinesYear  = 36525 * 24 * time.Hour / 100 // 365.25 days
	NinesMonth = 30 * 24 * time.Hour
	NinesWeek  = 7 * 24 * time.Hour
	NinesDay   = 24 * time.Hour
)

// Downtime is the allowed downtime per period for an uptime promise.
type Downtime struct {
	Year, Month, Week, Day time.Duration
}

// DowntimeFor computes (1 − p/100) × period for each period, p in percent.
// The float is read back as the shortest decimal that prints it (99.9, not
// 99.900000000000005…), so 99.9 % gives exactly 8h45m57.6s a year; results
// are rounded half up to the nanosecond.
func DowntimeFor(percent float64) (Downtime, error) {
	if math.IsNaN(percent) || math.IsInf(percent, 0) || percent <= 0 || percent >= 100 {
		return Downtime{}, Errorf(Invalid, "The uptime must be a percentage between 0 and 100, like 99.9%%.")
	}
	p, ok := new(big.Rat).SetString(strconv.FormatFloat(percent, 'g', -1, 64))
	if !ok {
		return Downtime{}, Errorf(Invalid, "The uptime must be a percentage between 0 and 100, like 99.9%%.")
	}
	// down = (100 − p) ÷ 100
	down := new(big.Rat).Sub(big.NewRat(100, 1), p)
	down.Quo(down, big.NewRat(100, 1))
	of := func(period time.Duration) time.Duration {
		r := new(big.Rat).Mul(down, new(big.Rat).SetInt64(int64(period)))
		return time.Duration(roundHalfUp(r).Int64())
	}
	return Downtime{
		Year:  of(NinesYear),
		Month: of(NinesMonth),
		Week:  of(NinesWeek),
		Day:   of(NinesDay),
	}, nil
}
