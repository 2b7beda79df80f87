// Runs the compiled page (clients/check.sh compiles src/page.ts into build/) against a live service.
import { renderAll } from "./build/page.js";

const baseUrl = process.argv[2];
for (const line of await renderAll(baseUrl)) {
  console.log(`  ${line.replace(/\s+/g, " ").slice(0, 160)}`);
}
