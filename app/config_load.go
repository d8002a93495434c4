package app

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"agora"
)

// This file builds a Config from its sources: defaults, the config file, the
// AGORA_* environment and the flags.

// Load builds the effective configuration of a subcommand that runs the server.
// It defines --config and one flag per key on fs (the caller may define further
// flags of its own first, but none of these names), parses args, and applies,
// lowest precedence first: Defaults, the config file (named by --config, else by
// AGORA_CONFIG), the AGORA_* environment, then the flags actually given in args.
// A flag left at its default does not override the file or the environment.
// getenv is os.Getenv in production; nil means an empty environment. An
// environment variable set to "" counts as unset.
//
// The result is validated. It returns the positional arguments left after the
// flags. Every error is an *agora.Error with code EINVALID whose message names
// the key, flag or variable, where the value came from and what is allowed;
// unknown flags and unknown file keys are errors. A request for help (-h) is
// such an error wrapping flag.ErrHelp.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	return load(fs, args, getenv, func(*setting) bool { return true })
}

// LoadDataFlags is Load for subcommands that only touch data (account create,
// token create, ...): it defines just --config and --db on fs, so those
// subcommands share them with the server and may define their own flags beside
// them. The file and the environment still apply to every key, and the result
// is validated as a whole.
func LoadDataFlags(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, []string, error) {
	return load(fs, args, getenv, func(s *setting) bool { return s.key == "db" })
}

func load(fs *flag.FlagSet, args []string, getenv func(string) string, withFlag func(*setting) bool) (Config, []string, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	def := Defaults()
	configFlag := fs.String("config", "", "read settings from `file` (env AGORA_CONFIG)")
	byFlag := make(map[string]*setting)
	for i := range settings {
		s := &settings[i]
		if !withFlag(s) {
			continue
		}
		fs.Var(&rawValue{s: s.get(&def)}, s.flagName(), s.usage+" (env "+s.envName()+")")
		byFlag[s.flagName()] = s
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, nil, &agora.Error{Code: agora.EINVALID, Message: "Help requested.", Err: err}
		}
		return Config{}, nil, agora.Errorf(agora.EINVALID, "Bad command line: %v. Run with -h to list the flags.", err)
	}

	c := def
	sources := make(map[string]string) // key -> where its value came from
	path, via := *configFlag, "--config"
	if path == "" {
		path, via = getenv("AGORA_CONFIG"), "AGORA_CONFIG"
	}
	if path != "" {
		if err := c.loadFile(path, via, sources); err != nil {
			return Config{}, nil, err
		}
	}
	if err := c.loadEnv(getenv, sources); err != nil {
		return Config{}, nil, err
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if s := byFlag[f.Name]; s != nil && err == nil {
			err = c.apply(s, f.Value.String(), "flag --"+f.Name, sources)
		}
	})
	if err != nil {
		return Config{}, nil, err
	}
	if err := c.validate(sources); err != nil {
		return Config{}, nil, err
	}
	return c, fs.Args(), nil
}

// rawValue is a flag.Value that keeps the text as given; parsing happens when
// the flag is applied, after the file and the environment.
type rawValue struct{ s string }

func (v *rawValue) String() string {
	if v == nil {
		return ""
	}
	return v.s
}

func (v *rawValue) Set(s string) error { v.s = s; return nil }

// apply sets one key from one source and records the source.
func (c *Config) apply(s *setting, v, source string, sources map[string]string) error {
	if err := s.set(c, v); err != nil {
		shown := v
		if s.secret {
			shown = maskSecret(v)
		}
		return agora.Errorf(agora.EINVALID, "%s = %q (from %s): %v.", s.key, shown, source, err)
	}
	sources[s.key] = source
	return nil
}

// loadEnv applies AGORA_<KEY>, and for secrets AGORA_<KEY>_FILE, for every key.
func (c *Config) loadEnv(getenv func(string) string, sources map[string]string) error {
	for i := range settings {
		s := &settings[i]
		name := s.envName()
		v, source := getenv(name), name
		if s.secret {
			fileVar := name + "_FILE"
			if path := getenv(fileVar); path != "" {
				if v != "" {
					return agora.Errorf(agora.EINVALID, "Both %s and %s are set; set only one of them.", name, fileVar)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return &agora.Error{Code: agora.EINVALID, Err: err,
						Message: fmt.Sprintf("%s names %q, which cannot be read: %v.", fileVar, path, causeOf(err))}
				}
				v = strings.TrimRight(string(b), "\r\n")
				if v == "" {
					return agora.Errorf(agora.EINVALID, "%s names %q, which is empty; put the value of %s in it.", fileVar, path, s.key)
				}
				source = fileVar
			}
		}
		if v == "" {
			continue
		}
		if err := c.apply(s, v, source, sources); err != nil {
			return err
		}
	}
	return nil
}

// loadFile reads the config file at path, named by via (a flag or variable).
func (c *Config) loadFile(path, via string, sources map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return &agora.Error{Code: agora.EINVALID, Err: err,
			Message: fmt.Sprintf("Config file %q (from %s) cannot be read: %v.", path, via, causeOf(err))}
	}
	entries, err := parseFile(path, data)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := c.apply(lookupSetting(e.key), e.value, fmt.Sprintf("%s:%d", path, e.line), sources); err != nil {
			return err
		}
	}
	return nil
}

// causeOf strips the operation and path from a file error, which the caller's
// message already names.
func causeOf(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
