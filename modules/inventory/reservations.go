package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/openmarket/marketplace/modules/platform/db"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
)

// Reservations: checkout holds, releases and commits stock inside its transaction.

// Reserve holds stock for reference inside tx (the checkout's transaction). Each line takes
// its units from one location with enough available, through a conditional update that
// re-checks availability under the row lock, so concurrent checkouts can never oversell: the
// loser gets an *OutOfStockError (errs.ErrConflict) and the caller rolls back.
func (s *Service) Reserve(tx *gorm.DB, reference string, lines []Line) ([]Reservation, error) {
	return s.ReserveAll(tx, Hold{Reference: reference, Lines: lines})
}

// Hold is the stock one reference (a vendor order) wants held.
type Hold struct {
	Reference string
	Lines     []Line
}

// ReserveAll reserves several holds at once, as Reserve does each: one checkout's vendor
// orders in one pass, so the availability that listeners see is updated once for all of them.
func (s *Service) ReserveAll(tx *gorm.DB, holds ...Hold) ([]Reservation, error) {
	tid, err := tenantOf(tx)
	if err != nil {
		return nil, err
	}
	type want struct {
		reference string
		variantID uuid.UUID
		quantity  int64
	}
	var wants []want
	for _, h := range holds {
		ref := strings.TrimSpace(h.Reference)
		if ref == "" || len(ref) > 200 {
			return nil, errs.Invalid("reference", "must be 1 to 200 characters")
		}
		merged := map[uuid.UUID]int64{}
		for i, l := range h.Lines {
			if l.Quantity <= 0 {
				return nil, errs.Invalid(fmt.Sprintf("lines[%d].quantity", i), "must be at least 1")
			}
			merged[l.VariantID] += l.Quantity
		}
		for vid, q := range merged {
			wants = append(wants, want{ref, vid, q})
		}
	}
	// A fixed lock order (by variant id, across every hold) keeps concurrent multi-line
	// reservations from deadlocking one another.
	slices.SortFunc(wants, func(a, b want) int {
		if c := strings.Compare(a.variantID.String(), b.variantID.String()); c != 0 {
			return c
		}
		return strings.Compare(a.reference, b.reference)
	})
	out := make([]Reservation, 0, len(wants))
	available := make(map[uuid.UUID]int64, len(wants))
	states := make(map[uuid.UUID]lowStockState, len(wants))
	// One statement per round of distinct variants: the first line of each variant, then the
	// second line of the variants held for two references, and so on. Later rounds touch only
	// rows the first one already locked, so the lock order stays global.
	for rest := wants; len(rest) > 0; {
		var round []reserveLine
		var roundWants, later []want
		for i, w := range rest {
			if i > 0 && w.variantID == rest[i-1].variantID {
				later = append(later, w)
				continue
			}
			round = append(round, reserveLine{Reference: w.reference, VariantID: w.variantID, Quantity: w.quantity})
			roundWants = append(roundWants, w)
		}
		got, err := s.reserveLines(tx, tid, round)
		if err != nil {
			return nil, err
		}
		for i, g := range got {
			out = append(out, g.Reservation)
			available[roundWants[i].variantID], states[roundWants[i].variantID] = g.after.available, g.after.lowStock
		}
		rest = later
	}
	if err := s.publish(tx, available, states); err != nil {
		return nil, err
	}
	return out, nil
}

// reserveLine is one line of reserveLines: quantity units of a variant for a reference.
type reserveLine struct {
	Reference string
	VariantID uuid.UUID
	Quantity  int64
}

// reservedLine is what reserveLines did for one line.
type reservedLine struct {
	Reservation
	after afterReserve
}

