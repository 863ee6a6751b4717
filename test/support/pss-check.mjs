// Runs the Pod Security Standards rules of @monokle/validation, with the
// restricted-profile rules switched on, over manifests read as JSON from stdin.
// Prints the findings as JSON. (An ES module: the validator ships only as ESM.)
import { createDefaultMonokleValidator } from '@monokle/validation';

const input = await new Promise((resolve) => {
  let data = '';
  process.stdin.on('data', (chunk) => (data += chunk));
  process.stdin.on('end', () => resolve(data));
});
const manifests = JSON.parse(input);

const validator = createDefaultMonokleValidator();
await validator.preload({ plugins: { 'pod-security-standards': true } });
const rules = validator.rules['pod-security-standards'];
const ruleConfig = Object.fromEntries(rules.map((r) => [`pod-security-standards/${r.name}`, 'err']));
await validator.preload({ plugins: { 'pod-security-standards': true }, rules: ruleConfig });

const resources = manifests.map((content, i) => ({
  id: `r${i}`,
  fileId: `f${i}`,
  filePath: `${content.kind}-${content.metadata?.name}.yaml`,
  fileOffset: 0,
  name: content.metadata?.name ?? '',
  apiVersion: content.apiVersion,
  kind: content.kind,
  namespace: content.metadata?.namespace,
  content,
  text: '',
}));
const response = await validator.validate({ resources });
const findings = response.runs.flatMap((run) =>
  run.results.map((r) => ({
    rule: r.ruleId,
    message: r.message.text,
    object: r.locations?.[1]?.logicalLocations?.[0]?.fullyQualifiedName ?? r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
  })),
);
process.stdout.write(JSON.stringify({ rulesEnabled: rules.map((r) => r.id), findings }));
