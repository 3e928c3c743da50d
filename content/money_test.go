package content

import (
	"strings"
	"testing"
	"time"
)

func TestParseBaht(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		ok   bool
	}{
		{"", 0, true},
		{"0", 0, true},
		{"1,250,000.50", 125000050, true},
		{"1250000.5", 125000050, true},
		{" 12 500 บาท ", 1250000, true},
		{"๑๒", 0, false}, // Thai digits are not read here
		{".75", 75, true},
		{"1.", 0, false},
		{"1.234", 0, false},
		{"-5", 0, false},
		{"1e6", 0, false},
		{"12,34a", 0, false},
		{"100000000000", 10000000000000, true}, // the maximum
		{"100000000000.01", 0, false},
		{"9999999999999", 0, false},
		{"1..2", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseBaht(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseBaht(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, m := range []Money{0, 5, 99, 100, 125000050, 100000, MaxMoney} {
		back, ok := ParseBaht(m.String())
		if !ok || back != m {
			t.Errorf("%d → %q → %d %v", m, m.String(), back, ok)
		}
	}
	if s := Money(125000050).String(); s != "1,250,000.50" {
		t.Errorf("String %q", s)
	}
}

// FuzzParseBaht: whatever is typed, an amount read is in range and prints
// back to itself.
func FuzzParseBaht(f *testing.F) {
	for _, s := range []string{"1,250,000.50", "", ".5", "12 บาท", "-1", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseBaht(s)
		if !ok {
			return
		}
		if m < 0 || m > MaxMoney {
			t.Fatalf("%q read as %d", s, m)
		}
		if back, ok := ParseBaht(m.String()); !ok || back != m {
			t.Fatalf("%q → %d → %q → %d", s, m, m.String(), back)
		}
		if strings.ContainsAny(m.String(), "-e") {
			t.Fatalf("odd print %q", m.String())
		}
	})
}

func TestProcurementValidation(t *testing.T) {
	ok := func() ProcurementInput {
		return ProcurementInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: time.Now(), End: DefaultEnd(time.Now(), 30), UnitID: 1},
			Procurement: Procurement{Title: "จัดซื้อ", Method: "specific", ProcKind: "buy", State: "planned"}}
	}
	tests := []struct {
		name  string
		mod   func(*ProcurementInput)
		field string // "" for valid
	}{
		{"valid", func(*ProcurementInput) {}, ""},
		{"e-GP 11 digits", func(in *ProcurementInput) { in.EGPNo = "69107012345" }, ""},
		{"e-GP 10 digits", func(in *ProcurementInput) { in.EGPNo = "6910701234" }, "egp_no"},
		{"e-GP 12 digits", func(in *ProcurementInput) { in.EGPNo = "691070123456" }, "egp_no"},
		{"e-GP letters", func(in *ProcurementInput) { in.EGPNo = "69A07012345" }, "egp_no"},
		{"e-GP year 20", func(in *ProcurementInput) { in.EGPNo = "20107012345" }, "egp_no"},
		{"e-GP Thai digits", func(in *ProcurementInput) { in.EGPNo = "๖๙๑๐๗๐๑๒๓๔๕" }, "egp_no"},
		{"contract number 12", func(in *ProcurementInput) { in.EGPContractNo = "691014001234" }, ""},
		{"contract number 11", func(in *ProcurementInput) { in.EGPContractNo = "69101400123" }, "egp_contract_no"},
		{"no title", func(in *ProcurementInput) { in.Title = " " }, "title"},
		{"long title", func(in *ProcurementInput) { in.Title = strings.Repeat("ก", MaxProcTitle+1) }, "title"},
		{"bad method", func(in *ProcurementInput) { in.Method = "auction" }, "method"},
		{"bad kind", func(in *ProcurementInput) { in.ProcKind = "steal" }, "proc_kind"},
		{"bad state", func(in *ProcurementInput) { in.State = "done" }, "proc_status"},
		{"tax id", func(in *ProcurementInput) { in.WinnerTaxID = "123" }, "winner_tax_id"},
		{"bidder without name", func(in *ProcurementInput) { in.Bidders = []Bidder{{Price: 5}} }, "bidders"},
		{"bidder tax id", func(in *ProcurementInput) { in.Bidders = []Bidder{{Name: "x", TaxID: "1"}} }, "bidders"},
		{"too many bidders", func(in *ProcurementInput) { in.Bidders = make([]Bidder, MaxBidders+1) }, "bidders"},
		{"negative money", func(in *ProcurementInput) { in.Budget = -1 }, "budget"},
		{"huge money", func(in *ProcurementInput) { in.AgreedPrice = MaxMoney + 1 }, "agreed_price"},
		{"contracted without date", func(in *ProcurementInput) { in.State = "contracted" }, "contract_date"},
		{"long reason", func(in *ProcurementInput) { in.Reason = strings.Repeat("ก", MaxProcText+1) }, "reason"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok()
			tc.mod(&in)
			err := in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("err %v, want one on %s", err, tc.field)
			}
		})
	}
}
