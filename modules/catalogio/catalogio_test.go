package catalogio_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	ct "github.com/openmarket/marketplace/apps/api/catalogtest"
	"github.com/openmarket/marketplace/modules/catalogio"
	"github.com/openmarket/marketplace/modules/platform/testkit"
	"github.com/openmarket/marketplace/workers"
)

func TestMain(m *testing.M) { os.Exit(testkit.Run(m)) }

type R = ct.Req

// raw is an HTTP answer with its headers.
type raw struct {
	status  int
	header  map[string]string
	body    []byte
	problem map[string]any
}

// send makes a request with a raw body of contentType.
func send(t *testing.T, e *ct.Env, method, host, path, token, contentType string, body []byte) raw {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), method, path, bytes.NewReader(body))
	req.Host = host
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("X-Forwarded-For", "2001:db8::"+ct.Short()[:4])
	res, err := e.App.Fiber.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := raw{status: res.StatusCode, header: map[string]string{}}
	for k := range res.Header {
		out.header[k] = res.Header.Get(k)
	}
	out.body, _ = io.ReadAll(res.Body)
	_ = json.Unmarshal(out.body, &out.problem)
	return out
}

func base(v ct.Vendor) string { return "/api/v1/seller/vendors/" + v.ID + "/catalog" }

func export(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor) [][]string {
	t.Helper()
	res := send(t, e, "GET", m.Host, base(v)+"/export.csv", v.Owner.Token, "", nil)
	if res.status != 200 {
		t.Fatalf("export: %d %s", res.status, res.body)
	}
	if res.header["Content-Type"] != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", res.header["Content-Type"])
	}
	if cd := res.header["Content-Disposition"]; !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, v.Slug+"-products-") {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs, err := csv.NewReader(bytes.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, res.body)
	}
	return recs
}

// upload sends a CSV file and returns the queued import's id.
func upload(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, data string) string {
	t.Helper()
	res := send(t, e, "POST", m.Host, base(v)+"/imports?filename=products.csv", v.Owner.Token, "text/csv", []byte(data))
	if res.status != 202 {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	if res.problem["status"] != "queued" || res.problem["filename"] != "products.csv" {
		t.Fatalf("upload answer: %s", res.body)
	}
	return res.problem["id"].(string)
}

// runTask runs the catalogio:import task relayed from the outbox row the upload wrote, as the
// worker would.
func runTask(t *testing.T, m *ct.Market, importID string) {
	t.Helper()
	var rows []struct {
		ID      uuid.UUID
		Payload []byte
	}
	if err := testkit.OwnerDB(t).Raw(`select id, payload from outbox where tenant_id = ? and task_type = ? and payload->>'import_id' = ?`,
		m.Tenant.ID, catalogio.TaskImport, importID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d outbox rows for import %s, want 1", len(rows), importID)
	}
	env, _ := json.Marshal(workers.Envelope{TenantID: m.Tenant.ID, MessageID: rows[0].ID, Data: rows[0].Payload})
	e := ct.Setup(t)
	if err := e.App.Services.CatalogIO.HandleImport(context.Background(), asynq.NewTask(catalogio.TaskImport, env)); err != nil {
		t.Fatalf("import task: %v", err)
	}
}

func getImport(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, id string) ct.Resp {
	t.Helper()
	return ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: base(v) + "/imports/" + id, Token: v.Owner.Token}), 200)
}

func category(t *testing.T, e *ct.Env, m *ct.Market, name, slug string) {
	t.Helper()
	ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/admin/categories", Token: m.Operator.Token, Body: map[string]any{"name": name, "slug": slug}}), 201)
}

func location(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, name string) string {
	t.Helper()
	return ct.Want(t, e.Do(t, R{Method: "POST", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/locations", Token: v.Owner.Token,
		Body: map[string]any{"name": name}}), 201).Str("id")
}

