import { Problem, storageQuantityViolation, suggestStorageQuantity, toDns1123Label } from '../../core';
import { memoizedByString } from '../../core/memo';

const PATH = /^\/[A-Za-z0-9._/-]*$/;

/** Options of a container filesystem. */
export interface FilesystemOptions {
  /** Directories that start empty and are writable (emptyDir volumes), e.g. `/tmp`. @default ['/tmp'] */
  readonly scratch?: readonly string[];
  /**
   * Directories that must be writable but start with the image's own files:
   * an init container on the same image copies them into an emptyDir before
   * the server starts. Only with a read-only root. @default none
   */
  readonly seeded?: readonly string[];
  /** Size limit of each writable volume. @default '1Gi' */
  readonly sizeLimit?: string;
}

/**
 * How a workload's container sees its filesystem: a read-only root with
 * writable volumes where the software writes (the hardened choice), or the
 * image's writable root (what some vendor start scripts expect). Pod Security
 * "restricted" allows both; the choice is visible in the props and per workload.
 */
export class Filesystem {
  /** A read-only root; `scratch` paths start empty, `seeded` paths start with the image's content. */
  public static readOnlyRoot(options: FilesystemOptions = {}): Filesystem {
    return new Filesystem(true, options.scratch ?? ['/tmp'], options.seeded ?? [], options.sizeLimit ?? '1Gi');
  }

  /** The image's root stays writable, as the image's vendor runs it; `scratch` paths still get their own volumes. */
  public static writableRoot(options: Omit<FilesystemOptions, 'seeded'> = {}): Filesystem {
    return new Filesystem(false, options.scratch ?? ['/tmp'], [], options.sizeLimit ?? '1Gi');
  }

  private constructor(
    /** Whether the root filesystem is read-only. */
    public readonly readOnlyRoot: boolean,
    /** Writable directories that start empty. */
    public readonly scratch: readonly string[],
    /** Writable directories seeded from the image. */
    public readonly seeded: readonly string[],
    /** Size limit of each volume. */
    public readonly sizeLimit: string,
  ) {}

  /** Every writable path with the name of its volume. */
  public volumes(): { readonly name: string; readonly path: string; readonly seeded: boolean }[] {
    return [
      ...this.scratch.map((path) => ({ name: volumeName('scratch', path), path, seeded: false })),
      ...this.seeded.map((path) => ({ name: volumeName('seed', path), path, seeded: true })),
    ];
  }

  /** Every problem; `property` prefixes the messages. */
  public validate(property: string): Problem[] {
    const problems: Problem[] = [];
    const all = [...this.scratch, ...this.seeded];
    for (const path of all) {
      if (typeof path !== 'string' || !PATH.test(path) || path === '/' || path.split('/').includes('..'))
        problems.push({
          property,
          rule: 'must list absolute directories other than "/" (letters, digits, ".", "_", "-" and "/")',
          value: path,
          fix: 'write e.g. "/tmp" or "/opt/app/logs"',
        });
    }
    if (storageQuantityViolation(this.sizeLimit))
      problems.push({
        property: `${property}.sizeLimit`,
        rule: 'must be a Kubernetes quantity such as "1Gi" or "500Mi" (suffixes Ki, Mi, Gi, Ti or k, M, G, T; no "B")',
        value: this.sizeLimit,
        fix: `use e.g. "${suggestStorageQuantity(this.sizeLimit).replace('20Gi', '1Gi')}"`,
      });
    const seen = new Map<string, string>();
    for (const { name, path } of this.volumes()) {
      const other = seen.get(name);
      if (other !== undefined)
        problems.push({
          property,
          rule: other === path ? 'must not list a path twice' : `must not list paths that differ only in punctuation (${other})`,
          value: path,
          fix: `remove or rename "${path}"`,
        });
      seen.set(name, path);
    }
    return problems;
  }
}

// Pure functions of the path, asked for every pod template of every workload: remembered per path.
const scratchVolumeName = memoizedByString((path: string) => toDns1123Label(`scratch-${path}`));
const seedVolumeName = memoizedByString((path: string) => toDns1123Label(`seed-${path}`));

function volumeName(kind: 'scratch' | 'seed', path: string): string {
  return kind === 'scratch' ? scratchVolumeName(path) : seedVolumeName(path);
}
