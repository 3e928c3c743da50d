// Package textdiff (temporary stub until the real package is merged).
package textdiff

import (
	"html/template"
	"strings"
)

type Op int

const (
	Equal Op = iota
	Insert
	Delete
)

type Span struct {
	Op   Op
	Text string
}

func Diff(a, b string) []Span {
	if a == b {
		return []Span{{Equal, a}}
	}
	return []Span{{Delete, a}, {Insert, b}}
}

func HTML(spans []Span) template.HTML {
	var sb strings.Builder
	for _, s := range spans {
		t := template.HTMLEscapeString(s.Text)
		switch s.Op {
		case Insert:
			sb.WriteString("<ins>" + t + "</ins>")
		case Delete:
			sb.WriteString("<del>" + t + "</del>")
		default:
			sb.WriteString(t)
		}
	}
	return template.HTML(sb.String())
}

func Changed(spans []Span) bool {
	for _, s := range spans {
		if s.Op != Equal {
			return true
		}
	}
	return false
}
