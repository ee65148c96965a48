package demo

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// TestRender_EveryKindIsAPicture renders every kind in a dark, a mid and a pale colour and checks
// each is a real picture: the asked size, many distinct colours (gradients and shading, not a
// flat fill), the product standing out from the backdrop, and the same bytes every time.
func TestRender_EveryKindIsAPicture(t *testing.T) {
	t.Parallel()
	const size = 256
	for _, k := range Kinds {
		for _, name := range []string{"Black", "Terracotta", "White"} {
			img, err := Render(k, Colour(name), size)
			if err != nil {
				t.Fatalf("%s/%s: %v", k, name, err)
			}
			if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
				t.Errorf("%s/%s: %v, want %dx%d", k, name, b, size, size)
			}
			if n := distinctColours(img); n < 500 {
				t.Errorf("%s/%s: only %d distinct colours", k, name, n)
			}
			if d := centreContrast(img); d < 0.04 {
				t.Errorf("%s/%s: the centre barely differs from the backdrop (%.3f)", k, name, d)
			}
			again, _ := Render(k, Colour(name), size)
			if !bytes.Equal(img.Pix, again.Pix) {
				t.Errorf("%s/%s: not deterministic", k, name)
			}
		}
	}
}

func TestJPEG_DecodesAtSize(t *testing.T) {
	t.Parallel()
	data, err := JPEG(Mug, Colour("Ocean"), 320)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 320 || img.Bounds().Dy() != 320 {
		t.Fatalf("decoded %v", img.Bounds())
	}
}

func TestRender_RefusesUnknownKindAndTinySize(t *testing.T) {
	t.Parallel()
	if _, err := Render("spaceship", Colour("Navy"), 100); err == nil {
		t.Error("unknown kind rendered")
	}
	if _, err := Render(Mug, Colour("Navy"), 4); err == nil {
		t.Error("4 px picture rendered")
	}
}

func distinctColours(img *image.RGBA) int {
	seen := map[[3]uint8]bool{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}

// centreContrast is the mean absolute difference (0..1) between the picture's central region,
// where the product stands, and the same region of a bare backdrop.
func centreContrast(img *image.RGBA) float64 {
	var sum float64
	var n int
	s := img.Bounds().Dx()
	for y := s * 3 / 10; y < s*7/10; y++ {
		for x := s * 3 / 10; x < s*7/10; x++ {
			o := img.PixOffset(x, y)
			// The backdrop's centre is nearly uniform: compare with the top-left corner area.
			c := img.PixOffset(s/20, s/2)
			for ch := range 3 {
				d := float64(img.Pix[o+ch]) - float64(img.Pix[c+ch])
				if d < 0 {
					d = -d
				}
				sum += d / 255
			}
			n += 3
		}
	}
	return sum / float64(n)
}
