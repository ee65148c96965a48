package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/openmarket/marketplace/apps/cli/demo"
	"github.com/openmarket/marketplace/modules/catalog"
	"github.com/openmarket/marketplace/modules/media"
)

// demoPictureSize is the side of the rendered product pictures, in pixels: sharp on a product
// page, and the worker makes the thumbnails.
const demoPictureSize = 720

// pictureJob is one product or variant picture to render and import.
type pictureJob struct {
	ctx      context.Context
	owner    media.Owner
	filename string
	alt      string
	kind     demo.Kind
	colour   string
	data     []byte
}

// productPictures lists the pictures the product seeded from dp needs, unless it has images
// already: a cover in its first colour and, when its option is a colour, one per variant in
// that variant's colour. The abstract placeholder earlier seeds drew (one "<slug>.png") does not
// count: it is deleted, so a demo seeded before gets the pictures too.
func productPictures(ctx context.Context, cat *catalog.Service, images *media.Service, dp demoProduct) ([]pictureJob, error) {
	p, err := cat.Product(ctx, catalog.Slugify(dp.title, 100))
	if err != nil {
		return nil, err
	}
	owner := media.Owner{Kind: media.OwnerProduct, ID: p.ID, VendorID: p.VendorID}
	existing, err := images.List(ctx, owner)
	if err != nil {
		return nil, err
	}
	if len(existing) == 1 && existing[0].Filename == p.Slug+".png" {
		if err := images.Delete(ctx, existing[0].ID); err != nil {
			return nil, fmt.Errorf("delete the old placeholder: %w", err)
		}
		existing = nil
	}
	if len(existing) > 0 {
		return nil, nil
	}
	cover := dp.colour
	perVariant := colourOptions[dp.option]
	if perVariant && cover == "" && len(dp.values) > 0 {
		cover = dp.values[0]
	}
	jobs := []pictureJob{{ctx: ctx, owner: owner, filename: p.Slug + ".jpg", alt: dp.title, kind: dp.kind, colour: cover}}
	if !perVariant {
		return jobs, nil
	}
	for _, v := range p.Variants {
		c := v.OptionValues[dp.option]
		vowner := media.Owner{Kind: media.OwnerVariant, ID: v.ID, VendorID: p.VendorID}
		if has, err := images.List(ctx, vowner); err != nil || len(has) > 0 {
			if err != nil {
				return nil, err
			}
			continue
		}
		jobs = append(jobs, pictureJob{ctx: ctx, owner: vowner,
			filename: p.Slug + "-" + catalog.Slugify(c, 40) + ".jpg", alt: dp.title + " in " + c, kind: dp.kind, colour: c})
	}
	return jobs, nil
}

// importPictures renders the pictures on every core, then imports them one by one.
func importPictures(ctx context.Context, images *media.Service, jobs []pictureJob) error {
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				jobs[i].data, errs[i] = demo.JPEG(jobs[i].kind, demo.Colour(jobs[i].colour), demoPictureSize)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			return fmt.Errorf("render %s: %w", j.filename, errs[i])
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := images.Import(j.ctx, j.owner, j.filename, j.data, j.alt); err != nil {
			return fmt.Errorf("import %s: %w", j.filename, err)
		}
	}
	return nil
}
