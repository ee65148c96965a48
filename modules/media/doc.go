// Package media stores the images of products, variants and storefronts (logo, banner).
//
// Uploads never pass through the api: CreateUpload records a pending image and hands out a
// presigned PUT URL bound to the declared content type and exact size (valid UploadTTL); the
// client PUTs the file, then calls Complete. Complete trusts nothing the client said: it checks
// the size limit, sniffs the real type from the bytes (JPEG, PNG, WebP only, so HTML or SVG
// renamed .png is refused), reads the dimensions from the header and refuses decompression
// bombs (over MaxPixels), then copies the verified bytes to a key the client never had a URL
// for, with the sniffed type and immutable caching. Refused files are deleted and the image
// marked rejected. A media:thumbnails task (queued through the outbox in the same transaction)
// makes 160, 480 and 1200 px wide renditions, never upscaling.
//
// Bytes live in a Store: S3Store (minio-go, any S3-compatible server) or, with no S3 endpoint
// configured, LocalStore (a folder whose presigned URLs are HMAC-signed links served by the api
// itself). Who may act on an owner is decided by an OwnerGuard the api injects.
//
// Tables owned: media, media_thumbnails (migrations/00010_media.sql).
//
// Routes (Routes):
//
//	POST   /api/v1/media/uploads          start an upload (201, upload_url + headers)
//	POST   /api/v1/media/{id}/complete    verify the file, make the image ready
//	GET    /api/v1/media?owner_kind=&owner_id=&vendor_id=   an owner's images in order
//	GET    /api/v1/media/{id}             one image
//	PATCH  /api/v1/media/{id}             alt text and/or position
//	PUT    /api/v1/media/order            reorder an owner's images
//	DELETE /api/v1/media/{id}             delete an image and its files
//	PUT    /media/local/{token}           LocalStore upload link
//	GET    /media/local/{token}           LocalStore read link (nosniff, immutable caching)
//
// Task types: media:thumbnails (queue default).
//
// Object keys: uploads/{tenant}/{media} while pending (a bucket lifecycle rule may expire that
// prefix), media/{tenant}/{media}/original.{ext} and media/{tenant}/{media}/w{160,480,1200}.{jpg,png}.
package media
