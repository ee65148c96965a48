package vendors

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/access"
	"github.com/openmarket/marketplace/modules/platform/errs"
)

// VendorView is a storefront's public profile.
type VendorView struct {
	ID             string    `json:"id" format:"uuid"`
	Slug           string    `json:"slug" example:"acme-audio" doc:"Storefront address: {slug}.{marketplace host}"`
	Name           string    `json:"name" example:"Acme Audio"`
	Description    string    `json:"description"`
	Country        string    `json:"country" example:"DE"`
	ShippingPolicy string    `json:"shipping_policy"`
	ReturnsPolicy  string    `json:"returns_policy"`
	LogoMediaID    *string   `json:"logo_media_id" format:"uuid"`
	BannerMediaID  *string   `json:"banner_media_id" format:"uuid"`
	LogoURL        *string   `json:"logo_url" doc:"Link to the shop's logo (a 480 px rendition); null without one"`
	BannerURL      *string   `json:"banner_url" doc:"Link to the shop's banner (a 1200 px rendition); null without one"`
	AccentColor    *string   `json:"accent_color" example:"#1a7f5a" doc:"The storefront's colour (#rrggbb); null uses the marketplace's"`
	Domain         *string   `json:"domain" doc:"Verified custom domain, if any"`
	CreatedAt      time.Time `json:"created_at"`
}

// VendorDetail is everything about a vendor, for its members and the operator.
type VendorDetail struct {
	VendorView
	ContactEmail   string     `json:"contact_email"`
	Status         string     `json:"status" enum:"pending,approved,rejected,suspended"`
	StatusReason   string     `json:"status_reason" doc:"Why the vendor was rejected or suspended"`
	ApplicantID    string     `json:"applicant_id" format:"uuid"`
	ApplicantEmail string     `json:"applicant_email"`
	ApprovedAt     *time.Time `json:"approved_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optID(id *uuid.UUID) *string {
	if id == nil {
		return nil
	}
	s := id.String()
	return &s
}

// ViewOf is the public profile of v (its image links as set by Service.WithImages).
func ViewOf(v Vendor) VendorView {
	out := VendorView{ID: v.ID.String(), Slug: v.Slug, Name: v.Name, Description: v.Description, Country: v.Country,
		ShippingPolicy: v.ShippingPolicy, ReturnsPolicy: v.ReturnsPolicy, LogoMediaID: optID(v.LogoMediaID),
		BannerMediaID: optID(v.BannerMediaID), LogoURL: optString(v.LogoURL), BannerURL: optString(v.BannerURL),
		AccentColor: optString(v.AccentColor), CreatedAt: v.CreatedAt}
	if v.Domain != "" {
		d := v.Domain
		out.Domain = &d
	}
	return out
}

func detailOf(v Vendor) VendorDetail {
	return VendorDetail{VendorView: ViewOf(v), ContactEmail: v.ContactEmail, Status: v.Status, StatusReason: v.StatusReason,
		ApplicantID: v.ApplicantID.String(), ApplicantEmail: v.ApplicantEmail, ApprovedAt: v.ApprovedAt, UpdatedAt: v.UpdatedAt}
}

// MembershipView is a vendor seen by one of its members (or its applicant).
type MembershipView struct {
	Vendor VendorDetail `json:"vendor"`
	Role   string       `json:"role" enum:"owner,staff,applicant"`
}

type vendorOutput struct{ Body VendorView }
type detailOutput struct{ Body VendorDetail }
type membershipOutput struct{ Body MembershipView }

type applyInput struct {
	Body struct {
		Name         string `json:"name" maxLength:"100" example:"Acme Audio"`
		Slug         string `json:"slug" maxLength:"40" example:"acme-audio" doc:"Storefront subdomain: lower-case letters, digits and inner hyphens, 3 to 40"`
		Description  string `json:"description,omitempty" maxLength:"5000"`
		ContactEmail string `json:"contact_email" maxLength:"254" example:"hello@acme.example"`
		Country      string `json:"country" maxLength:"2" example:"DE" doc:"ISO 3166-1 alpha-2"`
	}
}

type vendorIDInput struct {
	VendorID uuid.UUID `path:"vendor_id" doc:"Vendor id"`
}

type settingsInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		Name           *string `json:"name,omitempty" maxLength:"100"`
		Description    *string `json:"description,omitempty" maxLength:"5000"`
		ContactEmail   *string `json:"contact_email,omitempty" maxLength:"254"`
		ShippingPolicy *string `json:"shipping_policy,omitempty" maxLength:"10000"`
		ReturnsPolicy  *string `json:"returns_policy,omitempty" maxLength:"10000"`
		LogoMediaID    *string `json:"logo_media_id,omitempty" doc:"A media id from module media; empty string clears the logo"`
		BannerMediaID  *string `json:"banner_media_id,omitempty" doc:"A media id; empty string clears the banner"`
		AccentColor    *string `json:"accent_color,omitempty" maxLength:"7" example:"#1a7f5a" doc:"#rrggbb; empty string clears it (the marketplace's colour is used)"`
	}
}

type reasonInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		Reason string `json:"reason" maxLength:"2000" doc:"Shown to the vendor in the email"`
	}
}

type adminListInput struct {
	Status string `query:"status" enum:"pending,approved,rejected,suspended," doc:"Only vendors with this status"`
	Cursor string `query:"cursor" doc:"next_cursor of the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100" doc:"Page size, 1 to 100 (default 50)"`
}

type adminListOutput struct {
	Body struct {
		Items      []VendorDetail `json:"items"`
		NextCursor *string        `json:"next_cursor"`
	}
}

type publicListOutput struct {
	Body struct {
		Items []VendorView `json:"items"`
	}
}

type mineOutput struct {
	Body struct {
		Items []MembershipView `json:"items"`
	}
}

// VendorMemberView is one person of a vendor's team.
type VendorMemberView struct {
	AccountID string `json:"account_id" format:"uuid"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      string `json:"role" enum:"owner,staff"`
}

