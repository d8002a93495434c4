package main

import (
	"fmt"
	"io"

	"agora/app"
)

func configCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "dump" {
		return fmt.Errorf("%w: agora config dump [--config FILE] [flags as for serve]", errUsage)
	}
	cfg, _, err := app.Load(newFlagSet("config dump", stderr), args[1:], getenv)
	if err != nil {
		return err
	}
	return cfg.Dump(stdout)
}
