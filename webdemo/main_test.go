package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigAddr(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "default", want: defaultAddr},
		{name: "env beats default", env: map[string]string{"EOPS_ADDR": "127.0.0.1:9000"}, want: "127.0.0.1:9000"},
		{name: "flag beats default", args: []string{"-addr", "127.0.0.1:9001"}, want: "127.0.0.1:9001"},
		{
			name: "flag beats env",
			args: []string{"-addr=127.0.0.1:9002"},
			env:  map[string]string{"EOPS_ADDR": "127.0.0.1:9000"},
			want: "127.0.0.1:9002",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			got, err := config(tt.args, getenv, io.Discard)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestConfigRejectsBadArgs(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-addr", ""}} {
		_, err := config(args, noEnv, io.Discard)
		assert.Error(t, err, "args %q", args)
	}
}