// StaffInvitationView is a pending staff invitation.
type StaffInvitationView struct {
	ID        string    `json:"id" format:"uuid"`
	Email     string    `json:"email"`
	ExpiresAt time.Time `json:"expires_at"`
	CreatedAt time.Time `json:"created_at"`
}

type membersOutput struct {
	Body struct {
		Members     []VendorMemberView    `json:"members"`
		Invitations []StaffInvitationView `json:"invitations"`
	}
}

type inviteInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		Email string `json:"email" maxLength:"254" example:"staff@acme.example"`
	}
}

type inviteOutput struct {
	Body StaffInvitationView
}

type previewInvitationInput struct {
	Token string `header:"X-Invitation-Token" required:"true" minLength:"1" maxLength:"200" doc:"The token of the invitation email's link (a header, so it stays out of access logs)"`
}

// InvitationPreviewView is what a staff invitation offers.
type InvitationPreviewView struct {
	Vendor    VendorView `json:"vendor"`
	Email     string     `json:"email" doc:"The invited address: only an account with it may accept"`
	Inviter   string     `json:"inviter" doc:"Who invited (name or email); empty when they have left the shop"`
	Role      string     `json:"role" enum:"staff"`
	ExpiresAt time.Time  `json:"expires_at"`
}

type invitationPreviewOutput struct{ Body InvitationPreviewView }

type acceptInput struct {
	Body struct {
		Token string `json:"token" maxLength:"200"`
	}
}

type memberInput struct {
	VendorID  uuid.UUID `path:"vendor_id"`
	AccountID uuid.UUID `path:"account_id"`
}

// VendorDomainView is a custom domain and the TXT record that proves it.
type VendorDomainView struct {
	Host        string     `json:"host" example:"shop.acme.example"`
	RecordType  string     `json:"record_type" example:"TXT"`
	RecordName  string     `json:"record_name" example:"_marketplace-verify.shop.acme.example"`
	RecordValue string     `json:"record_value"`
	Verified    bool       `json:"verified"`
	VerifiedAt  *time.Time `json:"verified_at"`
}

func domainView(d Domain) VendorDomainView {
	return VendorDomainView{Host: d.Host, RecordType: "TXT", RecordName: d.RecordName, RecordValue: d.RecordValue,
		Verified: d.VerifiedAt != nil, VerifiedAt: d.VerifiedAt}
}

type domainInput struct {
	VendorID uuid.UUID `path:"vendor_id"`
	Body     struct {
		Host string `json:"host" maxLength:"253" example:"shop.acme.example"`
	}
}

type domainOutput struct{ Body VendorDomainView }

