import { applyCommand } from '../lib/review/commands';

// `npm run apply -- <env> [--dry-run]`, `npm run teardown -- <env> [--dry-run]`
process.exitCode = applyCommand(process.argv.slice(2));
