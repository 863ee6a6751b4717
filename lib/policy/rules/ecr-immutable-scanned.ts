import { PolicyRule, resourcesOf } from '../types';

/** ECR repositories have immutable tags, scan on push, and a lifecycle policy. */
export const ecrImmutableScanned: PolicyRule = {
  id: 'ecr-immutable-scanned',
  description: 'ECR: immutable tags, scan on push, a lifecycle policy',
  fix: 'create repositories with OmsEcrRepositories (immutable tags, scan on push, lifecycle policy) and remove overrides of those settings',
  check(tf) {
    const withPolicy = new Set(resourcesOf(tf, 'aws_ecr_lifecycle_policy').map(([, p]) => String(p.repository)));
    return resourcesOf(tf, 'aws_ecr_repository').flatMap(([name, repo]) => {
      const problems: string[] = [];
      if (repo.image_tag_mutability !== 'IMMUTABLE') problems.push('tags are mutable');
      if (repo.image_scanning_configuration?.scan_on_push !== true) problems.push('no scan on push');
      if (![...withPolicy].some((r) => r.includes(`aws_ecr_repository.${name}.`))) problems.push('no lifecycle policy');
      return problems.map((message) => ({ rule: this.id, resource: `aws_ecr_repository.${name}`, message }));
    });
  },
};
