package vendors

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/audit"
	"github.com/openmarket/marketplace/modules/notifications"
	"github.com/openmarket/marketplace/modules/platform/errs"
	"github.com/openmarket/marketplace/modules/platform/ids"
	"github.com/openmarket/marketplace/modules/platform/tokens"
	"github.com/openmarket/marketplace/tenants"
)

// Members records vendor memberships; module identity implements it. The methods open their
// own transactions, so this module never calls them while holding one.
type Members interface {
	AddVendorMember(ctx context.Context, vendorID, accountID uuid.UUID, role string) error
	RemoveVendorMember(ctx context.Context, vendorID, accountID uuid.UUID) error
	VendorMembers(ctx context.Context, vendorID uuid.UUID) ([]Member, error)
	// MembershipsOf maps each vendor the account belongs to onto its role there.
	MembershipsOf(ctx context.Context, accountID uuid.UUID) (map[uuid.UUID]string, error)
}

// StorefrontImages is what vendors needs from module media (injected by the api): the vendors'
// storefront images, to check a logo or banner is the seller's own and to link it.
type StorefrontImages interface {
	// StorefrontImages returns, among ids, the images of the marketplace of ctx, keyed by id;
	// unknown ids and other marketplaces' images are absent.
	StorefrontImages(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]StorefrontImage, error)
}

// StorefrontImage is an image as vendors sees it.
type StorefrontImage struct {
	// Kind is media's owner kind: storefront_logo, storefront_banner, product, ...
	Kind     string
	VendorID uuid.UUID
	Ready    bool
	// URLs link the renditions by name ("original", "160", "480", "1200"); empty unless ready.
	URLs map[string]string
}

// Media owner kinds of storefront images (module media's words).
const (
	KindLogo   = "storefront_logo"
	KindBanner = "storefront_banner"
)

// StatusListener is told of a vendor's new status inside the transaction that changes it; an
// error rolls the change back.
type StatusListener func(tx *gorm.DB, v Vendor) error

// Deps are what the service is built from.
type Deps struct {
	Tenants  *tenants.Registry
	Notify   *notifications.Service
	Members  Members
	Verifier DomainVerifier
	// TenantURL is the public URL of a marketplace by slug, for links in emails.
	TenantURL func(slug string) string
	// BaseDomain is the platform's domain; custom domains may not be under it.
	BaseDomain string
	// Images checks and links logos and banners; nil refuses every image and shows none.
	Images StorefrontImages
	// Audit records the operator's decisions on vendors; nil records nothing (tests).
	Audit *audit.Log
}

// Service is the vendors module's only way in.
type Service struct {
	d         Deps
	listeners []StatusListener
	now       func() time.Time
}

// InvitationTTL is how long a staff invitation stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// NewService returns the vendors service.
func NewService(d Deps) *Service {
	if d.Verifier == nil {
		d.Verifier = NewDNSVerifier()
	}
	return &Service{d: d, now: func() time.Time { return time.Now().UTC() }}
}

// OnStatusChange subscribes l to every status change (approve, suspend, reinstate, reject).
// Call it while wiring, before serving.
func (s *Service) OnStatusChange(l StatusListener) { s.listeners = append(s.listeners, l) }

// ---- validation

var extraReservedSlugs = map[string]bool{
	"shop": true, "store": true, "stores": true, "seller": true, "sellers": true, "vendor": true, "vendors": true,
	"cart": true, "checkout": true, "search": true, "products": true, "categories": true, "collections": true,
	"orders": true, "marketplace": true, "storefront": true, "my": true, "me": true,
}

// ValidateSlug checks a storefront slug: DNS-safe, 3 to 40 characters, not reserved.
func ValidateSlug(slug string) error {
	if err := tenants.ValidateSlug(slug); err != nil {
		return err
	}
	if extraReservedSlugs[slug] {
		return errs.Invalid("body.slug", "is reserved; choose another")
	}
	return nil
}

func cleanLine(field, raw string, minLen, maxLen int) (string, error) {
	v := strings.TrimSpace(raw)
	n := utf8.RuneCountInString(v)
	if n < minLen || n > maxLen || strings.ContainsAny(v, "\r\n\x00") {
		return "", errs.Invalid(field, fmt.Sprintf("must be %d to %d characters on one line", minLen, maxLen))
	}
	return v, nil
}

