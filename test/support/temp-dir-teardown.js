// Removes the run's temporary folder (see temp-dir-setup.js).
const fs = require('node:fs');

module.exports = async function teardown() {
  const dir = process.env.OMS_TEST_RUN_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
