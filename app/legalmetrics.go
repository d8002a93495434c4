package app

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// legalMetrics are the legal desk's Prometheus histograms: how long after receipt
// orders are acknowledged, and how long until effect is first given.
type legalMetrics struct {
	ack, effect prometheus.Histogram
}

// orderBuckets span a minute to two weeks: order deadlines run from one hour to days.
var orderBuckets = []float64{60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 7 * 86400, 14 * 86400}

func newLegalMetrics(reg *prometheus.Registry) (*legalMetrics, error) {
	m := &legalMetrics{
		ack: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "agora_legal_time_to_acknowledge_seconds", Help: "Time from an order's receipt to its acknowledgement.", Buckets: orderBuckets,
		}),
		effect: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "agora_legal_time_to_effect_seconds", Help: "Time from an order's receipt to the first effect given to it.", Buckets: orderBuckets,
		}),
	}
	for _, c := range []prometheus.Collector{m.ack, m.effect} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register legal metrics: %w", err)
		}
	}
	return m, nil
}

func (m *legalMetrics) ObserveAcknowledge(d time.Duration) { m.ack.Observe(d.Seconds()) }
func (m *legalMetrics) ObserveEffect(d time.Duration)      { m.effect.Observe(d.Seconds()) }