func cleanText(field, raw string, maxLen int) (string, error) {
	v := strings.TrimSpace(raw)
	if utf8.RuneCountInString(v) > maxLen || strings.ContainsRune(v, 0) {
		return "", errs.Invalid(field, fmt.Sprintf("must be at most %d characters", maxLen))
	}
	return v, nil
}

func cleanEmail(field, raw string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(raw))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 {
		return "", errs.Invalid(field, "is not a valid email address")
	}
	return e, nil
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

var accentPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// cleanAccent checks a storefront colour: #rrggbb (stored lower case) or empty to clear it.
func cleanAccent(field, raw string) (string, error) {
	c := strings.ToLower(strings.TrimSpace(raw))
	if c != "" && !accentPattern.MatchString(c) {
		return "", errs.Invalid(field, "must be a colour like #1a7f5a (# and six hex digits), or empty to use the marketplace's")
	}
	return c, nil
}

// imageNotYours is the message for a logo or banner that is not one of the seller's own
// storefront images in this marketplace.
const imageNotYours = "is not an uploaded image of this shop, or is not yours"

// checkImages refuses a logo or banner that is not vendorID's own ready storefront image of the
// right kind: another seller's, another marketplace's, an unknown id, or a product image.
func (s *Service) checkImages(ctx context.Context, vendorID uuid.UUID, c SettingsChange) error {
	wanted := []struct {
		field, kind string
		id          *uuid.UUID
	}{{"body.logo_media_id", KindLogo, c.LogoMediaID}, {"body.banner_media_id", KindBanner, c.BannerMediaID}}
	var ids []uuid.UUID
	for _, w := range wanted {
		if w.id != nil && *w.id != uuid.Nil {
			ids = append(ids, *w.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found := map[uuid.UUID]StorefrontImage{}
	if s.d.Images != nil {
		var err error
		if found, err = s.d.Images.StorefrontImages(ctx, ids); err != nil {
			return fmt.Errorf("check storefront images: %w", err)
		}
	}
	for _, w := range wanted {
		if w.id == nil || *w.id == uuid.Nil {
			continue
		}
		im, ok := found[*w.id]
		if !ok || im.VendorID != vendorID || im.Kind != w.kind || !im.Ready {
			return errs.Invalid(w.field, imageNotYours)
		}
	}
	return nil
}

// WithImages sets the logo and banner links of vs (ready images only) for showing them, in one
// lookup. Images are display enrichment: when the lookup fails, views show none.
func (s *Service) WithImages(ctx context.Context, vs []Vendor) []Vendor {
	if s.d.Images == nil || len(vs) == 0 {
		return vs
	}
	var ids []uuid.UUID
	for _, v := range vs {
		for _, id := range []*uuid.UUID{v.LogoMediaID, v.BannerMediaID} {
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	if len(ids) == 0 {
		return vs
	}
	found, err := s.d.Images.StorefrontImages(ctx, ids)
	if err != nil {
		slog.WarnContext(ctx, "vendors: linking storefront images failed; showing none", "error", err)
		return vs
	}
	link := func(id *uuid.UUID, vendorID uuid.UUID, size string) string {
		if id == nil {
			return ""
		}
		im, ok := found[*id]
		if !ok || !im.Ready || im.VendorID != vendorID {
			return ""
		}
		if u := im.URLs[size]; u != "" {
			return u
		}
		return im.URLs["original"]
	}
	out := make([]Vendor, len(vs))
	for i, v := range vs {
		v.LogoURL = link(v.LogoMediaID, v.ID, "480")
		v.BannerURL = link(v.BannerMediaID, v.ID, "1200")
		out[i] = v
	}
	return out
}

// WithImage is WithImages for one vendor.
func (s *Service) WithImage(ctx context.Context, v Vendor) Vendor {
	return s.WithImages(ctx, []Vendor{v})[0]
}

func cleanCountry(field, raw string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(raw))
	if !countryPattern.MatchString(c) {
		return "", errs.Invalid(field, "must be an ISO 3166-1 alpha-2 country code such as DE")
	}
	return c, nil
}

// ---- applications and public reads

// Apply records the signed-in account's application to sell.
func (s *Service) Apply(ctx context.Context, a Application) (Vendor, error) {
	p := access.PrincipalFrom(ctx)
	if !p.Authenticated() {
		return Vendor{}, access.ErrSignInRequired
	}
	t, ok := tenants.FromContext(ctx)
	if !ok {
		return Vendor{}, ErrVendorNotFound
	}
	row := vendorRow{TenantID: t.ID, ID: ids.New(), Status: StatusPending, ApplicantID: p.AccountID,
		ApplicantEmail: strings.ToLower(p.Email)}
	var err error
	if row.Name, err = cleanLine("body.name", a.Name, 1, 100); err != nil {
		return Vendor{}, err
	}
	row.Slug = strings.ToLower(strings.TrimSpace(a.Slug))
	if err = ValidateSlug(row.Slug); err != nil {
		return Vendor{}, err
	}
	if row.Description, err = cleanText("body.description", a.Description, 5000); err != nil {
		return Vendor{}, err
	}
	if row.ContactEmail, err = cleanEmail("body.contact_email", a.ContactEmail); err != nil {
		return Vendor{}, err
	}
	if row.Country, err = cleanCountry("body.country", a.Country); err != nil {
		return Vendor{}, err
	}
	if row.ApplicantEmail == "" {
		row.ApplicantEmail = row.ContactEmail
	}
	row.CreatedAt, row.UpdatedAt = s.now(), s.now()
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var pending int64
		if err := tx.Model(&vendorRow{}).Where("applicant_id = ? AND status = ?", p.AccountID, StatusPending).Count(&pending).Error; err != nil {
			return err
		}
		if pending > 0 {
			return ErrApplicationPending
		}
		return tx.Create(&row).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		var taken int64
		_ = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
			return tx.Model(&vendorRow{}).Where("slug = ?", row.Slug).Count(&taken).Error
		})
		if taken > 0 {
			return Vendor{}, ErrSlugTaken
		}
		return Vendor{}, ErrApplicationPending
	}
	if err != nil {
		return Vendor{}, fmt.Errorf("apply: %w", err)
	}
	return row.vendor(), nil
}

// Mine lists the vendors the signed-in account belongs to, with its role, and its own
// applications (role "applicant" while not a member), newest first.
func (s *Service) Mine(ctx context.Context) ([]Membership, error) {
	p := access.PrincipalFrom(ctx)
	if !p.Authenticated() {
		return nil, access.ErrSignInRequired
	}
	roles, err := s.d.Members.MembershipsOf(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	memberOf := make([]uuid.UUID, 0, len(roles))
	for id := range roles {
		memberOf = append(memberOf, id)
	}
	var rows []vendorRow
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Where("applicant_id = ?", p.AccountID)
		if len(memberOf) > 0 {
			q = q.Or("id IN ?", memberOf)
		}
		return q.Order("id DESC").Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list my vendors: %w", err)
	}
	out := make([]Membership, 0, len(rows))
	for _, r := range rows {
		role, ok := roles[r.ID]
		if !ok || (r.Status != StatusApproved && r.Status != StatusSuspended) {
			role = "applicant"
		}
		out = append(out, Membership{Vendor: r.vendor(), Role: role})
	}
	return out, nil
}

// Public returns the approved vendor with slug, with its verified custom domain.
func (s *Service) Public(ctx context.Context, slug string) (Vendor, error) {
	var v Vendor
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		v, err = s.loadBy(tx, "slug = ? AND status = ?", strings.ToLower(slug), StatusApproved)
		return err
	})
	return v, err
}

