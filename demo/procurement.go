package demo

import (
	"context"
	"fmt"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
)

// Demo procurement records of the current fiscal year's first months: the
// first month's summary is published, the second's left for the ITA hub to
// flag.
var _ = addSeeder(func(ctx context.Context, d Deps, made map[roles.Role]roles.User) error {
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	byCode := map[string]int64{}
	for _, u := range units {
		byCode[u.Code] = u.ID
	}
	unit := func(code string) int64 {
		if id := byCode[code]; id != 0 {
			return id
		}
		return units[0].ID
	}
	fy := content.FiscalYear(d.Now)
	first, _ := content.FiscalYearRange(fy)
	at := func(month, day int) time.Time {
		t := first.AddDate(0, month, day-1)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, newsroom.Bangkok)
	}
	yy := fy % 100
	records := []struct {
		unit string
		p    content.Procurement
	}{
		{"procurement", content.Procurement{Title: "จัดซื้อวัสดุสำนักงาน ประจำไตรมาสที่ 1", EGPNo: fmt.Sprintf("%02d107000101", yy), Method: "specific", ProcKind: "buy",
			Budget: 9500000, RefPrice: 9200000, Bidders: []content.Bidder{{Name: "ห้างหุ้นส่วนจำกัด นครพนมพาณิชย์", Price: 9150000}},
			Winner: "ห้างหุ้นส่วนจำกัด นครพนมพาณิชย์", AgreedPrice: 9150000, Reason: "เสนอราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข",
			ContractNo: fmt.Sprintf("ข.15/%d", fy), ContractDate: at(0, 8), ContractAmount: 9150000, State: "contracted"}},
		{"procurement", content.Procurement{Title: "จ้างบำรุงรักษาระบบปรับอากาศ อาคารสำนักงานอธิการบดี", EGPNo: fmt.Sprintf("%02d107000102", yy), Method: "selection", ProcKind: "hire",
			Budget: 38000000, RefPrice: 37500000,
			Bidders: []content.Bidder{{Name: "บริษัท แอร์เย็นดี จำกัด", Price: 36900000}, {Name: "ห้างหุ้นส่วนจำกัด ช่างแอร์โขง", Price: 37200000}},
			Winner:  "บริษัท แอร์เย็นดี จำกัด", AgreedPrice: 36900000, Reason: "ราคาต่ำสุด ผลงานและคุณสมบัติครบถ้วน",
			ContractNo: fmt.Sprintf("สัญญา 4/%d", fy), ContractDate: at(0, 21), ContractAmount: 36900000, State: "contracted"}},
		{"science", content.Procurement{Title: "จัดซื้อชุดครุภัณฑ์ห้องปฏิบัติการเคมี", EGPNo: fmt.Sprintf("%02d117000201", yy), Method: "e-bidding", ProcKind: "buy",
			Budget: 245000000, RefPrice: 240000000,
			Bidders: []content.Bidder{{Name: "บริษัท แล็บซายน์ จำกัด", Price: 228000000}, {Name: "บริษัท อีสานวิทย์ จำกัด", Price: 233500000}, {Name: "บริษัท เคมีภัณฑ์ไทย จำกัด", Price: 239000000}},
			Winner:  "บริษัท แล็บซายน์ จำกัด", AgreedPrice: 228000000, Reason: "ผ่านเกณฑ์คุณสมบัติและเสนอราคาต่ำสุด",
			ContractNo: fmt.Sprintf("วท.2/%d", fy), ContractDate: at(1, 12), ContractAmount: 228000000, State: "contracted"}},
	}
	author := made[roles.Central]
	for _, r := range records {
		if r.p.ContractDate.After(d.Now) {
			continue // a demo made early in a fiscal year has fewer months
		}
		in := content.ProcurementInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: r.p.ContractDate, End: content.DefaultEnd(d.Now, 3650),
			UnitID: unit(r.unit), Publish: true}, Procurement: r.p}
		if _, err := d.Content.SaveProcurement(ctx, 0, in, content.Author{UserID: author.ID, Name: author.Name}, r.p.ContractDate); err != nil {
			return fmt.Errorf("demo: procurement: %w", err)
		}
	}
	// The first month's summary is published once it is over.
	if _, end := content.FiscalMonthRange(fy, 10); !d.Now.Before(end) {
		if err := d.Content.PublishProcurementMonth(ctx, fy, 10, "published", content.Author{UserID: author.ID, Name: author.Name}, end); err != nil {
			return fmt.Errorf("demo: procurement month: %w", err)
		}
	}
	return nil
})
