import { looksLikeSecretName } from '../../lib/core';

test.each([
  ['DB_PASSWORD', true],
  ['api_key', true],
  ['APIKEY', true],
  ['CACHE_AUTH_TOKEN', true],
  ['GITHUB_PRIVATE_KEY', true],
  ['AWS_CREDENTIALS', true],
  ['DB_HOST', false],
  ['FLASK_ENV', false],
  ['KEYCLOAK_URL', false],
])('%s -> %s', (name, expected) => expect(looksLikeSecretName(name)).toBe(expected));