// ListPublic lists the approved vendors, by name.
func (s *Service) ListPublic(ctx context.Context) ([]Vendor, error) {
	var rows []vendorRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("status = ?", StatusApproved).Order("name, id").Limit(500).Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("list vendors: %w", err)
	}
	out := make([]Vendor, len(rows))
	for i, r := range rows {
		out[i] = r.vendor()
	}
	return out, nil
}

// Contact is how other modules name and reach a seller.
type Contact struct {
	Name  string
	Email string
	// LogoMediaID is the shop's logo, for showing it beside the name (nil without one).
	LogoMediaID *uuid.UUID
}

// Contacts returns the name and contact email of each vendor in ids that exists (any status),
// read in tx when given (a cart's or checkout's transaction) or in a transaction of its own.
// Carts show the names next to each line; checkout records and mails the sellers.
func (s *Service) Contacts(ctx context.Context, tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]Contact, error) {
	out := make(map[uuid.UUID]Contact, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []vendorRow
	err := s.d.Tenants.Within(ctx, tx, func(tx *gorm.DB) error {
		return tx.Select("id", "name", "contact_email", "logo_media_id").Where("id IN ?", ids).Find(&rows).Error
	})
	if err != nil {
		return nil, fmt.Errorf("vendor contacts: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = Contact{Name: r.Name, Email: r.ContactEmail, LogoMediaID: r.LogoMediaID}
	}
	return out, nil
}

// Storefront resolves the storefront host of ctx ({slug}.{tenant}.{base}) to its vendor. ok is
// false on a marketplace host; an unknown or closed storefront is ErrVendorNotFound.
func (s *Service) Storefront(ctx context.Context) (v Vendor, ok bool, err error) {
	site, found := tenants.SiteFromContext(ctx)
	if !found || site.Platform || site.Storefront == "" {
		return Vendor{}, false, nil
	}
	v, err = s.Public(ctx, site.Storefront)
	return v, err == nil, err
}

func (s *Service) loadBy(tx *gorm.DB, where string, args ...any) (Vendor, error) {
	var row vendorRow
	if err := tx.Where(where, args...).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Vendor{}, ErrVendorNotFound
		}
		return Vendor{}, fmt.Errorf("load vendor: %w", err)
	}
	v := row.vendor()
	var dom domainRow
	err := tx.Where("vendor_id = ? AND verified_at IS NOT NULL", row.ID).Limit(1).Find(&dom).Error
	if err != nil {
		return Vendor{}, fmt.Errorf("load vendor domain: %w", err)
	}
	v.Domain = dom.Host
	return v, nil
}

