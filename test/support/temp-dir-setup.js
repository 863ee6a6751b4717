// Every temporary folder the tests make (fixtures, fake binaries, replayed CI workspaces) goes
// under one folder per run, removed when the run ends, so test runs leave nothing behind.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-test-run-'));
  // Workers start after this and inherit the variable; os.tmpdir() reads it on every call.
  process.env.TMPDIR = dir;
  process.env.OMS_TEST_RUN_TMPDIR = dir;
};
