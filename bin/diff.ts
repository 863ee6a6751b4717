import { diffCommand } from '../lib/review/commands';

// `npm run diff -- <base-dist> [<head-dist>] [--allow-destructive]`
process.exitCode = diffCommand(process.argv.slice(2));