// ListedIn reports, inside the caller's transaction, whether vendor id is approved, and locks
// its row against a concurrent status change until tx ends, so a product created now cannot
// miss a suspension happening at the same time.
func (s *Service) ListedIn(tx *gorm.DB, id uuid.UUID) (bool, error) {
	var status string
	err := tx.Model(&vendorRow{}).Clauses(clause.Locking{Strength: "SHARE"}).Select("status").Where("id = ?", id).Take(&status).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return false, ErrVendorNotFound
	}
	return status == StatusApproved, err
}

// ContactIn returns the vendor's shop name and contact email inside the caller's transaction.
func (s *Service) ContactIn(tx *gorm.DB, id uuid.UUID) (name, email string, err error) {
	var row vendorRow
	if err := tx.Select("name", "contact_email").Where("id = ?", id).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return "", "", ErrVendorNotFound
		}
		return "", "", err
	}
	return row.Name, row.ContactEmail, nil
}

// ---- members' access

// Authorize returns the signed-in caller's membership of vendor id: ErrVendorNotFound when the
// caller is not a member (whatever the vendor's marketplace), or the vendor is not open
// (members of a suspended vendor keep access to manage it).
func (s *Service) Authorize(ctx context.Context, id uuid.UUID) (Membership, error) {
	p := access.PrincipalFrom(ctx)
	if !p.Authenticated() {
		return Membership{}, ErrVendorNotFound
	}
	roles, err := s.d.Members.MembershipsOf(ctx, p.AccountID)
	if err != nil {
		return Membership{}, err
	}
	role, ok := roles[id]
	if !ok {
		return Membership{}, ErrVendorNotFound
	}
	var v Vendor
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		v, err = s.loadBy(tx, "id = ? AND status IN ?", id, []string{StatusApproved, StatusSuspended})
		return err
	})
	if err != nil {
		return Membership{}, err
	}
	return Membership{Vendor: v, Role: role}, nil
}

