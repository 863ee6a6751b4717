import { TerraformStack } from 'cdktf';

/** A file of synthesized Terraform, relative to the environment's output folder. */
export interface RenderedTerraformFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Validates a stack and renders it as Terraform JSON in memory (nothing is
 * written), so synthesis of all environments can stay atomic.
 */
export function renderTerraform(stack: TerraformStack): RenderedTerraformFile[] {
  stack.runAllValidations();
  return [{ path: 'aws/main.tf.json', content: `${JSON.stringify(stack.toTerraform(), null, 2)}\n` }];
}
