package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"agora/legal/dsa"
)

// dsaCmd: agora dsa check --rules FILE BATCH.json ...
//
// It checks batches of statements of reasons, as GET /api/v1/legal/export/dsa
// answers them (bodies of the database's POST /api/v1/statements), against the
// DSA Transparency Database's rules in dsa-sor-rules.json, before they are
// sent: every problem is printed, naming the statement and the field, and the
// exit code is 1.
func dsaCmd(args []string, stdout, stderr io.Writer) error {
	const use = "agora dsa check --rules dsa-sor-rules.json BATCH.json ..."
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := newFlagSet("dsa check", stderr)
	rulesPath := fs.String("rules", "", "the database's rules, a dsa-sor-rules.json `file`")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *rulesPath == "" {
		return fmt.Errorf("%w: --rules is required: %s", errUsage, use)
	}
	rules, err := dsa.LoadRules(*rulesPath)
	if err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return fmt.Errorf("%w: no batch to check: %s", errUsage, use)
	}
	failed := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		var b struct {
			Statements []json.RawMessage `json:"statements"`
		}
		_ = json.Unmarshal(data, &b)
		if err := rules.CheckBatch(data); err != nil {
			failed++
			var inv *dsa.Invalid
			if errors.As(err, &inv) {
				for _, p := range inv.Problems {
					fmt.Fprintf(stdout, "%s: %s\n", name, p)
				}
				continue
			}
			fmt.Fprintf(stdout, "%s: %v\n", name, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: %d statements valid\n", name, len(b.Statements))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d batches are not valid", failed, len(files))
	}
	return nil
}
