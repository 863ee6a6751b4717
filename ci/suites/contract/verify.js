// Verifies consumer-driven contracts (*.consumer.json beside this file, a small subset of the Pact format:
// request method and path; response status, an exact body or the types of its keys) against a provider's
// live entry point. A contract applies to the environments its "environments" globs match; others are skipped
// with a message. Usage: node verify.js <env> <url>... (Node 18+: global fetch.)
const fs = require('node:fs');
const path = require('node:path');

const [env, ...urls] = process.argv.slice(2);
const glob = (g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
const typeOf = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

async function main() {
  let failures = 0;
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.consumer.json')).sort()) {
    const contract = JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8'));
    const name = `${contract.consumer.name} -> ${contract.provider.name}`;
    if (!contract.environments.some((g) => glob(g).test(env))) {
      console.log(`skip  ${name}: ${env} does not run ${contract.provider.name}`);
      continue;
    }
    for (const base of urls) {
      for (const i of contract.interactions) {
        const url = new URL(i.request.path, base).toString();
        let problem;
        try {
          const res = await fetch(url, { method: i.request.method, signal: AbortSignal.timeout(10000) });
          const text = await res.text();
          if (res.status !== i.response.status) problem = `status ${res.status}, expected ${i.response.status}`;
          else if (i.response.body !== undefined || i.response.bodyKeys !== undefined) {
            const body = JSON.parse(text);
            if (i.response.body !== undefined && JSON.stringify(body) !== JSON.stringify(i.response.body))
              problem = `body ${text.trim()}, expected ${JSON.stringify(i.response.body)}`;
            for (const [k, t] of Object.entries(i.response.bodyKeys ?? {}))
              if (typeOf(body[k]) !== t) problem = `body.${k} is ${typeOf(body[k])}, expected ${t}`;
          }
        } catch (err) {
          problem = err.message;
        }
        console.log(`${problem ? 'FAIL' : 'ok  '}  ${name}: ${i.description} (${i.request.method} ${url})${problem ? `: ${problem}` : ''}`);
        if (problem) failures++;
      }
    }
  }
  if (failures > 0) {
    console.error(`contract: ${failures} interaction(s) broken on ${env}. Fix: the provider broke a consumer's contract; change the provider, or agree a new contract with the consumer first`);
    process.exit(1);
  }
}
main();