// reserveLines reserves every line in one statement; the variants must be distinct and sorted
// by id. It first locks every stock row of those variants in (variant, location) order, the
// one global order every reservation locks in, so concurrent checkouts cannot deadlock. Under
// the locks it sees each row's latest committed units, so the location it picks (the one with
// the most available that covers the line) cannot be drained before its update, and no line
// needs a retry. A line no location covers fails the whole call with an *OutOfStockError (the
// best location's units as available); the caller rolls back.
func (s *Service) reserveLines(tx *gorm.DB, tid uuid.UUID, lines []reserveLine) ([]reservedLine, error) {
	// Array parameters as literals (GORM would expand a slice into a list of parameters), cast
	// with cast(… as …): GORM's named parameters end at a space, not at "::".
	vids, qs, refs := make([]string, len(lines)), make([]string, len(lines)), make([]string, len(lines))
	rids, ridText, mids := make([]uuid.UUID, len(lines)), make([]string, len(lines)), make([]string, len(lines))
	for i, l := range lines {
		vids[i], qs[i], refs[i] = l.VariantID.String(), strconv.FormatInt(l.Quantity, 10), l.Reference
		rids[i], mids[i] = ids.New(), ids.New().String()
		ridText[i] = rids[i].String()
	}
	type row struct {
		Ord               int
		LocationID        *uuid.UUID
		Available         int64
		Best              int64
		LowStockThreshold int64
		LowStockAlerted   bool
	}
	var rows []row
	err := tx.Raw(`with w as materialized (
			select * from unnest(cast(@vids as uuid[]), cast(@qs as bigint[]), cast(@refs as text[]), cast(@rids as uuid[]), cast(@mids as uuid[]))
				with ordinality as w(vid, q, ref, rid, mid, ord)),
		locked as materialized (
			select l.variant_id, l.location_id, l.on_hand - l.reserved as free
			from stock_levels l where l.variant_id = any(cast(@vids as uuid[]))
			order by l.variant_id, l.location_id
			for update),
		pick as materialized (
			select distinct on (w.ord) w.ord, w.vid, w.q, w.ref, w.rid, w.mid, k.location_id
			from w join locked k on k.variant_id = w.vid and k.free >= w.q
			order by w.ord, k.free desc, k.location_id),
		u as (
			update stock_levels l set reserved = l.reserved + p.q, updated_at = now()
			from pick p where l.variant_id = p.vid and l.location_id = p.location_id
			returning l.variant_id, l.location_id, l.on_hand),
		r as (
			insert into stock_reservations (tenant_id, id, reference, variant_id, location_id, quantity, state, created_at)
			select @tid, p.rid, p.ref, p.vid, p.location_id, p.q, 'held', now() from pick p),
		m as (
			insert into stock_movements (tenant_id, id, vendor_id, variant_id, location_id, reserved_delta, on_hand_after, reason, reference, created_at)
			select @tid, p.mid, i.vendor_id, p.vid, u.location_id, p.q, u.on_hand, @reason, p.ref, now()
			from pick p join u on u.variant_id = p.vid join inventory_items i on i.variant_id = p.vid)
		select w.ord, u.location_id,
			coalesce((select sum(k.free) from locked k where k.variant_id = w.vid), 0) - coalesce(p.q, 0) as available,
			coalesce((select max(k.free) from locked k where k.variant_id = w.vid), 0) as best,
			coalesce(i.low_stock_threshold, 0) as low_stock_threshold, coalesce(i.low_stock_alerted, false) as low_stock_alerted
		from w left join pick p on p.ord = w.ord left join u on u.variant_id = p.vid
			left join inventory_items i on i.variant_id = w.vid
		order by w.ord`,
		map[string]any{
			"vids": db.TextArray(vids), "qs": db.TextArray(qs),
			"refs": db.TextArray(refs), "rids": db.TextArray(ridText), "mids": db.TextArray(mids),
			"tid": tid, "reason": ReasonReserved,
		}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("reserve stock: %w", err)
	}
	if len(rows) != len(lines) {
		return nil, fmt.Errorf("reserve stock: %d answers for %d lines", len(rows), len(lines))
	}
	out := make([]reservedLine, len(lines))
	for i, r := range rows {
		l := lines[i]
		if r.LocationID == nil {
			return nil, &OutOfStockError{VariantID: l.VariantID, Requested: l.Quantity, Available: max(r.Best, 0)}
		}
		out[i] = reservedLine{
			Reservation: Reservation{ID: rids[i], Reference: l.Reference, VariantID: l.VariantID, LocationID: *r.LocationID, Quantity: l.Quantity},
			after:       afterReserve{available: r.Available, lowStock: lowStockState{Threshold: r.LowStockThreshold, Alerted: r.LowStockAlerted}},
		}
	}
	return out, nil
}

// afterReserve is a variant's availability once a reservation took its units, and its alert
// state, as the reserving statement read them.
type afterReserve struct {
	available int64
	lowStock  lowStockState
}

// Release gives back every unit still held for reference (an abandoned or failed checkout)
// inside tx. Releasing twice is harmless.
func (s *Service) Release(tx *gorm.DB, reference string) error {
	return s.settle(tx, reference, "released")
}

// Commit turns the units held for reference into a sale (the order is paid): they leave the
// on-hand stock. Committing twice is harmless.
func (s *Service) Commit(tx *gorm.DB, reference string) error {
	return s.settle(tx, reference, "committed")
}

func (s *Service) settle(tx *gorm.DB, reference, state string) error {
	tid, err := tenantOf(tx)
	if err != nil {
		return err
	}
	var rows []reservationRow
	err = tx.Raw(`update stock_reservations set state = ?, settled_at = now()
		where reference = ? and state = 'held' returning *`, state, reference).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("settle reservations: %w", err)
	}
	slices.SortFunc(rows, func(a, b reservationRow) int { return strings.Compare(a.VariantID.String(), b.VariantID.String()) })
	vids := make([]uuid.UUID, 0, len(rows))
	for _, r := range rows {
		onHandDelta, reason := int64(0), ReasonReleased
		if state == "committed" {
			onHandDelta, reason = -r.Quantity, ReasonSold
		}
		var after []int64
		err := tx.Raw(`update stock_levels set reserved = reserved - ?, on_hand = on_hand + ?, updated_at = now()
			where variant_id = ? and location_id = ? returning on_hand`, r.Quantity, onHandDelta, r.VariantID, r.LocationID).Scan(&after).Error
		if err != nil {
			return fmt.Errorf("settle stock: %w", err)
		}
		var item itemRow
		if err := tx.Select("vendor_id").Where("variant_id = ?", r.VariantID).Take(&item).Error; err != nil {
			return err
		}
		if err := s.record(tx, tid, movementRow{VendorID: item.VendorID, VariantID: r.VariantID, LocationID: r.LocationID,
			OnHandDelta: onHandDelta, ReservedDelta: -r.Quantity, OnHandAfter: after[0], Reason: reason, Reference: reference}); err != nil {
			return err
		}
		vids = append(vids, r.VariantID)
	}
	if len(vids) == 0 {
		return nil
	}
	return s.afterChange(tx, vids)
}
