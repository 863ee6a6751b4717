// Prints the build catalogue (images.json) for the shell scripts beside it, one image per line:
// "<name> <context> <registry>/<repository>[,<registry>/<repository>...]". Kept in Node so the scripts need no jq.
const fs = require('node:fs');
const path = require('node:path');

const catalogue = JSON.parse(fs.readFileSync(path.join(__dirname, 'images.json'), 'utf8'));
const registry = process.env.IMAGE_REGISTRY || catalogue.registry;
for (const image of catalogue.images) {
  process.stdout.write(`${image.name} ${image.context} ${image.repositories.map((r) => `${registry}/${r}`).join(',')}\n`);
}