// UpdateSettings changes a storefront's settings; any member may.
func (s *Service) UpdateSettings(ctx context.Context, id uuid.UUID, c SettingsChange) (Vendor, error) {
	if _, err := s.Authorize(ctx, id); err != nil {
		return Vendor{}, err
	}
	changes := map[string]any{"updated_at": s.now()}
	set := func(col, field string, v *string, f func(string, string) (string, error)) error {
		if v == nil {
			return nil
		}
		clean, err := f(field, *v)
		if err != nil {
			return err
		}
		changes[col] = clean
		return nil
	}
	line := func(field, v string) (string, error) { return cleanLine(field, v, 1, 100) }
	text := func(max int) func(string, string) (string, error) {
		return func(field, v string) (string, error) { return cleanText(field, v, max) }
	}
	for _, step := range []error{
		set("accent_color", "body.accent_color", c.AccentColor, cleanAccent),
		set("name", "body.name", c.Name, line),
		set("description", "body.description", c.Description, text(5000)),
		set("contact_email", "body.contact_email", c.ContactEmail, cleanEmail),
		set("shipping_policy", "body.shipping_policy", c.ShippingPolicy, text(10000)),
		set("returns_policy", "body.returns_policy", c.ReturnsPolicy, text(10000)),
	} {
		if step != nil {
			return Vendor{}, step
		}
	}
	media := func(col string, v *uuid.UUID) {
		if v == nil {
			return
		}
		if *v == uuid.Nil {
			changes[col] = nil
		} else {
			changes[col] = *v
		}
	}
	media("logo_media_id", c.LogoMediaID)
	media("banner_media_id", c.BannerMediaID)
	if err := s.checkImages(ctx, id, c); err != nil {
		return Vendor{}, err
	}
	if changes["accent_color"] == "" {
		changes["accent_color"] = nil
	}
	var v Vendor
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&vendorRow{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return fmt.Errorf("update vendor: %w", err)
		}
		var err error
		v, err = s.loadBy(tx, "id = ?", id)
		return err
	})
	return v, err
}

// ---- operator decisions

// AdminFilter narrows the operator's vendor list.
type AdminFilter struct {
	Status string
	Cursor string
	Limit  int
}

// List returns the marketplace's vendors and applications, newest first.
func (s *Service) List(ctx context.Context, f AdminFilter) (Page[Vendor], error) {
	if f.Status != "" && f.Status != StatusPending && f.Status != StatusApproved && f.Status != StatusRejected && f.Status != StatusSuspended {
		return Page[Vendor]{}, errs.Invalid("query.status", "must be pending, approved, rejected or suspended")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	var after uuid.UUID
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			after, err = uuid.FromBytes(b)
		}
		if err != nil {
			return Page[Vendor]{}, errs.Invalid("query.cursor", "is not a cursor from a previous page")
		}
	}
	var rows []vendorRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		q := tx.Order("id DESC").Limit(f.Limit + 1)
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if after != uuid.Nil {
			q = q.Where("id < ?", after)
		}
		return q.Find(&rows).Error
	})
	if err != nil {
		return Page[Vendor]{}, fmt.Errorf("list vendors: %w", err)
	}
	var page Page[Vendor]
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		page.NextCursor = base64.RawURLEncoding.EncodeToString(rows[len(rows)-1].ID[:])
	}
	page.Items = make([]Vendor, len(rows))
	for i, r := range rows {
		page.Items[i] = r.vendor()
	}
	return page, nil
}

// Get returns any vendor of the marketplace (operators).
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Vendor, error) {
	var v Vendor
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		v, err = s.loadBy(tx, "id = ?", id)
		return err
	})
	return v, err
}

