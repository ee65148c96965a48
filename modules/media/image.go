package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/openmarket/marketplace/modules/platform/errs"
)

// MaxPixels refuses images whose decoded size would be absurd: a few kilobytes of PNG can
// declare a 100,000 × 100,000 canvas that takes 40 GB to decode (a decompression bomb).
const MaxPixels = 40_000_000

// sniff returns the real type of an image from its first bytes, or "" when it is not one of
// the accepted types. The client's declared type plays no part.
func sniff(head []byte) string {
	// http.DetectContentType knows WebP too, but check the RIFF container explicitly so an
	// upgrade of the sniffer cannot silently change what is accepted.
	if len(head) >= 16 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP" &&
		(string(head[12:16]) == "VP8 " || string(head[12:16]) == "VP8L" || string(head[12:16]) == "VP8X") {
		return TypeWebP
	}
	switch ct := http.DetectContentType(head); ct {
	case TypeJPEG, TypePNG:
		return ct
	}
	return ""
}

// inspect checks that data is a JPEG, PNG or WebP of sane dimensions, without decoding the
// pixels, and returns its real type and size.
func inspect(data []byte) (contentType string, width, height int, err error) {
	contentType = sniff(data[:min(len(data), 512)])
	if contentType == "" {
		return "", 0, 0, errs.Invalid("file", "is not a JPEG, PNG or WebP image")
	}
	cfg, err := decodeConfig(contentType, data)
	if err != nil {
		return "", 0, 0, errs.Invalid("file", "is a damaged "+contentType+" image")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return "", 0, 0, errs.Invalid("file", fmt.Sprintf("is %d × %d pixels; at most %d megapixels are accepted", cfg.Width, cfg.Height, MaxPixels/1_000_000))
	}
	return contentType, cfg.Width, cfg.Height, nil
}

// decodeConfig uses the decoder for the sniffed type only, never image.DecodeConfig's
// registry, so no other format's decoder ever sees uploaded bytes.
func decodeConfig(contentType string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch contentType {
	case TypeJPEG:
		return jpeg.DecodeConfig(r)
	case TypePNG:
		return png.DecodeConfig(r)
	case TypeWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("unsupported type %s", contentType)
}

// decode decodes data after re-checking its dimensions (the thumbnail task never trusts that
// Complete ran with the same limits).
func decode(contentType string, data []byte) (image.Image, error) {
	if _, _, _, err := inspect(data); err != nil {
		return nil, err
	}
	r := bytes.NewReader(data)
	switch contentType {
	case TypeJPEG:
		return jpeg.Decode(r)
	case TypePNG:
		return png.Decode(r)
	case TypeWebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("unsupported type %s", contentType)
}

// rendition is one encoded thumbnail.
type rendition struct {
	size          Size
	width, height int
	contentType   string
	data          []byte
}

// resize makes src at most width pixels wide (never wider than src: no upscaling), keeping the
// aspect ratio, and encodes it: JPEG, or PNG when src has transparency to keep.
func resize(src image.Image, size Size) (rendition, error) {
	b := src.Bounds()
	w := min(int(size), b.Dx())
	h := max(1, int((int64(b.Dy())*int64(w)+int64(b.Dx())/2)/int64(b.Dx())))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	out := rendition{size: size, width: w, height: h}
	if dst.Opaque() {
		out.contentType = TypeJPEG
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
			return rendition{}, err
		}
	} else {
		out.contentType = TypePNG
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, dst); err != nil {
			return rendition{}, err
		}
	}
	out.data = buf.Bytes()
	return out, nil
}

// extension is the file extension used in object keys for a content type.
func extension(contentType string) string {
	switch contentType {
	case TypeJPEG:
		return "jpg"
	case TypePNG:
		return "png"
	case TypeWebP:
		return "webp"
	}
	return "bin"
}