func parseMediaID(field string, s *string) (*uuid.UUID, error) {
	if s == nil {
		return nil, nil
	}
	if *s == "" {
		return &uuid.Nil, nil
	}
	id, err := uuid.Parse(*s)
	if err != nil {
		return nil, errs.Invalid(field, "must be a media id (uuid) or empty")
	}
	return &id, nil
}

// Routes registers the vendors module's operations.
func Routes(api huma.API, s *Service) {
	tags := []string{"Vendors"}
	seller := []string{"Seller dashboard"}
	admin := []string{"Operator console"}

	huma.Register(api, huma.Operation{
		OperationID: "apply-vendor", Method: http.MethodPost, Path: "/api/v1/vendors", Tags: tags,
		Summary:     "Apply to sell",
		Description: "The signed-in account applies to open a shop. The application waits for the operator; approval makes the applicant the shop's owner.",
		Security:    access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *applyInput) (*membershipOutput, error) {
		v, err := s.Apply(ctx, Application{Name: in.Body.Name, Slug: in.Body.Slug, Description: in.Body.Description,
			ContactEmail: in.Body.ContactEmail, Country: in.Body.Country})
		if err != nil {
			return nil, err
		}
		return &membershipOutput{Body: MembershipView{Vendor: detailOf(v), Role: "applicant"}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-vendors", Method: http.MethodGet, Path: "/api/v1/vendors", Tags: tags,
		Summary: "List shops", Description: "The marketplace's open shops (approved vendors), by name.",
	}, func(ctx context.Context, _ *struct{}) (*publicListOutput, error) {
		vs, err := s.ListPublic(ctx)
		if err != nil {
			return nil, err
		}
		out := &publicListOutput{}
		vs = s.WithImages(ctx, vs)
		out.Body.Items = make([]VendorView, len(vs))
		for i, v := range vs {
			out.Body.Items[i] = ViewOf(v)
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-vendor", Method: http.MethodGet, Path: "/api/v1/vendors/{slug}", Tags: tags,
		Summary: "Get a shop", Description: "The public profile of an open shop by its storefront slug.",
	}, func(ctx context.Context, in *struct {
		Slug string `path:"slug" maxLength:"40"`
	}) (*vendorOutput, error) {
		v, err := s.Public(ctx, in.Slug)
		if err != nil {
			return nil, err
		}
		return &vendorOutput{Body: ViewOf(s.WithImage(ctx, v))}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-storefront", Method: http.MethodGet, Path: "/api/v1/storefront", Tags: tags,
		Summary:     "Get the current storefront",
		Description: "On a storefront host ({slug}.{marketplace host}) the shop's public profile; 404 on other hosts and for shops that are not open.",
	}, func(ctx context.Context, _ *struct{}) (*vendorOutput, error) {
		v, ok, err := s.Storefront(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrVendorNotFound
		}
		return &vendorOutput{Body: ViewOf(s.WithImage(ctx, v))}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "preview-vendor-invitation", Method: http.MethodGet, Path: "/api/v1/vendors/invitations/preview", Tags: seller,
		Summary:     "Preview a staff invitation",
		Description: "The shop, inviter, role and expiry of an open staff invitation, for the holder of its token (signed in or not). Unknown, used, expired and other marketplaces' tokens are not found.",
	}, func(ctx context.Context, in *previewInvitationInput) (*invitationPreviewOutput, error) {
		p, err := s.PreviewInvitation(ctx, in.Token)
		if err != nil {
			return nil, err
		}
		return &invitationPreviewOutput{Body: InvitationPreviewView{Vendor: ViewOf(p.Vendor), Email: p.Email, Inviter: p.Inviter, Role: p.Role, ExpiresAt: p.ExpiresAt}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "accept-vendor-invitation", Method: http.MethodPost, Path: "/api/v1/vendors/invitations/accept", Tags: seller,
		Summary:     "Accept a staff invitation",
		Description: "Makes the signed-in account staff of the inviting shop. The account's email must be the invited address.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *acceptInput) (*membershipOutput, error) {
		m, err := s.AcceptInvitation(ctx, in.Body.Token)
		if err != nil {
			return nil, err
		}
		return &membershipOutput{Body: MembershipView{Vendor: detailOf(s.WithImage(ctx, m.Vendor)), Role: m.Role}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-my-vendors", Method: http.MethodGet, Path: "/api/v1/seller/vendors", Tags: seller,
		Summary:     "List my shops",
		Description: "Shops the signed-in account belongs to (owner or staff) and its own applications (role applicant).",
		Security:    access.Security(),
	}, func(ctx context.Context, _ *struct{}) (*mineOutput, error) {
		ms, err := s.Mine(ctx)
		if err != nil {
			return nil, err
		}
		out := &mineOutput{}
		out.Body.Items = make([]MembershipView, len(ms))
		for i, m := range ms {
			out.Body.Items[i] = MembershipView{Vendor: detailOf(s.WithImage(ctx, m.Vendor)), Role: m.Role}
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-my-vendor", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}", Tags: seller,
		Summary: "Get my shop", Description: "A shop of the signed-in member, with its settings.",
		Security: access.Security(),
	}, func(ctx context.Context, in *vendorIDInput) (*membershipOutput, error) {
		m, err := s.Authorize(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		return &membershipOutput{Body: MembershipView{Vendor: detailOf(s.WithImage(ctx, m.Vendor)), Role: m.Role}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "update-my-vendor", Method: http.MethodPatch, Path: "/api/v1/seller/vendors/{vendor_id}", Tags: seller,
		Summary:     "Update storefront settings",
		Description: "Name, description, contact email, shipping and returns policies, accent colour, logo and banner media (the shop's own uploaded storefront_logo / storefront_banner images; another's is refused with 422). Absent fields are unchanged.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *settingsInput) (*detailOutput, error) {
		c := SettingsChange{Name: in.Body.Name, Description: in.Body.Description, ContactEmail: in.Body.ContactEmail,
			ShippingPolicy: in.Body.ShippingPolicy, ReturnsPolicy: in.Body.ReturnsPolicy, AccentColor: in.Body.AccentColor}
		var err error
		if c.LogoMediaID, err = parseMediaID("body.logo_media_id", in.Body.LogoMediaID); err != nil {
			return nil, err
		}
		if c.BannerMediaID, err = parseMediaID("body.banner_media_id", in.Body.BannerMediaID); err != nil {
			return nil, err
		}
		v, err := s.UpdateSettings(ctx, in.VendorID, c)
		if err != nil {
			return nil, err
		}
		return &detailOutput{Body: detailOf(s.WithImage(ctx, v))}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "set-vendor-domain", Method: http.MethodPut, Path: "/api/v1/seller/vendors/{vendor_id}/domain", Tags: seller,
		Summary:     "Set a custom domain",
		Description: "Claims a domain for the storefront (owners only) and returns the TXT record to publish; the domain is served once verified.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *domainInput) (*domainOutput, error) {
		d, err := s.SetDomain(ctx, in.VendorID, in.Body.Host)
		if err != nil {
			return nil, err
		}
		return &domainOutput{Body: domainView(d)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "verify-vendor-domain", Method: http.MethodPost, Path: "/api/v1/seller/vendors/{vendor_id}/domain/verify", Tags: seller,
		Summary:     "Verify the custom domain",
		Description: "Looks up the TXT record; 409 while it is not visible yet.",
		Security:    access.Security(),
	}, func(ctx context.Context, in *vendorIDInput) (*domainOutput, error) {
		d, err := s.VerifyDomain(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		return &domainOutput{Body: domainView(d)}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "remove-vendor-domain", Method: http.MethodDelete, Path: "/api/v1/seller/vendors/{vendor_id}/domain", Tags: seller,
		Summary: "Remove the custom domain", Description: "Owners only.", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *vendorIDInput) (*struct{}, error) {
		return nil, s.RemoveDomain(ctx, in.VendorID)
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-vendor-members", Method: http.MethodGet, Path: "/api/v1/seller/vendors/{vendor_id}/members", Tags: seller,
		Summary: "List the shop's team", Description: "Members and pending invitations.", Security: access.Security(),
	}, func(ctx context.Context, in *vendorIDInput) (*membersOutput, error) {
		ms, invs, err := s.Members(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		out := &membersOutput{}
		out.Body.Members = make([]VendorMemberView, len(ms))
		for i, m := range ms {
			out.Body.Members[i] = VendorMemberView{AccountID: m.AccountID.String(), Email: m.Email, Name: m.Name, Role: m.Role}
		}
		out.Body.Invitations = make([]StaffInvitationView, len(invs))
		for i, inv := range invs {
			out.Body.Invitations[i] = StaffInvitationView{ID: inv.ID.String(), Email: inv.Email, ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "invite-vendor-staff", Method: http.MethodPost, Path: "/api/v1/seller/vendors/{vendor_id}/invitations", Tags: seller,
		Summary:     "Invite staff",
		Description: "Emails an invitation to join the shop's staff (owners only). The invitee accepts while signed in with that email.",
		Security:    access.Security(), DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *inviteInput) (*inviteOutput, error) {
		inv, _, err := s.Invite(ctx, in.VendorID, in.Body.Email)
		if err != nil {
			return nil, err
		}
		return &inviteOutput{Body: StaffInvitationView{ID: inv.ID.String(), Email: inv.Email, ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "remove-vendor-member", Method: http.MethodDelete, Path: "/api/v1/seller/vendors/{vendor_id}/members/{account_id}", Tags: seller,
		Summary: "Remove a team member", Description: "Owners only; the last owner stays.", Security: access.Security(),
		DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *memberInput) (*struct{}, error) {
		return nil, s.RemoveMember(ctx, in.VendorID, in.AccountID)
	})

	huma.Register(api, huma.Operation{
		OperationID: "admin-list-vendors", Method: http.MethodGet, Path: "/api/v1/admin/vendors", Tags: admin,
		Summary: "List vendors and applications", Description: "Newest first; filter by status (pending = the applications queue).",
		Security: access.Security(),
	}, func(ctx context.Context, in *adminListInput) (*adminListOutput, error) {
		page, err := s.List(ctx, AdminFilter{Status: in.Status, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, err
		}
		out := &adminListOutput{}
		out.Body.Items = make([]VendorDetail, len(page.Items))
		for i, v := range s.WithImages(ctx, page.Items) {
			out.Body.Items[i] = detailOf(v)
		}
		if page.NextCursor != "" {
			out.Body.NextCursor = &page.NextCursor
		}
		return out, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "admin-get-vendor", Method: http.MethodGet, Path: "/api/v1/admin/vendors/{vendor_id}", Tags: admin,
		Summary: "Get a vendor", Description: "Any vendor of the marketplace, whatever its status.", Security: access.Security(),
	}, func(ctx context.Context, in *vendorIDInput) (*detailOutput, error) {
		v, err := s.Get(ctx, in.VendorID)
		if err != nil {
			return nil, err
		}
		return &detailOutput{Body: detailOf(s.WithImage(ctx, v))}, nil
	})

	decision := func(id, path, summary, desc string, fn func(ctx context.Context, id uuid.UUID, reason string) (Vendor, error), withReason bool) {
		op := huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Tags: admin, Summary: summary, Description: desc,
			Security: access.Security()}
		if withReason {
			huma.Register(api, op, func(ctx context.Context, in *reasonInput) (*detailOutput, error) {
				v, err := fn(ctx, in.VendorID, in.Body.Reason)
				if err != nil {
					return nil, err
				}
				return &detailOutput{Body: detailOf(s.WithImage(ctx, v))}, nil
			})
			return
		}
		huma.Register(api, op, func(ctx context.Context, in *vendorIDInput) (*detailOutput, error) {
			v, err := fn(ctx, in.VendorID, "")
			if err != nil {
				return nil, err
			}
			return &detailOutput{Body: detailOf(s.WithImage(ctx, v))}, nil
		})
	}
	decision("admin-approve-vendor", "/api/v1/admin/vendors/{vendor_id}/approve", "Approve an application",
		"Opens the shop and makes the applicant its owner (seller role); emails the applicant. 409 unless pending.",
		func(ctx context.Context, id uuid.UUID, _ string) (Vendor, error) { return s.Approve(ctx, id) }, false)
	decision("admin-reject-vendor", "/api/v1/admin/vendors/{vendor_id}/reject", "Reject an application",
		"Turns down a pending application; the reason is emailed to the applicant.", s.Reject, true)
	decision("admin-suspend-vendor", "/api/v1/admin/vendors/{vendor_id}/suspend", "Suspend a vendor",
		"Hides the shop's storefront and products at once; the reason is emailed. 409 unless approved.", s.Suspend, true)
	decision("admin-reinstate-vendor", "/api/v1/admin/vendors/{vendor_id}/reinstate", "Reinstate a vendor",
		"Reopens a suspended shop. 409 unless suspended.",
		func(ctx context.Context, id uuid.UUID, _ string) (Vendor, error) { return s.Reinstate(ctx, id) }, false)
}
