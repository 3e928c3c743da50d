package content

import (
	"context"
	"fmt"
	"time"

	"newsroom"
	"newsroom/kind"
)

// Toy is a throwaway content kind (a title and an image) that shows what
// adding a kind takes.
type Toy struct {
	Meta
	Title    string
	ImageKey string
}

// ToyKind declares toys: status, trash and takedown, one file column.
var ToyKind = kind.Register(&kind.Kind{
	Name: "toy", Table: "toys", Section: "toys", Edit: "/admin/toys/{ref}/edit",
	Label: "kind.toy", Use: "use.toy", Title: "title", Action: "toy",
	Features: kind.Status | kind.Trash | kind.Takedown,
	Files:    []kind.Files{{Table: "toys", Column: "image_key"}},
})

// ToyInput is what the toy form submits.
type ToyInput struct {
	MetaInput
	Title    string
	ImageKey string
}

// Validate checks the form.
func (in *ToyInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	in.Title = validHeadline(fe, "title", in.Title)
	return fe.Err()
}

const toyCols = metaCols + `, x.title, x.image_key`

const toyFrom = ` FROM toys x JOIN units u ON u.id = x.unit_id`

func scanToy(r interface{ Scan(...any) error }) (Toy, error) {
	var t Toy
	err := scanWith(r, &t.Meta, &t.Title, &t.ImageKey)
	return t, err
}

// Toy returns one toy.
func (s *Store) Toy(ctx context.Context, id int64) (Toy, error) {
	t, err := scanToy(s.db.R.QueryRowContext(ctx, `SELECT `+toyCols+toyFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Toy{}, notFound(fmt.Sprintf("toy %d", id), err)
	}
	return t, nil
}

// SaveToy creates (current.ID == 0) or updates a toy; its image is a
// banner-sized upload of this user (or the current one).
func (s *Store) SaveToy(ctx context.Context, current Toy, in ToyInput, by Author, now time.Time) (int64, error) {
	if err := s.validate(ctx, ToyKind.Table, current.ID, in.UnitID, in.Validate); err != nil {
		return 0, err
	}
	return s.save(ctx, saveSpec{table: ToyKind.Table, id: current.ID, in: in.MetaInput,
		file: fileRef{kind: "banner", key: in.ImageKey, current: PendingFile{Key: current.ImageKey}, field: "image", errKey: "err.banner_image"},
		columns: func(f PendingFile) ([]string, []any) {
			return []string{"title", "image_key"}, []any{in.Title, f.Key}
		}}, by, now)
}

// ListToys returns a page of the admin list, newest first.
func (s *Store) ListToys(ctx context.Context, f ListFilter) ([]Toy, int, error) {
	conds, args := f.where()
	return queryList(ctx, s, ToyKind.Table, toyCols, toyFrom, conds, args, "x.created_at DESC, x.id DESC", f.limit(), f.Offset, scanToy)
}