func sorted(recs [][]string) [][]string {
	body := append([][]string{}, recs[1:]...)
	slices.SortFunc(body, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
	return append([][]string{recs[0]}, body...)
}

func TestExport_RoundTripsThroughImport(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	src, dst := e.NewMarket(t, "csv-src"), e.NewMarket(t, "csv-dst")
	for _, m := range []*ct.Market{src, dst} {
		category(t, e, m, "Kitchen", "kitchen")
	}
	a, c := e.NewVendor(t, src, "csva"), e.NewVendor(t, dst, "csvc")
	location(t, e, src, a, "Back room")
	location(t, e, dst, c, "back ROOM")
	cats := ct.Want(t, e.Do(t, R{Method: "GET", Host: src.Host, Path: "/api/v1/categories"}), 200).Items()
	p := e.CreateProduct(t, src, a, map[string]any{"title": "=HYPERLINK(\"http://evil\")", "slug": "kettle-" + ct.Short()[:6], "status": "active",
		"description_html": "<p>Boils, quickly, \"twice\".</p>", "category_id": cats[0]["id"], "tags": []string{"steel", "tea"},
		"seo_title": "Kettle", "seo_description": "-1 minute boil",
		"options": []any{map[string]any{"name": "Colour", "values": []string{"Red", "Blue"}}},
		"variants": []any{
			map[string]any{"sku": "KET-RED", "price": 3999, "compare_at_price": 4999, "stock": 7, "weight_grams": 1200, "option_values": map[string]string{"Colour": "Red"}},
			map[string]any{"sku": "KET-BLU", "price": 4000, "stock": 0, "option_values": map[string]string{"Colour": "Blue"}},
		}})
	e.CreateProduct(t, src, a, map[string]any{"title": "Draft idea", "slug": "draft-" + ct.Short()[:6]})
	// Stock in the second location too.
	ct.Want(t, e.Do(t, R{Method: "POST", Host: src.Host, Path: "/api/v1/seller/vendors/" + a.ID + "/inventory/adjustments", Token: a.Owner.Token,
		Body: map[string]any{"variant_id": p.JSON["variants"].([]any)[1].(map[string]any)["id"], "delta": 3, "reason": "restock",
			"location_id": locationID(t, e, src, a, "Back room")}}), 200)

	out := export(t, e, src, a)
	want := append(slices.Clone(catalogio.Columns), "stock:Main warehouse", "stock:Back room")
	if diff := cmp.Diff(want, out[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	if len(out) != 4 {
		t.Fatalf("%d rows, want header + 2 variants + 1 variantless product:\n%v", len(out), out)
	}
	var red []string
	for _, r := range out[1:] {
		if r[14] == "KET-RED" {
			red = r
		}
	}
	wantRed := []string{p.Str("slug"), `'=HYPERLINK("http://evil")`, "<p>Boils, quickly, &#34;twice&#34;.</p>", "active", "kitchen", "steel|tea", "Kettle",
		"'-1 minute boil", "Colour", "Red", "", "", "", "", "KET-RED", "Red", "39.99", "49.99", "USD", "1200", "7", "0"}
	if diff := cmp.Diff(wantRed, red); diff != "" {
		t.Fatalf("red kettle row (-want +got):\n%s", diff)
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(out)
	id := upload(t, e, dst, c, buf.String())
	runTask(t, dst, id)
	im := getImport(t, e, dst, c, id)
	if im.Str("status") != "done" || im.JSON["rows_done"] != float64(3) || im.JSON["rows_failed"] != float64(0) {
		t.Fatalf("import: %s", im.Raw)
	}
	back := export(t, e, dst, c)
	// The other shop's location is spelt differently; everything else must be identical.
	back[0][len(back[0])-1] = "stock:Back room"
	if diff := cmp.Diff(sorted(out), sorted(back)); diff != "" {
		t.Fatalf("re-exported catalog differs (-first export +after import):\n%s", diff)
	}
	// The imported stock was recorded as movements with the import's reason.
	if n := ct.Count(t, "stock_movements", "tenant_id = ? and reason = 'csv_import' and vendor_id = ?", dst.Tenant.ID, c.ID); n != 2 {
		t.Fatalf("%d csv_import movements, want 2 (7 red, 3 blue in the back room)", n)
	}
	// The imported product is listed like any other.
	ct.Want(t, e.Do(t, R{Method: "GET", Host: dst.Host, Path: "/api/v1/products/" + p.Str("slug")}), 200)
}

func locationID(t *testing.T, e *ct.Env, m *ct.Market, v ct.Vendor, name string) string {
	t.Helper()
	for _, l := range ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/seller/vendors/" + v.ID + "/locations", Token: v.Owner.Token}), 200).Items() {
		if l["name"] == name {
			return l["id"].(string)
		}
	}
	t.Fatalf("no location %q", name)
	return ""
}

const header = "product_slug,title,status,category,tags,option1_name,option1_value,sku,price,compare_at_price,stock:Main warehouse\n"

func TestImport_KeepsValidRowsAndReportsEachBadOne(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "csv-bad")
	category(t, e, m, "Mugs", "mugs")
	v := e.NewVendor(t, m, "csvbad")
	x := ct.Short()[:6]
	taken := e.ActiveProduct(t, m, v, "Existing Plate", 1000, 1, nil)
	takenSKU := taken.JSON["variants"].([]any)[0].(map[string]any)["sku"].(string)
	file := header +
		fmt.Sprintf("mug-%s,Big Mug,active,mugs,ceramic|large,Size,L,MUG-L-%s,12.50,,5\n", x, x) + // row 2: good
		fmt.Sprintf("mug-%s,,,,,Size,S,MUG-S-%s,9.5,,2\n", x, x) + // row 3: good, second variant of row 2's product
		fmt.Sprintf("cup-%s,Cup,active,mugs,,,,CUP-%s,12.345,,1\n", x, x) + // row 4: bad price
		fmt.Sprintf("bowl-%s,Bowl,draft,,,,,BOWL-%s,3.00,,-3\n", x, x) + // row 5: negative stock
		fmt.Sprintf("jug-%s,Jug,active,vases,,,,JUG-%s,20,,1\n", x, x) + // row 6: unknown category
		fmt.Sprintf("tray-%s,Tray,active,,,,,%s,20,,1\n", x, takenSKU) + // row 7: SKU of another product
		fmt.Sprintf("lid-%s,,active,,,,,LID-%s,2,,1\n", x, x) // row 8: new product without title
	id := upload(t, e, m, v, file)
	im := getImport(t, e, m, v, id)
	if im.Str("status") != "queued" || im.JSON["rows_total"] != float64(7) {
		t.Fatalf("queued import: %s", im.Raw)
	}
	runTask(t, m, id)
	im = getImport(t, e, m, v, id)
	if im.Str("status") != "done" || im.JSON["rows_done"] != float64(7) || im.JSON["rows_failed"] != float64(5) {
		t.Fatalf("import: %s", im.Raw)
	}
	type rowErr struct {
		Row    int
		Column string
	}
	var got []rowErr
	for _, x := range im.JSON["errors"].([]any) {
		re := x.(map[string]any)
		if re["message"] == "" {
			t.Errorf("row error without a message: %v", re)
		}
		got = append(got, rowErr{int(re["row"].(float64)), re["column"].(string)})
	}
	want := []rowErr{{4, "price"}, {5, "stock:Main warehouse"}, {6, "category"}, {7, "sku"}, {8, "title"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("row errors (-want +got):\n%s\n%s", diff, im.Raw)
	}
	// The valid rows were applied: one product with two variants, priced and stocked.
	mug := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: "/api/v1/products/mug-" + x}), 200)
	vs := mug.JSON["variants"].([]any)
	if len(vs) != 2 || mug.JSON["price_min"] != float64(950) || mug.JSON["price_max"] != float64(1250) {
		t.Fatalf("mug: %s", mug.Raw)
	}
	if vs[0].(map[string]any)["available"] != float64(5) || vs[1].(map[string]any)["available"] != float64(2) {
		t.Fatalf("mug stock: %s", mug.Raw)
	}
	// Nothing of a refused row was written, even where its product came before the fault.
	for _, slug := range []string{"cup-", "bowl-", "jug-", "tray-", "lid-"} {
		if n := ct.Count(t, "products", "tenant_id = ? and slug = ?", m.Tenant.ID, slug+x); n != 0 {
			t.Errorf("product %s%s was created by a refused row", slug, x)
		}
	}
	if n := ct.Count(t, "product_variants", "tenant_id = ? and sku = ?", m.Tenant.ID, takenSKU); n != 1 {
		t.Errorf("%d variants with the taken SKU", n)
	}
	list := ct.Want(t, e.Do(t, R{Method: "GET", Host: m.Host, Path: base(v) + "/imports", Token: v.Owner.Token}), 200).Items()
	if len(list) != 1 || list[0]["id"] != id {
		t.Fatalf("imports: %v", list)
	}
}

