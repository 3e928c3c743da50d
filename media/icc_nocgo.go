//go:build !cgo

package media

import "image"

// Without cgo there is no colour management: the pixels are kept as they
// are and the profile is dropped, as before issue 10. The cgo build (the one
// we ship, with lcms2) converts them; see icc.go.

type iccResult int

const (
	iccConverted iccResult = iota
	iccIsSRGB
	iccUnusable
)

func toSRGB(img *image.NRGBA, profile []byte) iccResult { return iccUnusable }
