import { Lazy, Tokenization } from 'cdktf';
import { OmsAwsStack } from '../../lib/aws';
import { renderTerraform } from '../../lib/aws/render';
import { withoutTokenCreationStacks } from '../../lib/aws/token-stacks';

const account = { accountId: '111122223333', region: 'eu-west-1' };
const stackProps = {
  environment: 'staging',
  stage: 'staging' as const,
  account,
  state: { bucket: 'state-bucket' },
  network: { cidr: '10.40.0.0/16' },
  clusterAccess: { adminRoleArns: ['arn:aws:iam::111122223333:role/admin'], ciRoleArn: 'arn:aws:iam::111122223333:role/ci' },
  databaseToolsImage: 'registry.example.com/platform/db-tools:1.4.0',
};

/** The creation stack of a token cdktf makes now (a Lazy value, as resources make for their attributes). */
const creationStackOfNewToken = (): string[] =>
  Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken!.creationStack;

describe("cdktf's token creation stacks while apps render", () => {
  const saved = process.env.OMS_TOKEN_STACKS;
  afterEach(() => {
    if (saved === undefined) delete process.env.OMS_TOKEN_STACKS;
    else process.env.OMS_TOKEN_STACKS = saved;
  });

  // Tripwire: cdktf reads its capture from the private module's exports at each call. When an upgrade
  // changes that, this fails (the swap would silently stop saving anything).
  test('inside, new tokens have an empty creation stack; before and after, cdktf records it', () => {
    delete process.env.OMS_TOKEN_STACKS;
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
    expect(withoutTokenCreationStacks(creationStackOfNewToken)).toEqual([]);
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
  });

  test("cdktf's capture is back after an error too", () => {
    delete process.env.OMS_TOKEN_STACKS;
    expect(() =>
      withoutTokenCreationStacks(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
  });

  test('OMS_TOKEN_STACKS=1 keeps the stacks', () => {
    process.env.OMS_TOKEN_STACKS = '1';
    expect(withoutTokenCreationStacks(creationStackOfNewToken).length).toBeGreaterThan(0);
  });

  test('the Terraform is the same, byte for byte, with and without the stacks', () => {
    delete process.env.OMS_TOKEN_STACKS;
    const render = () => renderTerraform(OmsAwsStack.standalone(stackProps));
    const without = withoutTokenCreationStacks(render);
    expect(without).toEqual(render());
  });
});
