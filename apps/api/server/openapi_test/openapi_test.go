// Package openapi_test checks properties every operation of the real API must have, read from
// the OpenAPI document the server describes (the one `go tool task openapi` prints), so a new
// operation cannot forget them.
package openapi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"

	"github.com/openmarket/marketplace/apps/api/server"
	"github.com/openmarket/marketplace/configs"
)

// schema is a JSON Schema node as the document serialises it.
type schema = map[string]any

// document builds the API as `api openapi` does (no database needed to describe it) and reads
// its OpenAPI document back as plain JSON, so the walk sees exactly what clients see.
func document(t *testing.T) map[string]any {
	t.Helper()
	app, err := server.New(server.Infra{Config: configs.MustLoadDefaults(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(app.API.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// input is one request body or parameter schema, named for the failure message.
type input struct {
	where  string
	schema schema
	body   bool
}

// inputs lists every request body and parameter of every operation.
func inputs(t *testing.T, doc map[string]any) []input {
	t.Helper()
	var out []input
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			o, ok := op.(map[string]any)
			if !ok || o["responses"] == nil {
				continue
			}
			name := strings.ToUpper(method) + " " + path
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				pm, _ := p.(map[string]any)
				s, _ := pm["schema"].(schema)
				out = append(out, input{where: fmt.Sprintf("%s %s parameter %v", name, pm["in"], pm["name"]), schema: s})
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				content, _ := rb["content"].(map[string]any)
				for ct, c := range content {
					s, _ := c.(map[string]any)["schema"].(schema)
					out = append(out, input{where: name + " body " + ct, schema: s, body: true})
				}
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("found only %d inputs: the document is not the whole API", len(out))
	}
	return out
}

// walk visits every schema node under s, resolving $refs into components.schemas once per
// path (schemas may be recursive), and calls visit with the node and a dotted location.
func walk(doc map[string]any, s schema, where string, seen map[string]bool, visit func(s schema, where string)) {
	if s == nil {
		return
	}
	if ref, ok := s["$ref"].(string); ok {
		name := ref[strings.LastIndex(ref, "/")+1:]
		if seen[name] {
			return
		}
		components, _ := doc["components"].(map[string]any)
		schemas, _ := components["schemas"].(map[string]any)
		target, _ := schemas[name].(schema)
		next := map[string]bool{name: true}
		for k := range seen {
			next[k] = true
		}
		walk(doc, target, where, next, visit)
		return
	}
	visit(s, where)
	if props, ok := s["properties"].(map[string]any); ok {
		for name, p := range props {
			ps, _ := p.(schema)
			walk(doc, ps, where+"."+name, seen, visit)
		}
	}
	if items, ok := s["items"].(schema); ok {
		walk(doc, items, where+"[]", seen, visit)
	}
	if values, ok := s["additionalProperties"].(schema); ok {
		walk(doc, values, where+"{}", seen, visit)
	}
	for _, k := range []string{"oneOf", "anyOf", "allOf"} {
		alts, _ := s[k].([]any)
		for _, a := range alts {
			as, _ := a.(schema)
			walk(doc, as, where, seen, visit)
		}
	}
}

func hasType(s schema, want string) bool {
	switch t := s["type"].(type) {
	case string:
		return t == want
	case []any:
		for _, v := range t {
			if v == want {
				return true
			}
		}
	}
	return false
}

func report(t *testing.T, what string, failures []string) {
	t.Helper()
	if len(failures) > 0 {
		sort.Strings(failures)
		t.Errorf("%d %s:\n  %s", len(failures), what, strings.Join(failures, "\n  "))
	}
}

// TestOpenAPI_EveryIntegerInputIsBounded: an unbounded integer lets a client send 2^63-1 as
// an amount or a quantity and overflow whatever adds it up; every integer a client sends must
// carry a minimum and a maximum, so the framework refuses it with 422 before any code runs.
func TestOpenAPI_EveryIntegerInputIsBounded(t *testing.T) {
	t.Parallel()
	doc := document(t)
	var failures []string
	for _, in := range inputs(t, doc) {
		walk(doc, in.schema, in.where, nil, func(s schema, where string) {
			if !hasType(s, "integer") {
				return
			}
			if _, ok := s["minimum"]; !ok {
				failures = append(failures, where+": no minimum")
			}
			if _, ok := s["maximum"]; !ok {
				failures = append(failures, where+": no maximum")
			}
		})
	}
	report(t, "integer inputs without bounds", failures)
}

// TestOpenAPI_EveryRequestBodyIsClosed: a body that accepts unknown fields silently ignores a
// misspelt or unsupported field (the client believes it was applied). Every object with named
// properties, at any depth, must say additionalProperties: false. Maps (objects with no named
// properties whose additionalProperties is a schema, such as attributes) are keyed by the
// client by design; their value schemas are walked instead.
func TestOpenAPI_EveryRequestBodyIsClosed(t *testing.T) {
	t.Parallel()
	doc := document(t)
	var failures []string
	bodies := 0
	for _, in := range inputs(t, doc) {
		if !in.body {
			continue
		}
		bodies++
		walk(doc, in.schema, in.where, nil, func(s schema, where string) {
			if !hasType(s, "object") && s["properties"] == nil {
				return
			}
			_, isMap := s["additionalProperties"].(schema)
			if isMap && s["properties"] == nil {
				return
			}
			if s["additionalProperties"] != false {
				failures = append(failures, fmt.Sprintf("%s: additionalProperties is %v", where, s["additionalProperties"]))
			}
		})
	}
	if bodies < 50 {
		t.Fatalf("found only %d request bodies", bodies)
	}
	report(t, "request body objects open to unknown fields", failures)
}