// transition moves vendor id from one of from to status, telling listeners and queueing the
// email template (if any) to the applicant, in one transaction.
func (s *Service) transition(ctx context.Context, id uuid.UUID, from []string, to, reason, template, action string) (Vendor, error) {
	var v Vendor
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var before vendorRow
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("status").Where("id = ?", id).Take(&before).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrVendorNotFound
			}
			return fmt.Errorf("lock vendor: %w", err)
		}
		changes := map[string]any{"status": to, "status_reason": reason, "updated_at": s.now()}
		if to == StatusApproved {
			changes["approved_at"] = gorm.Expr("coalesce(approved_at, now())")
		}
		res := tx.Model(&vendorRow{}).Where("id = ? AND status IN ?", id, from).Updates(changes)
		if res.Error != nil {
			return fmt.Errorf("change vendor status: %w", res.Error)
		}
		var err error
		if v, err = s.loadBy(tx, "id = ?", id); err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			return ErrWrongStatus
		}
		for _, l := range s.listeners {
			if err := l(tx, v); err != nil {
				return err
			}
		}
		if s.d.Audit != nil {
			details := audit.Change(map[string]any{"status": before.Status}, map[string]any{"status": v.Status})
			details["vendor"], details["slug"] = v.Name, v.Slug
			if reason != "" {
				details["reason"] = reason
			}
			if err := s.d.Audit.Record(ctx, tx, audit.Entry{Action: action, TargetType: "vendor", TargetID: v.ID.String(), Details: details}); err != nil {
				return err
			}
		}
		if template == "" || s.d.Notify == nil {
			return nil
		}
		return s.d.Notify.Send(tx, notifications.Email{To: v.ApplicantEmail, Template: template, Data: map[string]string{
			"vendor": v.Name, "reason": reason, "url": s.links(ctx).SellerDashboard(v.ID),
		}})
	})
	if err != nil {
		return Vendor{}, err
	}
	return v, nil
}

// links builds the email links of the marketplace of ctx.
func (s *Service) links(ctx context.Context) notifications.Links {
	t, _ := tenants.FromContext(ctx)
	if s.d.TenantURL == nil || t.Slug == "" {
		return notifications.LinksFor("")
	}
	return notifications.LinksFor(s.d.TenantURL(t.Slug))
}

// Approve opens a pending vendor and makes its applicant the owner (the seller role).
func (s *Service) Approve(ctx context.Context, id uuid.UUID) (Vendor, error) {
	v, err := s.Get(ctx, id)
	if err != nil {
		return Vendor{}, err
	}
	if v.Status != StatusPending {
		return Vendor{}, ErrWrongStatus
	}
	// Membership is recorded by identity in its own transaction, before the approval commits:
	// a membership of a vendor that is not open grants nothing (Authorize checks the status).
	if err := s.d.Members.AddVendorMember(ctx, id, v.ApplicantID, RoleOwner); err != nil {
		return Vendor{}, fmt.Errorf("make applicant owner: %w", err)
	}
	approved, err := s.transition(ctx, id, []string{StatusPending}, StatusApproved, "", "vendor_approved", audit.ActionVendorApproved)
	if err != nil && !errors.Is(err, ErrWrongStatus) {
		_ = s.d.Members.RemoveVendorMember(ctx, id, v.ApplicantID)
	}
	return approved, err
}

func cleanReason(raw string) (string, error) {
	r := strings.TrimSpace(raw)
	if r == "" || utf8.RuneCountInString(r) > 2000 {
		return "", errs.Invalid("body.reason", "must be 1 to 2000 characters")
	}
	return r, nil
}

// Reject turns down a pending application with a reason, emailed to the applicant.
func (s *Service) Reject(ctx context.Context, id uuid.UUID, reason string) (Vendor, error) {
	r, err := cleanReason(reason)
	if err != nil {
		return Vendor{}, err
	}
	return s.transition(ctx, id, []string{StatusPending}, StatusRejected, r, "vendor_rejected", audit.ActionVendorRejected)
}

// Suspend closes an approved vendor: its storefront and products disappear at once.
func (s *Service) Suspend(ctx context.Context, id uuid.UUID, reason string) (Vendor, error) {
	r, err := cleanReason(reason)
	if err != nil {
		return Vendor{}, err
	}
	return s.transition(ctx, id, []string{StatusApproved}, StatusSuspended, r, "vendor_suspended", audit.ActionVendorSuspended)
}

// Reinstate reopens a suspended vendor.
func (s *Service) Reinstate(ctx context.Context, id uuid.UUID) (Vendor, error) {
	return s.transition(ctx, id, []string{StatusSuspended}, StatusApproved, "", "vendor_reinstated", audit.ActionVendorReinstated)
}

