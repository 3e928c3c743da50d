package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Texts of the Thai admin that the journeys look for.
const (
	helloText      = "สวัสดี"
	citizenIDError = "เลขประจำตัวประชาชนต้องมี 13 หลักและเลขตรวจสอบถูกต้อง"
	userAddedFlash = "เพิ่มผู้ใช้แล้ว"
	disableButton  = "ระงับการใช้งาน"
	confirmText    = "ยืนยันการทำรายการนี้?"
	disabledFlash  = "ระงับบัญชีและออกจากระบบทุกอุปกรณ์แล้ว"
	forbiddenTitle = "ไม่มีสิทธิ์เข้าถึง"
	disabledLogin  = "บัญชีนี้ถูกระงับการใช้งาน"
)

// saveButton is the form's own submit button, not the top bar's log-out one.
const saveButton = `main form.form .buttons button[type=submit]`

// userForm is what a central admin types into /admin/users/new.
type userForm struct {
	CitizenID string
	Name      string
	Unit      string // the unit's Thai name as the select shows it
	Role      string // the role's value, e.g. "unit"
	Password  string
}

// newUnitUser makes a faculty PR user with a fresh, valid citizen ID.
func newUnitUser() userForm {
	id := newCitizenID()
	return userForm{
		CitizenID: id,
		Name:      "คุณนก ทดสอบ " + id[9:],
		Unit:      "คณะวิทยาศาสตร์",
		Role:      "unit",
		Password:  "e2e-pass-" + id[7:],
	}
}

// newCitizenID returns a random valid citizen ID that starts with "0", which
// the civil registry never gives a person.
func newCitizenID() string {
	b := []byte("09")
	for len(b) < 12 {
		b = append(b, byte('0'+rand.IntN(10)))
	}
	return string(b) + string(checkDigit(string(b)))
}

// checkDigit is the 13th digit of a Thai citizen ID:
// d13 = (11 - Σ_{i=1..12} d_i·(14-i) mod 11) mod 10.
func checkDigit(first12 string) byte {
	sum := 0
	for i := 1; i <= 12; i++ {
		sum += int(first12[i-1]-'0') * (14 - i)
	}
	return byte('0' + (11-sum%11)%10)
}

// withWrongCheckDigit returns id with its check digit off by one.
func withWrongCheckDigit(id string) string {
	return id[:12] + string('0'+(id[12]-'0'+1)%10)
}

// masked is how the users list shows an ID: x-xxxx-xxxxx-12-3.
func masked(id string) string { return "x-xxxx-xxxxx-" + id[10:12] + "-" + id[12:] }

// dashed is the printed form of an ID: 1-2345-67890-12-3.
func dashed(id string) string {
	return id[:1] + "-" + id[1:5] + "-" + id[5:10] + "-" + id[10:12] + "-" + id[12:]
}

// knownIDs are the full IDs of every account the server printed.
func knownIDs() []string {
	ids := []string{site.Admin.ID}
	for _, d := range site.Demo {
		ids = append(ids, d.ID)
	}
	return ids
}

// checkNoFullIDs fails if any of the IDs appears in full in the page's HTML,
// plain or dashed: a list page may show only the masked form.
func checkNoFullIDs(t *testing.T, html string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if strings.Contains(html, id) || strings.Contains(html, dashed(id)) {
			t.Errorf("the page shows the full citizen ID %s; lists must show only %s", id, masked(id))
		}
	}
}

// logIn fills the login form and returns the response of the page it leads to.
func logIn(t *testing.T, ctx context.Context, id, password string) *network.Response {
	t.Helper()
	open(t, ctx, "/admin/login")
	do(t, ctx, "fill in the login form",
		fill("#citizen_id", id),
		fill("#password", password),
	)
	return load(t, ctx, "log in as "+id,
		chromedp.Click(chromedp.CSS(`form[action="/admin/login"] button[type=submit]`), chromedp.NodeVisible))
}

// logInOK logs in and checks the dashboard greets the user.
func logInOK(t *testing.T, ctx context.Context, id, password string) {
	t.Helper()
	if resp := logIn(t, ctx, id, password); resp.Status != 200 {
		t.Fatalf("log in as %s: status %d%s", id, resp.Status, pageState(ctx))
	}
	if p := pagePath(t, ctx); p != "/admin/" {
		t.Fatalf("after logging in, the browser is at %s; want the dashboard /admin/%s", p, pageState(ctx))
	}
	if h1 := text(t, ctx, "main h1"); !strings.Contains(h1, helloText) {
		t.Fatalf("dashboard heading %q does not greet with %q", h1, helloText)
	}
}

// fillUserForm types u into the new-user form that the tab shows.
func fillUserForm(t *testing.T, ctx context.Context, u userForm) {
	t.Helper()
	do(t, ctx, "fill in the new user form",
		fill("#citizen_id", u.CitizenID),
		fill("#name", u.Name),
		chromedp.SetValue(chromedp.CSS("#role"), u.Role),
		fill("#password", u.Password),
	)
	v := get(t, ctx, "choose the unit", chromedp.Evaluate[string](`(() => {
		const s = document.querySelector("#unit_id");
		const o = [...s.options].find(o => o.textContent.trim() === `+jsString(u.Unit)+`);
		if (!o) return "";
		s.value = o.value;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return o.value;
	})()`))
	if v == "" {
		t.Fatalf("the unit select has no option %q", u.Unit)
	}
}

// addUser creates u through /admin/users/new and returns the path of the
// user's edit page.
func addUser(t *testing.T, ctx context.Context, u userForm) string {
	t.Helper()
	open(t, ctx, "/admin/users/new")
	fillUserForm(t, ctx, u)
	if resp := load(t, ctx, "save the new user", chromedp.Click(chromedp.CSS(saveButton))); resp.Status != 200 {
		t.Fatalf("save the new user: status %d%s", resp.Status, pageState(ctx))
	}
	if f := text(t, ctx, `.flash[role=status]`); !strings.Contains(f, userAddedFlash) {
		t.Fatalf("flash %q; want %q", f, userAddedFlash)
	}
	return editPathOf(t, ctx, u.Name)
}

// editPathOf finds the edit link in the users list row that names the user.
func editPathOf(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	href := get(t, ctx, "find the user's edit link", chromedp.Evaluate[string](`(() => {
		for (const tr of document.querySelectorAll("table.list tbody tr")) {
			if (!tr.textContent.includes(`+jsString(name)+`)) continue;
			const a = tr.querySelector('a[href$="/edit"]');
			return a ? a.getAttribute("href") : "";
		}
		return "";
	})()`))
	if href == "" {
		t.Fatalf("no row with an edit link for %q in the users list%s", name, pageState(ctx))
	}
	return href
}

// acceptDialogs answers every JavaScript dialog of the tab with OK, as a
// person would, and returns a func that lists the dialogs seen so far.
// Without it, a confirm() stalls the page and the click that opened it.
func acceptDialogs(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	dctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	var (
		mu   sync.Mutex
		seen []string
	)
	events := chromedp.Events(dctx, page.JavascriptDialogOpening) // subscribed from here on
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, fmt.Sprintf("%s: %s", ev.Type, ev.Message))
			mu.Unlock()
			_, _ = chromedp.Call(dctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}
