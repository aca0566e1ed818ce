import { Module } from '@nestjs/common';
import { settingsProvider } from '../mcp/settings.provider.js';
import { KeysEnvironment } from './keys.env.js';
import { SigningKeyRing } from './signing-key.ring.js';

/**
 * The deployment's signing-key ring (`HANDLE_SIGNING_KEYS`). Import it where keys are needed (handles,
 * MRTR requestState); Nest builds one instance per module class, so every importer shares one ring.
 */
@Module({
  providers: [
    settingsProvider(KeysEnvironment),
    {
      provide: SigningKeyRing,
      inject: [KeysEnvironment],
      useFactory: (env: KeysEnvironment) => SigningKeyRing.fromEnv(env),
    },
  ],
  exports: [SigningKeyRing],
})
export class KeysModule {}
