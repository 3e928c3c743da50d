// Command newsroom is the university news CMS: the web server (serve, the
// default) and the operator's tools (user, backup, traffic).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "newsroom:", err)
		os.Exit(exitCode(err))
	}
}
