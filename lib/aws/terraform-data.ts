import { DataResource, DataConfig } from 'cdktf';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { Construct, IValidation } from 'constructs';

/**
 * Terraform's built-in `terraform_data` resource (cdktf's `DataResource`), without the check cdktf attaches to it.
 *
 * cdktf's `DataResource` adds a construct validation that runs `terraform version` through a shell on the machine that
 * synthesizes and fails unless it prints 1.4 or later. Synthesis must not need Terraform (a fresh clone runs
 * `npm run synth` with Node.js alone; without Terraform installed every app with a database user task failed), and the
 * machine that synthesizes is not the one that applies. The version is enforced where it matters: every stack declares
 * `terraform.required_version` (`TERRAFORM_REQUIRED_VERSION`, 1.11 or later, above the 1.4 that `terraform_data`
 * needs), which Terraform itself checks at `init`, `plan` and `apply`. Every other validation stays.
 */
export function terraformData(scope: Construct, id: string, config: DataConfig): DataResource {
  const resource = new DataResource(scope, id, config);
  const node = resource.node as unknown as { _validations?: IValidation[] };
  // constructs keeps a node's validations in this field (constructs 10.x); test/aws/terraform-data.test.ts fails if not.
  if (Array.isArray(node._validations)) node._validations = node._validations.filter((v) => !(v instanceof ValidateTerraformVersion));
  return resource;
}
