package httpx

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/valyala/fasthttp"
)

// MalformedRequestHandler answers requests the HTTP server could not read (an empty or duplicate
// Host, broken headers or chunks, headers or body too large, a read timeout) before any
// middleware ran. It replaces Fiber's handler, which put fasthttp's error text in the problem's
// detail, and that text quotes the raw request buffer, Authorization and Cookie headers
// included. The answer is a fixed problem per status with a fresh request id and the usual
// security headers; nothing of the request is echoed.
func MalformedRequestHandler(tls bool, imgOrigins ...string) func(*fasthttp.RequestCtx, error) {
	csp := ContentSecurityPolicy(imgOrigins...)
	return func(fctx *fasthttp.RequestCtx, err error) {
		status, detail := malformedStatus(err)
		id := newRequestID()
		res := &fctx.Response
		res.Reset()
		setSecurityHeaders(&res.Header, tls)
		res.Header.Set("Content-Security-Policy", csp)
		res.Header.Set(RequestIDHeader, id)
		// The connection's framing is in doubt after a malformed request.
		res.SetConnectionClose()
		res.Header.SetContentType(ProblemContentType)
		res.SetStatusCode(status)
		body, _ := json.Marshal(&Problem{Status: status, Title: http.StatusText(status), Detail: detail, RequestID: id})
		res.SetBody(body)
	}
}

// malformedStatus maps a read error of the server to a status and a detail written here, never
// taken from err.
func malformedStatus(err error) (int, string) {
	var small *fasthttp.ErrSmallBuffer
	var opErr *net.OpError
	switch {
	case errors.As(err, &small):
		return http.StatusRequestHeaderFieldsTooLarge, "The request headers are too large."
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge, "The request body is too large."
	case errors.As(err, &opErr) && opErr.Timeout(), strings.Contains(err.Error(), "timeout"):
		return http.StatusRequestTimeout, "The request was not received in time."
	case errors.Is(err, fasthttp.ErrGetOnly):
		return http.StatusMethodNotAllowed, "The method is not allowed."
	}
	return http.StatusBadRequest, "The request is malformed and could not be read."
}