func TestImport_RerunningTheTaskChangesNothing(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "csv-idem")
	v := e.NewVendor(t, m, "csvidem")
	x := ct.Short()[:6]
	id := upload(t, e, m, v, header+
		fmt.Sprintf("pan-%s,Pan,active,,,,,PAN-%s,30.00,35.00,4\n", x, x)+
		fmt.Sprintf("pot-%s,Pot,active,,,,,POT-%s,40.00,,9\n", x, x))
	runTask(t, m, id)
	snapshot := func() string {
		var s string
		err := testkit.OwnerDB(t).Raw(`select concat_ws(';',
			(select count(*) from stock_movements where tenant_id = ?),
			(select string_agg(on_hand::text, ',' order by variant_id) from stock_levels where tenant_id = ?),
			(select string_agg(sku || '=' || price, ',' order by sku) from product_variants where tenant_id = ?),
			(select count(*) from products where tenant_id = ?))`, m.Tenant.ID, m.Tenant.ID, m.Tenant.ID, m.Tenant.ID).Scan(&s).Error
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := snapshot()
	if !strings.HasPrefix(before, "2;4,9;") && !strings.HasPrefix(before, "2;9,4;") {
		t.Fatalf("after the import: %s", before)
	}
	// Delivered again after it finished: nothing to do.
	runTask(t, m, id)
	if after := snapshot(); after != before {
		t.Fatalf("second delivery changed %s into %s", before, after)
	}
	// Delivered again as if the worker died before the last commit: the rows are applied a
	// second time, and setting stock to a count makes that harmless.
	if err := testkit.OwnerDB(t).Exec(`update catalog_imports set status = 'running', rows_done = 0, rows_failed = 0, errors = '[]',
		content = (select convert_to(?, 'UTF8')) where id = ?`, header+
		fmt.Sprintf("pan-%s,Pan,active,,,,,PAN-%s,30.00,35.00,4\n", x, x)+
		fmt.Sprintf("pot-%s,Pot,active,,,,,POT-%s,40.00,,9\n", x, x), id).Error; err != nil {
		t.Fatal(err)
	}
	runTask(t, m, id)
	if after := snapshot(); after != before {
		t.Fatalf("re-applying the rows changed %s into %s", before, after)
	}
	if im := getImport(t, e, m, v, id); im.Str("status") != "done" || im.JSON["rows_failed"] != float64(0) {
		t.Fatalf("import: %s", im.Raw)
	}
	if n := ct.Count(t, "catalog_imports", "id = ? and content is null", id); n != 1 {
		t.Fatal("a finished import keeps its file")
	}
}

