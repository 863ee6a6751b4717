import { Problem, configMapKeyViolation, problemIf } from '../../core';

/**
 * The Secret with the OMS server secrets IBM's chart reads from its
 * `global.appSecret` (the database password comes with the database connection).
 */
export interface OmsAppSecret {
  /** The Secret's name. */
  readonly secretName: string;
  /** Key of the Liberty console administrator's password (app servers). @default 'consoleadminpassword' */
  readonly consoleAdminPasswordKey?: string;
  /** Key of the console non-administrator's password (app servers). @default 'consolenonadminpassword' */
  readonly consoleNonAdminPasswordKey?: string;
  /** Key of the TLS key store password (app servers; required when their Routes re-encrypt, else optional). @default 'tlskeystorepassword' */
  readonly tlsKeyStorePasswordKey?: string;
  /** Key of the trust store password configCerts.sh uses. @default 'trustStorePassword' */
  readonly trustStorePasswordKey?: string;
}

/**
 * The trust store IBM's `configCerts.sh` builds the JVMs' trust from. IBM's
 * default is the JDK's CA certificates, whose password is the JDK's public
 * default `changeit` (no Secret is read); a custom trust store (IBM's
 * `storeLocation`) brings its own password, read from the app Secret's
 * `trustStorePassword` key. Source: IBM's chart `ibm-oms-ent-prod` 6.0.4
 * (see docs/oms-containers.md).
 */
export class OmsTrustStore {
  /** IBM's default: the JDK's CA certificates (`changeit`, the JDK's public default password; no Secret read). */
  public static jdkDefault(): OmsTrustStore {
    return new OmsTrustStore(undefined, undefined);
  }

  /**
   * A custom trust store at `location` in the image or a mounted volume; its password comes from the app
   * Secret (`passwordKey` @default 'trustStorePassword', or the app Secret's `trustStorePasswordKey`).
   */
  public static custom(props: { readonly location: string; readonly passwordKey?: string }): OmsTrustStore {
    return new OmsTrustStore(props.location, props.passwordKey);
  }

  private constructor(
    /** The custom trust store's path; `undefined` for the JDK's CA certificates. */
    public readonly location: string | undefined,
    private readonly passwordKey: string | undefined,
  ) {}

  /** Whether this is the JDK's own CA certificates. */
  public get isJdkDefault(): boolean {
    return this.location === undefined;
  }

  /** The Secret key of a custom store's password. */
  public passwordKeyIn(secret: OmsAppSecret): string {
    return this.passwordKey ?? secret.trustStorePasswordKey ?? 'trustStorePassword';
  }

  /** Every problem with the choice. */
  public validate(property: string): Problem[] {
    if (this.location === undefined) return [];
    const problems: Problem[] = [];
    if (typeof this.location !== 'string' || !/^\/[^\0]*[^/]$/.test(this.location))
      problems.push({
        property: `${property}.location`,
        rule: 'must be an absolute path to the trust store file',
        value: this.location,
        fix: 'give the path where the image or a mounted volume holds it, e.g. "/opt/ssfs/certs/truststore.p12"',
      });
    problems.push(
      ...problemIf(
        `${property}.passwordKey`,
        this.passwordKey,
        this.passwordKey === undefined ? undefined : configMapKeyViolation(this.passwordKey),
        'use the key as it is in the app Secret, or leave it out for "trustStorePassword"',
      ),
    );
    return problems;
  }
}
