package demo

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestRender_WriteContactSheet writes every kind, in two colours, to one contact sheet in
// DEMO_PICTURES_DIR, to look at by eye.
func TestRender_WriteContactSheet(t *testing.T) {
	dir := os.Getenv("DEMO_PICTURES_DIR")
	if dir == "" {
		t.Skip("DEMO_PICTURES_DIR not set")
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
	defer f.Close()
	if err := png.Encode(f, sheet); err != nil {
		t.Fatal(err)
	}
}
