import childProcess from 'node:child_process';
import { DataResource, TerraformStack, Testing } from 'cdktf';
import { terraformData } from '../../lib/aws/terraform-data';
import { TERRAFORM_REQUIRED_VERSION } from '../../lib/aws/account-binding';
import { renderAllApps } from '../support/apps';

const stack = () => new TerraformStack(Testing.app(), 'stack');

afterEach(() => jest.restoreAllMocks());

test("cdktf's DataResource checks the Terraform binary on the synthesizing machine (what terraformData leaves out)", () => {
  const execSync = jest.spyOn(childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.3.0\n'));
  const plain = new DataResource(stack(), 'run', { input: { value: 'x' } });
  // Also the tripwire of terraformData: constructs keeps the validations in this field.
  expect(Array.isArray((plain.node as unknown as { _validations?: unknown[] })._validations)).toBe(true);
  expect(plain.node.validate()).toEqual([expect.stringContaining('terraform version 1.3.0 is lower than the required version >=1.4')]);
  expect(execSync).toHaveBeenCalledWith('terraform version', expect.anything());
});

test('terraformData synthesizes terraform_data and runs nothing on the synthesizing machine', () => {
  const execSync = jest.spyOn(childProcess, 'execSync');
  const s = stack();
  terraformData(s, 'run', { input: { value: 'x' } });
  expect(s.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
  expect(execSync).not.toHaveBeenCalled();
  expect(JSON.parse(Testing.synth(s)).resource.terraform_data.run.input).toEqual({ value: 'x' });
});

test('every stack with terraform_data requires a Terraform that has it (1.4 or later), so Terraform checks it at init', () => {
  expect(TERRAFORM_REQUIRED_VERSION).toMatch(/^>= 1\.(1[1-9]|[4-9])\./);
  const withData = renderAllApps()
    .flatMap(({ env }) => env.files.filter((f) => f.path.endsWith('.tf.json')))
    .map((f) => JSON.parse(f.content))
    .filter((tf) => tf.resource?.terraform_data !== undefined);
  expect(withData.length).toBeGreaterThan(0);
  for (const tf of withData) expect(tf.terraform.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
});
