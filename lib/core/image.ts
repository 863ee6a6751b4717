import { memoizedByString } from './memo';

/** A container image reference split into its parts. */
export interface ImageReference {
  /** Registry and repository, e.g. `registry.example.com/oms/om-app`. */
  readonly repository: string;
  /** The tag, when given. */
  readonly tag?: string;
  /** The digest (`sha256:<64 hex>`), when given. */
  readonly digest?: string;
}

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** Splits an image reference into repository, tag and digest. */
export function parseImage(ref: string): ImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  // A colon after the last "/" separates the tag; a colon before it belongs to a registry port.
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  const repository = colon >= 0 ? rest.slice(0, colon) : rest;
  return { repository, tag, digest };
}

/**
 * The rule an image reference breaks as a pinned image, or `undefined` when it
 * is pinned. Pinned means a digest, or a tag other than `latest`. (A pure function of the string, asked for
 * every workload: remembered per reference.)
 */
export const unpinnedImageViolation: (ref: string) => string | undefined = memoizedByString(function unpinnedImageViolation(ref) {
  if (typeof ref !== 'string' || ref.length === 0 || /\s/.test(ref)) return 'must be an image reference without spaces';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return 'must not start with a URL scheme (write registry/repository:tag)';
  const image = parseImage(ref);
  if (image.repository.length === 0) return 'must name a repository';
  const parts = image.repository.split('/');
  // The first part is a registry when it has a "." or ":" or is localhost; the rest are lower-case path components.
  const path = parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost') ? parts.slice(1) : parts;
  if (!path.every((c) => PATH_COMPONENT.test(c)))
    return 'must have a lower-case repository path (letters, digits and separators ".", "_", "-")';
  if (image.digest !== undefined) {
    return DIGEST_PATTERN.test(image.digest) ? undefined : 'must have a digest of the form sha256:<64 hex digits>';
  }
  if (image.tag === undefined) return 'must be pinned to a tag or digest (an untagged image means "latest")';
  if (!TAG_PATTERN.test(image.tag)) return 'must have a valid tag (letters, digits, "_", "." and "-", at most 128)';
  if (image.tag === 'latest') return 'must not use the mutable "latest" tag';
  return undefined;
});

/** The version an image carries: its tag, or the short digest (remembered per reference, a pure reading). */
export const imageVersion: (ref: string) => string | undefined = memoizedByString(function imageVersion(ref) {
  const image = parseImage(ref);
  return image.tag ?? image.digest?.replace('sha256:', '').slice(0, 12);
});
