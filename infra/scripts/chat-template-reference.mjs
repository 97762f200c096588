// Renders every conversation of conversations.json with each fixture's chat template using @huggingface/jinja
// (the JavaScript Jinja implementation Hugging Face ships for chat templates), and writes expected.json beside
// each template: the reference the C# interpreter is tested against.
// Usage: node chat-template-reference.mjs <node_modules dir> <fixtures dir>
import { readFileSync, readdirSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const [modules, fixtures] = process.argv.slice(2);
const require = createRequire(join(modules, "noop.js"));
const { Template } = require("@huggingface/jinja");
const { variables: shared, conversations } = JSON.parse(readFileSync(join(fixtures, "conversations.json"), "utf8"));
const tokenFields = ["bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token"];

for (const name of readdirSync(fixtures).sort()) {
  const folder = join(fixtures, name);
  if (!statSync(folder).isDirectory()) continue;
  const config = JSON.parse(readFileSync(join(folder, "tokenizer_config.json"), "utf8"));
  const special = {};
  for (const field of tokenFields) {
    const value = config[field];
    if (typeof value === "string") special[field] = value;
    else if (value && typeof value.content === "string") special[field] = value.content;
  }
  const template = new Template(config.chat_template);
  const renderings = conversations.map((c) => ({
    conversation: c.name,
    text: template.render({
      ...special,
      messages: c.messages,
      add_generation_prompt: c.add_generation_prompt,
      tools: null,
      documents: null,
      ...shared,
      ...(c.variables ?? {}),
    }),
  }));
  writeFileSync(join(folder, "expected.json"), JSON.stringify({ renderer: "@huggingface/jinja", renderings }, null, 2) + "\n");
  console.log(`${name}: ${renderings.length} renderings`);
}
