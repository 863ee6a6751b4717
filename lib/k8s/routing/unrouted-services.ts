import { IConstruct } from 'constructs';
import { formatProblem } from '../../core';
import { IRoutable, isRoutable } from '../primitives/routable';

/** The problems of an environment's services that own APIs or routes but are not routed by the gateway. */
export function unroutedServices(env: IConstruct, services: readonly IRoutable[], defaultBackend: IRoutable): string[] {
  const routed = new Set<IRoutable>([...services, defaultBackend]);
  return env.node
    .findAll()
    .filter((c): c is IRoutable => isRoutable(c) && c.apis.length + c.paths.length > 0 && !routed.has(c))
    .map((c) =>
      formatProblem({
        property: 'services',
        rule: `must include every service that owns APIs or routes: ${c.node.path} owns ${[...c.apis, ...c.paths].join(', ')} but is not routed`,
        value: services.map((s) => s.serviceName),
        fix: `add ${c.node.id} to services (or call addService)`,
      }),
    );
}
