import { DestructiveRule } from './destructive-rule';
import { namespaceRemoved } from './namespace-removed';
import { volumeClaimRemoved } from './volume-claim-removed';
import { statefulSetRemoved } from './stateful-set-removed';
import { volumeClaimTemplateChanged } from './volume-claim-template-changed';
import { volumeClaimsDeletedWithStatefulSet } from './volume-claims-deleted-with-stateful-set';
import { statefulResourceDestroyed } from './stateful-resource-destroyed';
import { statefulResourceReplaced } from './stateful-resource-replaced';
import { statefulResourceMayBeReplaced } from './stateful-resource-may-be-replaced';
import { protectionRemoved } from './protection-removed';
import { backupsReduced } from './backups-reduced';
import { backendChanged } from './backend-changed';
import { providerRetargeted } from './provider-retargeted';

export type { DestructiveRule } from './destructive-rule';

/** The rules that flag a change as destructive, in the order their findings are listed. Each is a named rule in its own file. */
export const DESTRUCTIVE_RULES: readonly DestructiveRule[] = [
  namespaceRemoved,
  volumeClaimRemoved,
  statefulSetRemoved,
  volumeClaimTemplateChanged,
  volumeClaimsDeletedWithStatefulSet,
  statefulResourceDestroyed,
  statefulResourceReplaced,
  statefulResourceMayBeReplaced,
  protectionRemoved,
  backupsReduced,
  backendChanged,
  providerRetargeted,
];