// ---- team

// Members lists a vendor's team; any member may.
func (s *Service) Members(ctx context.Context, id uuid.UUID) ([]Member, []Invitation, error) {
	if _, err := s.Authorize(ctx, id); err != nil {
		return nil, nil, err
	}
	members, err := s.d.Members.VendorMembers(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var rows []invitationRow
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("vendor_id = ? AND accepted_at IS NULL AND expires_at > now()", id).Order("created_at").Find(&rows).Error
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list invitations: %w", err)
	}
	invs := make([]Invitation, len(rows))
	for i, r := range rows {
		invs[i] = Invitation{ID: r.ID, VendorID: r.VendorID, Email: r.Email, ExpiresAt: r.ExpiresAt, CreatedAt: r.CreatedAt}
	}
	return members, invs, nil
}

// Invite emails email an invitation to join vendor id's staff; only owners may. The returned
// token is also in the email (tests and API clients that deliver it themselves use it).
func (s *Service) Invite(ctx context.Context, id uuid.UUID, rawEmail string) (Invitation, string, error) {
	m, err := s.Authorize(ctx, id)
	if err != nil {
		return Invitation{}, "", err
	}
	if m.Role != RoleOwner {
		return Invitation{}, "", ErrOwnerOnly
	}
	email, err := cleanEmail("body.email", rawEmail)
	if err != nil {
		return Invitation{}, "", err
	}
	tok, hash := tokens.NewHashed()
	t, _ := tenants.FromContext(ctx)
	p := access.PrincipalFrom(ctx)
	row := invitationRow{TenantID: t.ID, ID: ids.New(), VendorID: id, Email: email, TokenHash: hash, InvitedBy: p.AccountID,
		ExpiresAt: s.now().Add(InvitationTTL), CreatedAt: s.now()}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create invitation: %w", err)
		}
		url := s.links(ctx).JoinShop(tok)
		return s.d.Notify.Send(tx, notifications.Email{To: email, Template: "vendor_invite", Data: map[string]string{
			"vendor": m.Vendor.Name, "inviter": p.Email, "url": url, "token": tok,
		}})
	})
	if err != nil {
		return Invitation{}, "", err
	}
	return Invitation{ID: row.ID, VendorID: id, Email: email, ExpiresAt: row.ExpiresAt, CreatedAt: row.CreatedAt}, tok, nil
}

// AcceptInvitation makes the signed-in account staff of the inviting vendor; the account's
// email must be the invited one.
func (s *Service) AcceptInvitation(ctx context.Context, token string) (Membership, error) {
	p := access.PrincipalFrom(ctx)
	if !p.Authenticated() {
		return Membership{}, access.ErrSignInRequired
	}
	hash := tokens.Hash(strings.TrimSpace(token))
	var inv invitationRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("token_hash = ? AND accepted_at IS NULL AND expires_at > now()", hash).Take(&inv).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !strings.EqualFold(inv.Email, p.Email)) {
		return Membership{}, ErrInvitationInvalid
	}
	if err != nil {
		return Membership{}, err
	}
	roles, err := s.d.Members.MembershipsOf(ctx, p.AccountID)
	if err != nil {
		return Membership{}, err
	}
	role, already := roles[inv.VendorID]
	if !already {
		role = RoleStaff
		if err := s.d.Members.AddVendorMember(ctx, inv.VendorID, p.AccountID, RoleStaff); err != nil {
			return Membership{}, fmt.Errorf("add staff member: %w", err)
		}
	}
	var v Vendor
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&invitationRow{}).Where("id = ? AND accepted_at IS NULL", inv.ID).Update("accepted_at", s.now()).Error; err != nil {
			return err
		}
		var err error
		v, err = s.loadBy(tx, "id = ?", inv.VendorID)
		return err
	})
	if err != nil {
		return Membership{}, err
	}
	return Membership{Vendor: v, Role: role}, nil
}

