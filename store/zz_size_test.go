package store

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
)

func TestZZSize(t *testing.T) {
	ms := genMembers(benchCommunity, benchMembers, benchSeed)
	var vals, idx, nidx int
	var all bytes.Buffer
	for _, m := range ms {
		v, _ := encode(m)
		vals += len(v)
		all.Write(v)
		for k := range indexKeys(m) {
			idx += len(k)
			nidx++
		}
	}
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest))
	z := enc.EncodeAll(all.Bytes()[:4<<20], nil)
	sn := s2.EncodeSnappy(nil, all.Bytes()[:4<<20])
	t.Logf("values %d MB (avg %d), index keys %d (%d MB, avg %d); 4MB of values: zstd %d KB snappy %d KB", vals>>20, vals/len(ms), nidx, idx>>20, idx/nidx, len(z)>>10, len(sn)>>10)
	t.Logf("%s", all.Bytes()[:900])
}
