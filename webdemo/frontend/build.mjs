// Builds the web app's front end from the packages in node_modules (npm ci):
// compiles src/site.scss, GOV.UK Frontend with our font stack and brand, to
// ../app/static/site.css, and copies GOV.UK Frontend's script and the images
// its styles use into ../app/static/. Everything it writes is committed, so
// running the app needs no Node; CI runs it and fails if anything changed
// (docs/frontend.md).
import { mkdirSync, copyFileSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, "..", "app", "static");
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");

const css = sass.compile(join(here, "src", "site.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  sourceMap: false,
});
const version = JSON.parse(readFileSync(join(here, "node_modules", "govuk-frontend", "package.json"), "utf8")).version;
writeFileSync(
  join(staticDir, "site.css"),
  `/* Built by webdemo/frontend (npm run build) from src/site.scss and GOV.UK Frontend ${version} (MIT). Do not edit. */\n` +
    // Sass starts compressed output holding non-ASCII with a byte order
    // mark; after our comment it would spoil the first rule.
    css.css.replace(/^\uFEFF/, "") +
    "\n",
);

// GOV.UK Frontend's script, an ES module, and its licence.
const vendor = join(staticDir, "vendor");
mkdirSync(vendor, { recursive: true });
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(vendor, "govuk-frontend.min.js"));
// The package ships no licence file; its README says MIT, Crown copyright.
copyFileSync(join(here, "govuk-frontend.LICENSE"), join(vendor, "govuk-frontend.LICENSE"));

// The images the compiled styles refer to (none of the fonts: see
// src/site.scss). Each url() in the CSS must be one of them. The crest is
// the Royal Coat of Arms, for GOV.UK only: only the footer's Crown copyright
// logo uses it, which our footer does not show, so it is not served.
const gdsOnly = new Set(["images/govuk-crest.svg"]);
const images = [...css.css.matchAll(/url\(["']?([^"')]+)["']?\)/g)]
  .map((m) => m[1])
  .filter((u) => !u.startsWith("data:") && !gdsOnly.has(u));
for (const image of new Set(images)) {
  if (!image.startsWith("images/")) {
    throw new Error(`site.css refers to ${image}, which is not one of GOV.UK Frontend's images`);
  }
  mkdirSync(join(staticDir, "images"), { recursive: true });
  copyFileSync(join(govuk, "assets", image), join(staticDir, image));
}
console.log(`site.css: ${css.css.length} bytes; images: ${[...new Set(images)].join(", ") || "none"}`);
