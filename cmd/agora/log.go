package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"agora/translog"
	"agora/translogapi/client"
)

// logCmd runs `agora log verify`, which checks the transparency log of a running
// instance from outside, as anyone can, `agora log check`, which proves that a
// refusal is on that record, and `agora log witness`, which cosigns it
// (docs/TRANSPARENCY.md).
func logCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "witness" {
		return logWitness(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "check" {
		return logCheck(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "verify" {
		return fmt.Errorf("%w: agora log verify --url URL [--state FILE] [--key KEY] [--all]", errUsage)
	}
	fs := newFlagSet("log verify", stderr)
	base := fs.String("url", "", "base `URL` of the instance, e.g. https://social.example")
	statePath := fs.String("state", "", "`file` keeping the pinned key and the last verified checkpoint between runs (default: none, verify from scratch)")
	key := fs.String("key", "", "the log's verifier `key` (default: the one pinned in --state, else the one the log publishes, pinned from then on)")
	all := fs.Bool("all", false, "check every entry again, not only those added since the state's checkpoint")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *base == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: agora log verify --url URL [--state FILE] [--key KEY] [--all]", errUsage)
	}
	var st translog.State
	if *statePath != "" {
		var err error
		if st, err = readLogState(*statePath); err != nil {
			return err
		}
	}
	f := client.New(*base, &http.Client{Timeout: time.Minute})
	next, rep, err := translog.Verify(ctx, f, st, translog.VerifyOptions{Key: *key, All: *all})
	if err != nil {
		// The whole text, which names the entry, and exit status 1 whatever
		// the cause (not the usage status an EINVALID would give).
		return errors.New("log verify: " + err.Error())
	}
	if *statePath != "" {
		if err := writeLogState(*statePath, next); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "checkpoint: %d entries, signed by %s\n", rep.Size, next.Key)
	if rep.OldSize > 0 {
		fmt.Fprintf(stdout, "consistent with the checkpoint of %d entries verified before\n", rep.OldSize)
	}
	if rep.Entries > 0 {
		fmt.Fprintf(stdout, "entries %d to %d: each included in the tree\n", rep.Size-rep.Entries, rep.Size-1)
	} else {
		fmt.Fprintln(stdout, "no new entries")
	}
	fmt.Fprintf(stdout, "openings: %d verified against their commitments, %d entries still sealed\n", rep.Opened, rep.Sealed)
	fmt.Fprintln(stdout, "ok")
	return nil
}

// readLogState reads the state file; a missing file is a first run.
func readLogState(path string) (translog.State, error) {
	var st translog.State
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	} else if err != nil {
		return st, fmt.Errorf("read state: %w", err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("read state %s: %w", path, err)
	}
	return st, nil
}

// writeLogState replaces the state file at once (through a temporary file).
func writeLogState(path string, st translog.State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".agora-log-state-*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if err2 := tmp.Close(); err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

const witnessUsage = "agora log witness --log URL --key FILE --state FILE [--name NAME] [--log-key KEY]"

// logWitness verifies the log as `agora log verify` does, against the last
// checkpoint this witness saw (its state), and only when that succeeds cosigns
// the new checkpoint (C2SP tlog-cosignature) and sends it to the log.
func logWitness(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("log witness", stderr)
	base := fs.String("log", "", "base `URL` of the instance whose log to witness")
	keyFile := fs.String("key", "", "`file` of the witness's signing key, made (mode 0600) when missing")
	statePath := fs.String("state", "", "`file` keeping the log's pinned key and the last checkpoint this witness cosigned")
	host, _ := os.Hostname()
	name := fs.String("name", host+"/agora-witness", "the witness's `name`, when its key is made")
	logKey := fs.String("log-key", "", "the log's verifier `key` (default: pinned in --state, else the one the log publishes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *base == "" || *keyFile == "" || *statePath == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: %s", errUsage, witnessUsage)
	}
	skey, vkey, err := translog.LoadOrCreateWitnessKey(*keyFile, *name)
	if err != nil {
		return err
	}
	cosigner, err := translog.NewCosigner(skey)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "witness key: %s\n", vkey)
	st, err := readLogState(*statePath)
	if err != nil {
		return err
	}
	c := client.New(*base, &http.Client{Timeout: time.Minute})
	next, rep, err := translog.Verify(ctx, c, st, translog.VerifyOptions{Key: *logKey})
	if err != nil {
		return errors.New("refusing to cosign: " + err.Error())
	}
	cosigned, err := translog.Cosign([]byte(next.Checkpoint), next.Key, cosigner)
	if err != nil {
		return err
	}
	if err := c.PostCosignature(ctx, cosigned); err != nil {
		return fmt.Errorf("send the cosignature: %w", err)
	}
	if err := writeLogState(*statePath, next); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "cosigned the checkpoint of %d entries (consistent with the %d seen before)\n", rep.Size, rep.OldSize)
	return nil
}
