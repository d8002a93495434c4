package main

import (
	"fmt"
	"io"

	"agora/app"
	"agora/translog"
)

func configCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "dump" {
		return fmt.Errorf("%w: agora config dump [--config FILE] [flags as for serve]", errUsage)
	}
	cfg, _, err := app.Load(newFlagSet("config dump", stderr), args[1:], getenv)
	if err != nil {
		return err
	}
	if err := cfg.Dump(stdout); err != nil {
		return err
	}
	// The verifier key of the transparency log, once the server has made its key.
	if _, vkey, err := translog.LoadKey(cfg.LogKeyPath()); err == nil {
		fmt.Fprintf(stdout, "# transparency log verifier key (published at /transparency/log/key): %s\n", vkey)
	}
	return nil
}
