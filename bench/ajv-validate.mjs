// Validates every data file under a corpus folder with ajv 8 (draft 2020-12,
// formats on) against the generated schemas: schema only, no semantic rules.
// Exit 1 if any file is invalid. Usage: node ajv-validate.mjs SCHEMA_DIR DATA_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaDir, dataDir] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// schemars marks u32 fields with this format; check it rather than ignore it.
ajv.addFormat("uint32", { type: "number", validate: (n) => Number.isInteger(n) && n >= 0 && n <= 4294967295 });
const compile = (name) => ajv.compile(JSON.parse(readFileSync(join(schemaDir, name), "utf8")));
const article = compile("article.schema.json");
const entities = compile("entities.schema.json");
const manifest = compile("manifest.schema.json");

let files = 0, invalid = 0;
const check = (validate, path) => {
  files++;
  let doc;
  try { doc = JSON.parse(readFileSync(path, "utf8")); } catch { invalid++; return; }
  if (!validate(doc)) invalid++;
};
check(manifest, join(dataDir, "manifest.json"));
check(entities, join(dataDir, "entities.json"));
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".json")) check(article, path);
  }
};
walk(join(dataDir, "articles"));
console.log(`ajv: ${files} files, ${invalid} invalid`);
process.exit(invalid ? 1 : 0);