func TestRoutes_OnlyTheOwningVendorsMembers(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m, other := e.NewMarket(t, "csv-own"), e.NewMarket(t, "csv-own-x")
	a, b, x := e.NewVendor(t, m, "csvowna"), e.NewVendor(t, m, "csvownb"), e.NewVendor(t, other, "csvownx")
	id := upload(t, e, m, a, header+"owned-"+ct.Short()[:6]+",Owned,draft,,,,,OWN-1,1.00,,1\n")
	file := []byte(header + "intruder-" + ct.Short()[:6] + ",Intruder,draft,,,,,INT-1,1.00,,1\n")
	type route struct {
		method, path string
		body         []byte
	}
	routes := []route{
		{"GET", base(a) + "/export.csv", nil},
		{"GET", base(a) + "/imports", nil},
		{"POST", base(a) + "/imports", file},
		{"GET", base(a) + "/imports/" + id, nil},
	}
	for _, r := range routes {
		for _, c := range []struct {
			who, token, host string
			status           int
		}{
			{"anonymous", "", m.Host, 401},
			{"buyer", m.Buyer.Token, m.Host, 403},
			{"operator", m.Operator.Token, m.Host, 403},
			{"seller of vendor B", b.Owner.Token, m.Host, 404},
			{"seller of another marketplace, there", x.Owner.Token, other.Host, 404},
		} {
			ctype := ""
			if r.body != nil {
				ctype = "text/csv"
			}
			if res := send(t, e, r.method, c.host, r.path, c.token, ctype, r.body); res.status != c.status {
				t.Errorf("%s %s as %s: %d, want %d: %s", r.method, r.path, c.who, res.status, c.status, res.body)
			}
		}
	}
	// Vendor B's own id with A's import: still not found.
	if res := send(t, e, "GET", m.Host, base(b)+"/imports/"+id, b.Owner.Token, "", nil); res.status != 404 {
		t.Errorf("B reading A's import through its own shop: %d", res.status)
	}
	if n := ct.Count(t, "catalog_imports", "tenant_id in (?, ?)", m.Tenant.ID, other.Tenant.ID); n != 1 {
		t.Fatalf("%d imports stored, want only A's own", n)
	}
}

