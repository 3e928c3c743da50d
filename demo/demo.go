// Package demo fills an empty installation with demo users and content so a
// newcomer lands on a populated site. It runs only when demo mode is on and
// the database was empty; each content type adds its own seeder here.
package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"newsroom/content"
	"newsroom/roles"
)

// Deps are what the seeders write through.
type Deps struct {
	Users   *roles.Store
	Content *content.Store
	Now     time.Time
	Out     io.Writer // demo logins are printed here
	// UsersOnly skips demo content (tests that only need the accounts).
	UsersOnly bool
	// gallery hands out the news photos, a different main photo to each
	// story (set by Seed).
	gallery *gallery
}

// Password is the password of every demo account (never used in production:
// demo mode is off unless asked for).
const Password = "demo-password"

// Users are the demo accounts, one per role of SPEC §1. IDs are built from
// 12 digits plus the check digit; they start with 0, never issued to people.
var Users = []struct {
	First12, Name, Unit string
	Role                roles.Role
}{
	{"000000000001", "นกน้อย ใจดี (PR คณะวิทยาศาสตร์)", "science", roles.UnitPR},
	{"000000000002", "สมชาย ขยันยิ่ง (PR คณะครุศาสตร์)", "education", roles.UnitPR},
	{"000000000003", "พลอย ประชาสัมพันธ์ (PR ส่วนกลาง)", "pr", roles.Central},
	{"000000000004", "ดาว บุคลากร (งานการเจ้าหน้าที่)", "hr", roles.HR},
	{"000000000005", "สมศักดิ์ พัสดุ (งานพัสดุ)", "procurement", roles.Procurement},
	{"000000000006", "ณัฐ รับเข้า (งานรับเข้านักศึกษา)", "admissions", roles.Admissions},
}

// CitizenID returns the full demo ID for First12.
func CitizenID(first12 string) string {
	return first12 + string(roles.CitizenIDCheckDigit(first12))
}

// Seed creates the demo users, then the demo content of each content type.
func Seed(ctx context.Context, d Deps) error {
	if !d.UsersOnly {
		// Draw the photos while the accounts' passwords are hashed.
		go photoPool()
	}
	units, err := d.Users.Units(ctx, false)
	if err != nil {
		return err
	}
	byCode := map[string]int64{}
	for _, u := range units {
		byCode[u.Code] = u.ID
	}
	made := map[roles.Role]roles.User{}
	for _, u := range Users {
		cid := CitizenID(u.First12)
		nu, err := d.Users.CreateUser(ctx, roles.UserInput{CitizenID: cid, Name: u.Name, UnitID: byCode[u.Unit], Role: u.Role, Password: Password}, d.Now)
		if err != nil {
			return fmt.Errorf("demo: user %s: %w", u.Name, err)
		}
		if _, ok := made[u.Role]; !ok {
			made[u.Role] = nu
		}
		fmt.Fprintf(d.Out, "demo login: %s %s (%s)\n", cid, Password, u.Role)
	}
	if d.UsersOnly {
		return nil
	}
	d.gallery = newGallery()
	if err := seedNews(ctx, d, made); err != nil {
		return err
	}
	if err := seedChannel(ctx, d, made); err != nil {
		return err
	}
	if err := seedEnglish(ctx, d, made); err != nil {
		return err
	}
	if err := seedFeatured(ctx, d); err != nil {
		return err
	}
	for _, s := range seeders {
		if err := s(ctx, d, made); err != nil {
			return err
		}
	}
	return nil
}

// seeder adds one area's demo content after the news, channel and featured
// picks exist; made holds the first demo user of each role.
type seeder func(ctx context.Context, d Deps, made map[roles.Role]roles.User) error

// seeders run in the order their files declare them (file name order).
var seeders []seeder

// addSeeder declares an area's demo content; it returns true so a file can
// declare it as a package-level variable.
func addSeeder(s seeder) bool {
	seeders = append(seeders, s)
	return true
}
