package orders

import "strings"

func stringsReplacer(kv ...string) *strings.Replacer { return strings.NewReplacer(kv...) }