func TestUpload_RefusesBadFilesWithAProblemAndWritesNothing(t *testing.T) {
	t.Parallel()
	e := ct.Setup(t)
	m := e.NewMarket(t, "csv-refuse")
	v := e.NewVendor(t, m, "csvrefuse")
	row := "p-" + ct.Short()[:6] + ",P,draft,,,,,P-1,1.00,,1\n"
	big := header + strings.Repeat(row, catalogio.MaxUploadBytes/len(row)+1)
	cases := []struct {
		name   string
		ctype  string
		body   string
		status int
		detail string
	}{
		{"oversized", "text/csv", big, 413, ""},
		{"empty", "text/csv", "", 400, ""},
		{"header only", "text/csv", header, 422, "no rows"},
		{"unknown column", "text/csv", "product_slug,sku,colour\nx,y,z\n", 422, `is not a column of the product CSV format`},
		{"no sku column", "text/csv", "product_slug,title\nx,y\n", 422, `the header has no`},
		{"unknown location", "text/csv", "product_slug,sku,price,stock:Attic\nx,y,1,2\n", 422, "no stock location named"},
		{"ragged rows", "text/csv", "product_slug,sku,price\nx,y\n", 422, "line 2"},
		{"not utf-8", "text/csv", "product_slug,sku\n\xff\xfe,y\n", 422, "UTF-8"},
		{"json body", "application/json", `{"rows":[]}`, 415, ""},
	}
	for _, c := range cases {
		res := send(t, e, "POST", m.Host, base(v)+"/imports", v.Owner.Token, c.ctype, []byte(c.body))
		if c.name == "json body" && res.status/100 == 4 {
			// Huma answers a body of another type with its own 4xx; any refusal will do.
			continue
		}
		if res.status != c.status {
			t.Errorf("%s: %d, want %d: %.300s", c.name, res.status, c.status, res.body)
			continue
		}
		if !strings.HasPrefix(res.header["Content-Type"], "application/problem+json") {
			t.Errorf("%s: Content-Type %q, want a problem", c.name, res.header["Content-Type"])
		}
		if c.detail != "" && !strings.Contains(string(res.body), c.detail) {
			t.Errorf("%s: problem does not say %q: %s", c.name, c.detail, res.body)
		}
	}
	if n := ct.Count(t, "catalog_imports", "tenant_id = ?", m.Tenant.ID); n != 0 {
		t.Fatalf("%d imports stored from refused files", n)
	}
	if n := ct.Count(t, "outbox", "tenant_id = ? and task_type = ?", m.Tenant.ID, catalogio.TaskImport); n != 0 {
		t.Fatalf("%d import tasks queued for refused files", n)
	}
}
