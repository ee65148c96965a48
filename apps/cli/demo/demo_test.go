package demo

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestRender_WriteContactSheet composes every kind, in three colours, into one contact sheet
// and checks it encodes. With DEMO_PICTURES_DIR set the sheet is kept there, to look at by eye.
func TestRender_WriteContactSheet(t *testing.T) {
	dir := os.Getenv("DEMO_PICTURES_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	const cell, cols = 240, 7
	names := []string{"Navy", "Oat", "Terracotta"}
	n := len(Kinds) * len(names)
	sheet := image.NewRGBA(image.Rect(0, 0, cols*cell, (n+cols-1)/cols*cell))
	i := 0
	for _, name := range names {
		for _, k := range Kinds {
			img, err := Render(k, Colour(name), cell)
			if err != nil {
				t.Fatal(err)
			}
			draw.Draw(sheet, image.Rect(i%cols*cell, i/cols*cell, (i%cols+1)*cell, (i/cols+1)*cell), img, image.Point{}, draw.Src)
			i++
		}
	}
	f, err := os.Create(filepath.Join(dir, "sheet.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, sheet); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	back, err := os.Open(filepath.Join(dir, "sheet.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	cfg, err := png.DecodeConfig(back)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != sheet.Bounds().Dx() || cfg.Height != sheet.Bounds().Dy() {
		t.Fatalf("contact sheet %dx%d, want %v", cfg.Width, cfg.Height, sheet.Bounds().Size())
	}
}
