package main

import (
	"io"

	"newsroom/app"
)

// Config is every setting (package app parses and validates it).
type Config = app.Config

// setting is one option of app.Settings, for the tools' own flag handling.
type setting struct {
	flag, env, def, help string
}

var settings = func() []setting {
	ss := make([]setting, len(app.Settings))
	for i, s := range app.Settings {
		ss[i] = setting{s.Flag, s.Env, s.Default, s.Help}
	}
	return ss
}()

// parseConfig reads defaults, then the environment, then flags (flags win).
// It returns the remaining arguments.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	return app.ParseConfig(name, args, getenv, stderr)
}

// usageError marks bad command lines (exit code 2).
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }
