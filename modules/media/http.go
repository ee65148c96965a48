package media

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// OwnerGuard decides whether the caller may change the images of owner: that the owner exists
// in this marketplace, belongs to owner.VendorID, and the caller may edit that vendor's
// catalog (or storefront). The api injects an implementation backed by the catalog and vendors
// modules. It returns an error wrapping errs.ErrNotFound when the caller may not touch the
// owner, so foreign ids look exactly like missing ones.
type OwnerGuard interface {
	CanEdit(ctx context.Context, owner Owner) error
}

// MediaView is an image as the API shows it.
type MediaView struct {
	ID           string            `json:"id" format:"uuid"`
	OwnerKind    string            `json:"owner_kind" enum:"product,variant,storefront_logo,storefront_banner"`
	OwnerID      string            `json:"owner_id" format:"uuid"`
	VendorID     string            `json:"vendor_id" format:"uuid"`
	Status       string            `json:"status" enum:"pending,ready,rejected" doc:"pending until completed; rejected when the file was not an acceptable image"`
	Filename     string            `json:"filename" example:"front.jpg"`
	ContentType  string            `json:"content_type" example:"image/jpeg" doc:"Sniffed from the bytes once ready; the declared type while pending"`
	Size         int64             `json:"size" doc:"Bytes"`
	Width        int               `json:"width" doc:"Pixels; 0 until ready"`
	Height       int               `json:"height" doc:"Pixels; 0 until ready"`
	Alt          string            `json:"alt"`
	Position     int               `json:"position" doc:"Display order among the owner's images, 0 first (the cover)"`
	RejectReason string            `json:"reject_reason,omitempty"`
	URLs         map[string]string `json:"urls" doc:"Links by rendition: original, 160, 480, 1200 (widths in pixels; a thumbnail not made yet links to the original). Empty until ready."`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// View renders m for the API, with links to its renditions.
func (s *Service) View(ctx context.Context, m Media) (MediaView, error) {
	urls, err := s.URLs(ctx, m)
	if err != nil {
		return MediaView{}, err
	}
	return MediaView{ID: m.ID.String(), OwnerKind: string(m.Owner.Kind), OwnerID: m.Owner.ID.String(),
		VendorID: m.Owner.VendorID.String(), Status: string(m.Status), Filename: m.Filename, ContentType: m.ContentType,
		Size: m.Size, Width: m.Width, Height: m.Height, Alt: m.Alt, Position: m.Position, RejectReason: m.RejectReason,
		URLs: urls, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}, nil
}

func (s *Service) views(ctx context.Context, list []Media) ([]MediaView, error) {
	out := make([]MediaView, 0, len(list))
	for _, m := range list {
		v, err := s.View(ctx, m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// OwnerRef names an image owner in request bodies and query strings.
type OwnerRef struct {
	OwnerKind string `json:"owner_kind" query:"owner_kind" required:"true" enum:"product,variant,storefront_logo,storefront_banner"`
	OwnerID   string `json:"owner_id" query:"owner_id" required:"true" format:"uuid"`
	VendorID  string `json:"vendor_id,omitempty" query:"vendor_id" required:"false" format:"uuid" doc:"The owning vendor; required for product and variant, defaults to owner_id for storefront images"`
}

// owner parses f; loc ("body" or "query") prefixes the field names of errors.
func (f OwnerRef) owner(loc string) (Owner, error) {
	o := Owner{Kind: OwnerKind(f.OwnerKind)}
	var err error
	if o.ID, err = uuid.Parse(f.OwnerID); err != nil {
		return Owner{}, errs.Invalid(loc+".owner_id", "must be a UUID")
	}
	switch {
	case f.VendorID != "":
		if o.VendorID, err = uuid.Parse(f.VendorID); err != nil {
			return Owner{}, errs.Invalid(loc+".vendor_id", "must be a UUID")
		}
	case o.Kind == OwnerStorefrontLogo || o.Kind == OwnerStorefrontBanner:
		o.VendorID = o.ID
	}
	return o, o.validate(loc + ".")
}

type createUploadInput struct {
	Body struct {
		OwnerRef
		Filename    string `json:"filename" minLength:"1" maxLength:"255" example:"front.jpg"`
		ContentType string `json:"content_type" enum:"image/jpeg,image/png,image/webp" doc:"The type the client will send; the bytes are sniffed again on completion"`
		Size        int64  `json:"size" minimum:"1" maximum:"1073741824" doc:"Exact size of the file in bytes (the configured upload limit applies)"`
	}
}

// UploadView tells the client how to send the file.
type UploadView struct {
	ID        string            `json:"id" format:"uuid"`
	UploadURL string            `json:"upload_url" doc:"Send the file's bytes here, then call complete"`
	Method    string            `json:"method" example:"PUT"`
	Headers   map[string]string `json:"headers" doc:"Headers to send exactly as given; the body must be exactly size bytes"`
	ExpiresAt time.Time         `json:"expires_at"`
	Media     MediaView         `json:"media"`
}

type createUploadOutput struct {
	Location string `header:"Location"`
	Body     UploadView
}

type idInput struct {
	ID string `path:"id" format:"uuid"`
}

type mediaOutput struct {
	Body MediaView
}

type mediaListOutput struct {
	Body struct {
		Items []MediaView `json:"items"`
	}
}

type listInput struct {
	OwnerRef
}

type updateInput struct {
	ID   string `path:"id" format:"uuid"`
	Body struct {
		Alt      *string `json:"alt,omitempty" maxLength:"500" doc:"Alternative text; empty removes it"`
		Position *int    `json:"position,omitempty" minimum:"0" maximum:"10000" doc:"New place among the owner's images, 0 first"`
	}
}

type reorderInput struct {
	Body struct {
		OwnerRef
		IDs []string `json:"ids" doc:"Every pending or ready image of the owner, in the new order"`
	}
}

// Routes registers the media operations under /api/v1/media and the local store's signed-link
// routes under /media/local/. guard decides who may act on an owner.
func Routes(api huma.API, svc *Service, guard OwnerGuard) {
	// editable loads an image and asks the guard about its owner; either failing is a 404.
	editable := func(ctx context.Context, rawID string) (Media, error) {
		id, err := uuid.Parse(rawID)
		if err != nil {
			return Media{}, ErrMediaNotFound
		}
		m, err := svc.Get(ctx, id)
		if err != nil {
			return Media{}, err
		}
		if err := guard.CanEdit(ctx, m.Owner); err != nil {
			return Media{}, err
		}
		return m, nil
	}
	one := func(ctx context.Context, m Media, err error) (*mediaOutput, error) {
		if err != nil {
			return nil, err
		}
		v, err := svc.View(ctx, m)
		if err != nil {
			return nil, err
		}
		return &mediaOutput{Body: v}, nil
	}

	huma.Register(api, huma.Operation{
		OperationID: "create-media-upload", Method: http.MethodPost, Path: "/api/v1/media/uploads", Tags: []string{"Media"},
		Summary:       "Start an image upload",
		Description:   fmt.Sprintf("Records a pending image for an owner and returns a URL valid for %s to PUT the file to, with the headers to send. The URL accepts only the declared content type and exactly the declared size. Then call complete.", UploadTTL),
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *createUploadInput) (*createUploadOutput, error) {
		owner, err := in.Body.owner("body")
		if err != nil {
			return nil, err
		}
		if err := guard.CanEdit(ctx, owner); err != nil {
			return nil, err
		}
		up, err := svc.CreateUpload(ctx, owner, in.Body.Filename, in.Body.ContentType, in.Body.Size)
		if err != nil {
			return nil, err
		}
		v, err := svc.View(ctx, up.Media)
		if err != nil {
			return nil, err
		}
		return &createUploadOutput{Location: "/api/v1/media/" + up.Media.ID.String(), Body: UploadView{
			ID: up.Media.ID.String(), UploadURL: up.URL, Method: up.Method, Headers: up.Headers, ExpiresAt: up.ExpiresAt, Media: v}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "complete-media-upload", Method: http.MethodPost, Path: "/api/v1/media/{id}/complete", Tags: []string{"Media"},
		Summary:     "Finish an image upload",
		Description: "Verifies the uploaded file (size, real type sniffed from the bytes: JPEG, PNG or WebP only, sane dimensions) and makes the image ready; thumbnails follow shortly. A refused file is deleted and the image marked rejected (422). Completing a ready image again returns it.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *idInput) (*mediaOutput, error) {
		m, err := editable(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		m, err = svc.Complete(ctx, m.ID)
		return one(ctx, m, err)
	})

	huma.Register(api, huma.Operation{
		OperationID: "list-media", Method: http.MethodGet, Path: "/api/v1/media", Tags: []string{"Media"},
		Summary:     "List an owner's images",
		Description: "Pending and ready images of one product, variant or storefront, in display order.",
		Errors:      []int{http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *listInput) (*mediaListOutput, error) {
		owner, err := in.owner("query")
		if err != nil {
			return nil, err
		}
		if err := guard.CanEdit(ctx, owner); err != nil {
			return nil, err
		}
		list, err := svc.List(ctx, owner)
		if err != nil {
			return nil, err
		}
		out := &mediaListOutput{}
		out.Body.Items, err = svc.views(ctx, list)
		return out, err
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-media", Method: http.MethodGet, Path: "/api/v1/media/{id}", Tags: []string{"Media"},
		Summary: "Get an image", Description: "One image with its status, dimensions and links (poll it to see thumbnails appear).",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*mediaOutput, error) {
		m, err := editable(ctx, in.ID)
		return one(ctx, m, err)
	})

	huma.Register(api, huma.Operation{
		OperationID: "update-media", Method: http.MethodPatch, Path: "/api/v1/media/{id}", Tags: []string{"Media"},
		Summary: "Change an image's alt text or position", Description: "Fields left out stay as they are. Moving an image shifts the owner's other images.",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *updateInput) (*mediaOutput, error) {
		m, err := editable(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if in.Body.Alt != nil {
			if m, err = svc.UpdateAlt(ctx, m.ID, *in.Body.Alt); err != nil {
				return nil, err
			}
		}
		if in.Body.Position != nil {
			m, err = svc.Move(ctx, m.ID, *in.Body.Position)
		}
		return one(ctx, m, err)
	})

	huma.Register(api, huma.Operation{
		OperationID: "reorder-media", Method: http.MethodPut, Path: "/api/v1/media/order", Tags: []string{"Media"},
		Summary: "Set the order of an owner's images", Description: "ids lists every pending or ready image of the owner once, first shown first.",
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *reorderInput) (*mediaListOutput, error) {
		owner, err := in.Body.owner("body")
		if err != nil {
			return nil, err
		}
		if err := guard.CanEdit(ctx, owner); err != nil {
			return nil, err
		}
		order := make([]uuid.UUID, len(in.Body.IDs))
		for i, raw := range in.Body.IDs {
			if order[i], err = uuid.Parse(raw); err != nil {
				return nil, errs.Invalid(fmt.Sprintf("body.ids[%d]", i), "must be a UUID")
			}
		}
		list, err := svc.Reorder(ctx, owner, order)
		if err != nil {
			return nil, err
		}
		out := &mediaListOutput{}
		out.Body.Items, err = svc.views(ctx, list)
		return out, err
	})

	huma.Register(api, huma.Operation{
		OperationID: "delete-media", Method: http.MethodDelete, Path: "/api/v1/media/{id}", Tags: []string{"Media"},
		Summary: "Delete an image", Description: "Removes the image, its thumbnails and their files.",
		DefaultStatus: http.StatusNoContent,
		Errors:        []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		m, err := editable(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return nil, svc.Delete(ctx, m.ID)
	})

	local, _ := svc.store.(*LocalStore)
	registerLocalRoutes(api, local, svc.maxBytes)
}

type localPutInput struct {
	Token        string `path:"token"`
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	RawBody      []byte `contentType:"application/octet-stream"`
}

type localGetInput struct {
	Token string `path:"token"`
}

// registerLocalRoutes serves LocalStore's signed links: PUT and GET /media/local/{token}. They
// sit outside /api/ so they work on any host (the links carry their own authorization). With
// another store (local == nil) they answer 404, so the OpenAPI document does not depend on
// configuration.
func registerLocalRoutes(api huma.API, local *LocalStore, maxBytes int64) {
	huma.Register(api, huma.Operation{
		OperationID: "put-local-media-object", Method: http.MethodPut, Path: LocalPathPrefix + "{token}", Tags: []string{"Media"},
		Summary:       "Upload to a signed local-storage link",
		Description:   "The upload_url of an image upload when no S3 server is configured. The Content-Type header and body length must match what the link was signed for.",
		DefaultStatus: http.StatusNoContent,
		MaxBodyBytes:  maxBytes,
		Errors:        []int{http.StatusForbidden, http.StatusNotFound},
	}, func(ctx context.Context, in *localPutInput) (*struct{}, error) {
		if local == nil {
			return nil, ErrObjectNotFound
		}
		tok, err := local.verify(in.Token, http.MethodPut, time.Now())
		if err != nil {
			return nil, err
		}
		if in.ContentType != tok.ContentType || int64(len(in.RawBody)) != tok.Length || in.CacheControl != tok.Cache {
			return nil, ErrLinkInvalid
		}
		return nil, local.Put(ctx, tok.Key, bytes.NewReader(in.RawBody), tok.Length,
			PutOptions{ContentType: tok.ContentType, CacheControl: tok.Cache})
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-local-media-object", Method: http.MethodGet, Path: LocalPathPrefix + "{token}", Tags: []string{"Media"},
		Summary:     "Read a signed local-storage link",
		Description: "An image link when no S3 server is configured. Served with the type verified at upload, nosniff, and a year of immutable caching.",
		Errors:      []int{http.StatusForbidden, http.StatusNotFound},
		Responses: map[string]*huma.Response{"200": {Description: "The image", Content: map[string]*huma.MediaType{
			TypeJPEG: {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			TypePNG:  {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			TypeWebP: {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}}},
	}, func(ctx context.Context, in *localGetInput) (*huma.StreamResponse, error) {
		if local == nil {
			return nil, ErrObjectNotFound
		}
		tok, err := local.verify(in.Token, http.MethodGet, time.Now())
		if err != nil {
			return nil, err
		}
		rc, info, err := local.Get(ctx, tok.Key)
		if err != nil {
			return nil, err
		}
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			defer rc.Close()
			ct := info.ContentType
			if ct != TypeJPEG && ct != TypePNG && ct != TypeWebP {
				// Only verified renditions have an image type; anything else is never rendered.
				ct = "application/octet-stream"
			}
			hctx.SetHeader("Content-Type", ct)
			hctx.SetHeader("Content-Length", strconv.FormatInt(info.Size, 10))
			hctx.SetHeader("X-Content-Type-Options", "nosniff")
			hctx.SetHeader("Content-Security-Policy", "default-src 'none'; sandbox")
			if info.CacheControl != "" {
				hctx.SetHeader("Cache-Control", info.CacheControl)
			} else {
				hctx.SetHeader("Cache-Control", "private, no-store")
			}
			hctx.SetStatus(http.StatusOK)
			// A failed copy means the client went away; there is nobody left to tell.
			_, _ = io.Copy(hctx.BodyWriter(), rc)
		}}, nil
	})
}
