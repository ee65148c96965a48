package orders

import "slices"

// Order and vendor order statuses.
const (
	StatusPendingPayment    = "pending_payment"
	StatusPaid              = "paid"
	StatusProcessing        = "processing"
	StatusPartiallyShipped  = "partially_shipped"
	StatusShipped           = "shipped"
	StatusDelivered         = "delivered"
	StatusCompleted         = "completed"
	StatusCancelled         = "cancelled"
	StatusPartiallyRefunded = "partially_refunded"
	StatusRefunded          = "refunded"
	StatusReturned          = "returned"
)

// Statuses lists every status.
var Statuses = []string{StatusPendingPayment, StatusPaid, StatusProcessing, StatusPartiallyShipped, StatusShipped,
	StatusDelivered, StatusCompleted, StatusCancelled, StatusPartiallyRefunded, StatusRefunded, StatusReturned}

// VendorTransitions is the vendor order state machine: the statuses each status may move to.
// A status absent from the map is terminal.
var VendorTransitions = map[string][]string{
	StatusPendingPayment:    {StatusPaid, StatusCancelled},
	StatusPaid:              {StatusProcessing, StatusPartiallyShipped, StatusShipped, StatusCancelled, StatusRefunded},
	StatusProcessing:        {StatusPartiallyShipped, StatusShipped, StatusCancelled, StatusRefunded},
	StatusPartiallyShipped:  {StatusShipped, StatusPartiallyRefunded, StatusRefunded},
	StatusShipped:           {StatusDelivered, StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusDelivered:         {StatusCompleted, StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusCompleted:         {StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusPartiallyRefunded: {StatusCompleted, StatusRefunded, StatusReturned},
	StatusReturned:          {StatusRefunded},
}

// OrderTransitions is the buyer order state machine. The order's status follows its vendor
// orders (see derive), so it may skip ahead when several vendor orders move at once.
var OrderTransitions = map[string][]string{
	StatusPendingPayment:    {StatusPaid, StatusCancelled},
	StatusPaid:              {StatusProcessing, StatusPartiallyShipped, StatusShipped, StatusCancelled, StatusRefunded},
	StatusProcessing:        {StatusPartiallyShipped, StatusShipped, StatusCancelled, StatusRefunded},
	StatusPartiallyShipped:  {StatusShipped, StatusDelivered, StatusCompleted, StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusShipped:           {StatusDelivered, StatusCompleted, StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusDelivered:         {StatusCompleted, StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusCompleted:         {StatusPartiallyRefunded, StatusRefunded, StatusReturned},
	StatusPartiallyRefunded: {StatusCompleted, StatusRefunded, StatusReturned},
	StatusReturned:          {StatusRefunded},
}

// CanMove reports whether table allows from → to.
func CanMove(table map[string][]string, from, to string) bool {
	return slices.Contains(table[from], to)
}

// rank orders the fulfilment statuses of active vendor orders.
var rank = map[string]int{
	StatusPaid: 1, StatusProcessing: 2, StatusPartiallyShipped: 3, StatusShipped: 4, StatusDelivered: 5,
	StatusPartiallyRefunded: 5, StatusCompleted: 6, StatusReturned: 7,
}

// derive computes the buyer order's status from its vendor orders' statuses and whether any
// money was refunded.
func derive(current string, vendorStatuses []string, refunded bool) string {
	var active []string
	cancelled := 0
	for _, s := range vendorStatuses {
		switch s {
		case StatusCancelled:
			cancelled++
		case StatusRefunded:
		default:
			active = append(active, s)
		}
	}
	if len(active) == 0 {
		if cancelled == len(vendorStatuses) {
			return StatusCancelled
		}
		return StatusRefunded
	}
	if slices.Contains(active, StatusPendingPayment) {
		return StatusPendingPayment
	}
	lo, hi := 100, 0
	loStatus := ""
	allReturned := true
	for _, s := range active {
		r := rank[s]
		if r < lo {
			lo, loStatus = r, s
		}
		hi = max(hi, r)
		if s != StatusReturned {
			allReturned = false
		}
	}
	switch {
	case allReturned:
		return StatusReturned
	case lo <= 2 && hi >= 3:
		return StatusPartiallyShipped
	case lo >= 5 && refunded:
		return StatusPartiallyRefunded
	case loStatus == StatusPartiallyRefunded:
		return StatusDelivered
	case loStatus == StatusReturned:
		return StatusCompleted
	}
	if loStatus == "" {
		return current
	}
	return loStatus
}
