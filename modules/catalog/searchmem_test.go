package catalog_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
)

// TestSearchInMemory_SameAsDatabase asks the same searches of an api whose read cache answers
// them from kept candidates (searchmem.go) and of one that runs every search in PostgreSQL:
// every page, cursor and facet must be the same. Then a change made behind the cached api's
// back shows that it really answered from memory.
func TestSearchInMemory_SameAsDatabase(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	c := cachedAPI(t, e)
	m := e.NewMarket(t, "mem")
	op := m.Operator.Token
	category := func(name, parent string) string {
		body := map[string]any{"name": name}
		if parent != "" {
			body["parent_id"] = parent
		}
		return ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: op, Body: body}), 201).Str("id")
	}
	home := category("Home", "")
	lighting, furniture := category("Lighting", home), category("Furniture", home)
	garden := category("Garden", "")
	cats := []string{lighting, furniture, garden, home}
	vendors := []ct.Vendor{e.NewVendor(t, m, "mema"), e.NewVendor(t, m, "memb"), e.NewVendor(t, m, "memc")}
	woods, things := []string{"Oak", "Walnut", "Birch"}, []string{"Lamp", "Desk", "Shelf", "Lantern"}
	n := 0
	for _, w := range woods {
		for _, th := range things {
			n++
			attrs := map[string]any{"colour": []string{"black", "white", "red"}[n%3], "wireless": n%2 == 0, "rating": n%5 + 1}
			if n%4 == 0 {
				attrs["size"] = "M"
			}
			stock := int64(n % 4) // some sold out
			e.ActiveProduct(t, m, vendors[n%3], w+" "+th+" "+fmt.Sprint(n), int64(1000+(n%6)*2500), stock,
				map[string]any{"category_id": cats[n%4], "attributes": attrs, "tags": []string{"wood"}})
		}
	}

	get := func(env *ct.Env, path string) map[string]any {
		res := ct.Want(t, env.Do(t, R{Method: "GET", Host: m.Host, Path: path}), 200)
		var body map[string]any
		if err := json.Unmarshal(res.Raw, &body); err != nil {
			t.Fatal(err)
		}
		return body
	}
	compared := 0
	for _, q := range []string{"oak", "walnt lamp", "wood", "birch shelf lantern"} {
		for _, filter := range []string{"", "&category=" + home, "&category=" + garden, "&vendor=" + vendors[1].ID, "&price_min=3500&price_max=9000",
			"&attr=colour:black", "&attr=colour:black&attr=colour:red&attr=wireless:true", "&attr=rating:2..4", "&in_stock=true&category=" + lighting} {
			for _, sort := range []string{"", "&sort=newest", "&sort=price_asc", "&sort=price_desc"} {
				path := "/api/v1/search?limit=3&q=" + url.QueryEscape(q) + filter + sort
				// Every page, following the cursors.
				for page := 0; page < 10; page++ {
					want, got := get(e, path), get(c, path)
					if !reflect.DeepEqual(want, got) {
						t.Fatalf("%s\n database: %v\n memory:   %v", path, want, got)
					}
					compared++
					next, _ := want["next_cursor"].(string)
					if next == "" {
						break
					}
					path = "/api/v1/search?limit=3&q=" + url.QueryEscape(q) + filter + sort + "&cursor=" + url.QueryEscape(next)
				}
			}
		}
	}
	if compared <= 4*9*4 { // words × filters × sorts: no second page was ever compared
		t.Fatalf("only %d searches compared", compared)
	}

	// Move every Oak product to Garden without a change notice: the database sees it at once,
	// the cached api's kept candidates of "oak" still have the old categories.
	silently(t, `update products set category_id = ? where tenant_id = ? and title like 'Oak %'`, garden, m.Tenant.ID)
	path := "/api/v1/search?limit=20&sort=price_desc&q=oak&category=" + garden
	db, mem := get(e, path)["items"].([]any), get(c, path)["items"].([]any)
	if len(db) != len(things) || len(mem) >= len(db) {
		t.Fatalf("after a silent change: database %d items, memory %d; want %d and fewer (the cached api answers from its candidates)", len(db), len(mem), len(things))
	}
}
