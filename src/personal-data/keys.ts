import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createOnce } from '../storage/create-once';
import { join } from 'node:path';
import { PersonalDataKeys } from './personal-data-protector';

export interface KeySettings {
  CPR_HASH_KEY?: string;
  CPR_ENCRYPTION_KEYS?: string;
  CPR_ENCRYPTION_ACTIVE_KEY_ID?: string;
}

export class KeyConfigurationError extends Error {}

function decodeKey(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new KeyConfigurationError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

/** `CPR_ENCRYPTION_KEYS=2024a:<base64>,2025b:<base64>`; the active id defaults to the last one listed. */
export function keysFromSettings(settings: Required<Pick<KeySettings, 'CPR_HASH_KEY' | 'CPR_ENCRYPTION_KEYS'>> & KeySettings): PersonalDataKeys {
  const encryptionKeys = new Map<string, Buffer>();
  for (const entry of settings.CPR_ENCRYPTION_KEYS.split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator);
    if (separator < 1 || !/^[A-Za-z0-9_-]+$/.test(id)) {
      throw new KeyConfigurationError('CPR_ENCRYPTION_KEYS must be a comma-separated list of keyId:base64Key');
    }
    encryptionKeys.set(id, decodeKey(`CPR_ENCRYPTION_KEYS (${id})`, entry.slice(separator + 1)));
  }
  if (encryptionKeys.size === 0) throw new KeyConfigurationError('CPR_ENCRYPTION_KEYS lists no key');
  const activeKeyId = settings.CPR_ENCRYPTION_ACTIVE_KEY_ID ?? [...encryptionKeys.keys()].pop()!;
  if (!encryptionKeys.has(activeKeyId)) throw new KeyConfigurationError(`CPR_ENCRYPTION_ACTIVE_KEY_ID ${activeKeyId} is not in CPR_ENCRYPTION_KEYS`);
  return { hashKey: decodeKey('CPR_HASH_KEY', settings.CPR_HASH_KEY), encryptionKeys, activeKeyId };
}

const DEV_SECRETS_FILE = 'dev-secrets.json';

/**
 * Production takes keys from the environment only. In development the keys are generated once
 * into the data folder (so the same CPR keeps its citizenId across restarts), with a warning.
 */
export function loadPersonalDataKeys(
  settings: KeySettings,
  options: { production: boolean; dataDir: string; warn: (message: string) => void },
): PersonalDataKeys {
  if (settings.CPR_HASH_KEY && settings.CPR_ENCRYPTION_KEYS) {
    return keysFromSettings({ ...settings, CPR_HASH_KEY: settings.CPR_HASH_KEY, CPR_ENCRYPTION_KEYS: settings.CPR_ENCRYPTION_KEYS });
  }
  if (options.production) {
    throw new KeyConfigurationError('CPR_HASH_KEY and CPR_ENCRYPTION_KEYS must be set in production');
  }
  const file = join(options.dataDir, DEV_SECRETS_FILE);
  const generated = {
    CPR_HASH_KEY: randomBytes(32).toString('base64'),
    CPR_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
  };
  // Two processes starting at once must not each keep their own keys: the same CPR would get two ids.
  if (!existsSync(file) && createOnce(file, JSON.stringify(generated, null, 2))) {
    options.warn(`generated development CPR keys in ${file}; set CPR_HASH_KEY and CPR_ENCRYPTION_KEYS for real data`);
  } else {
    options.warn(`using development CPR keys from ${file}; set CPR_HASH_KEY and CPR_ENCRYPTION_KEYS for real data`);
  }
  return keysFromSettings(developmentKeysIn(file));
}

function developmentKeysIn(file: string): Required<Pick<KeySettings, 'CPR_HASH_KEY' | 'CPR_ENCRYPTION_KEYS'>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as { code?: string }).code ?? String(error)})`;
    throw new KeyConfigurationError(`${file} ${reason}; delete it to generate new development keys (citizens issued with the old ones get new ids)`);
  }
  const keys = parsed as Partial<Record<'CPR_HASH_KEY' | 'CPR_ENCRYPTION_KEYS', unknown>>;
  if (typeof keys?.CPR_HASH_KEY !== 'string' || typeof keys.CPR_ENCRYPTION_KEYS !== 'string') {
    throw new KeyConfigurationError(`${file} lacks CPR_HASH_KEY or CPR_ENCRYPTION_KEYS; delete it to generate new development keys`);
  }
  return { CPR_HASH_KEY: keys.CPR_HASH_KEY, CPR_ENCRYPTION_KEYS: keys.CPR_ENCRYPTION_KEYS };
}
