package textdiff_test

import (
	"fmt"

	"newsroom/textdiff"
)

func ExampleDiff() {
	spans := textdiff.Diff("มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ", "มหาวิทยาลัยนครพนมจัดงานวันเด็กแห่งชาติ")
	for _, s := range spans {
		fmt.Println(s.Op, s.Text)
	}
	fmt.Println(textdiff.HTML(spans))
	// Output:
	// Equal มหาวิทยาลัยนครพนมจัด
	// Delete กิจกรรม
	// Insert งาน
	// Equal วันเด็กแห่งชาติ
	// มหาวิทยาลัยนครพนมจัด<del>กิจกรรม</del><ins>งาน</ins>วันเด็กแห่งชาติ
}

func ExampleWords() {
	fmt.Printf("%q\n", textdiff.Words("ข่าวประชาสัมพันธ์ ปี 2569"))
	// Output: ["ข่าวประชาสัมพันธ์" " " "ปี" " " "2569"]
}