// RemoveMember ends a member's membership; only owners may, and the last owner stays.
func (s *Service) RemoveMember(ctx context.Context, id, accountID uuid.UUID) error {
	m, err := s.Authorize(ctx, id)
	if err != nil {
		return err
	}
	if m.Role != RoleOwner {
		return ErrOwnerOnly
	}
	members, err := s.d.Members.VendorMembers(ctx, id)
	if err != nil {
		return err
	}
	owners, target := 0, ""
	for _, mm := range members {
		if mm.Role == RoleOwner {
			owners++
		}
		if mm.AccountID == accountID {
			target = mm.Role
		}
	}
	switch {
	case target == "":
		return ErrMemberNotFound
	case target == RoleOwner && owners <= 1:
		return ErrLastOwner
	}
	return s.d.Members.RemoveVendorMember(ctx, id, accountID)
}

// ---- custom domain

func domainOf(r domainRow) Domain {
	return Domain{Host: r.Host, RecordName: TXTPrefix + r.Host, RecordValue: TXTValuePrefix + r.VerificationToken, VerifiedAt: r.VerifiedAt}
}

// SetDomain claims host as vendor id's custom domain (owners only) and returns the TXT record
// to publish. It is served once VerifyDomain has found the record.
func (s *Service) SetDomain(ctx context.Context, id uuid.UUID, rawHost string) (Domain, error) {
	m, err := s.Authorize(ctx, id)
	if err != nil {
		return Domain{}, err
	}
	if m.Role != RoleOwner {
		return Domain{}, ErrOwnerOnly
	}
	host, err := NormaliseCustomHost(rawHost, s.d.BaseDomain)
	if err != nil {
		return Domain{}, err
	}
	token := NewVerificationToken()
	t, _ := tenants.FromContext(ctx)
	row := domainRow{TenantID: t.ID, VendorID: id, Host: host, VerificationToken: token, CreatedAt: s.now(), UpdatedAt: s.now()}
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		var cur domainRow
		err := tx.Where("vendor_id = ?", id).Limit(1).Find(&cur).Error
		if err != nil {
			return err
		}
		if cur.Host == host {
			row = cur
			return nil
		}
		if err := tx.Where("vendor_id = ?", id).Delete(&domainRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&row).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Domain{}, ErrDomainTaken
	}
	if err != nil {
		return Domain{}, fmt.Errorf("set domain: %w", err)
	}
	return domainOf(row), nil
}

// Domain returns vendor id's custom domain; any member may look.
func (s *Service) Domain(ctx context.Context, id uuid.UUID) (Domain, error) {
	if _, err := s.Authorize(ctx, id); err != nil {
		return Domain{}, err
	}
	var row domainRow
	err := s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error { return tx.Where("vendor_id = ?", id).Take(&row).Error })
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Domain{}, ErrDomainNotFound
	}
	if err != nil {
		return Domain{}, err
	}
	return domainOf(row), nil
}

// VerifyDomain looks for the TXT record and marks the domain verified when it is there.
func (s *Service) VerifyDomain(ctx context.Context, id uuid.UUID) (Domain, error) {
	d, err := s.Domain(ctx, id)
	if err != nil {
		return Domain{}, err
	}
	if d.VerifiedAt != nil {
		return d, nil
	}
	token := strings.TrimPrefix(d.RecordValue, TXTValuePrefix)
	vctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.d.Verifier.VerifyTXT(vctx, d.Host, token); err != nil {
		return Domain{}, err
	}
	now := s.now()
	err = s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&domainRow{}).Where("vendor_id = ? AND host = ?", id, d.Host).Updates(map[string]any{"verified_at": now, "updated_at": now}).Error
	})
	// Only verified claims hold a host (partial unique index): another storefront verified it first.
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Domain{}, ErrDomainTaken
	}
	if err != nil {
		return Domain{}, fmt.Errorf("verify domain: %w", err)
	}
	d.VerifiedAt = &now
	return d, nil
}

// RemoveDomain drops vendor id's custom domain (owners only).
func (s *Service) RemoveDomain(ctx context.Context, id uuid.UUID) error {
	m, err := s.Authorize(ctx, id)
	if err != nil {
		return err
	}
	if m.Role != RoleOwner {
		return ErrOwnerOnly
	}
	return s.d.Tenants.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("vendor_id = ?", id).Delete(&domainRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrDomainNotFound
		}
		return nil
	})
}
