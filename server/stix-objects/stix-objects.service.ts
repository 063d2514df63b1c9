/**
 * Adding STIX objects (TAXII "Add Objects", bundle import through the API): plan every object
 * (`stix-objects.import.ts`), store what passes, audit the addition, and report per object.
 */
import type { UserPrincipal } from '../auth/principal.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Executor } from '../platform/db/client.js';
import type { FieldProblem } from '../platform/errors.js';
import { planObjects, type ImportTarget, type ObjectPlan, type PlannedObject } from './stix-objects.import.js';
import { insertPlannedObjects } from './stix-objects.repo.js';

/** What happened to one input object. */
export type AddOutcome = { index: number; id: string; version: string | null; ok: boolean; message: string; problems: FieldProblem[] };

/**
 * Plans and stores `objects` for the principal (the caller checked the capability and the target).
 * With `allOrNothing`, nothing is stored when any object is refused.
 * Must run inside a transaction (the audit entry commits with the objects).
 */
export async function addStixObjects(tx: Executor, principal: UserPrincipal, objects: readonly unknown[], target: ImportTarget, source: string, options: { allOrNothing: boolean; ip: string | null; where: string }): Promise<AddOutcome[]> {
  const plans: ObjectPlan[] = planObjects(objects, target);
  const refused = plans.filter((plan) => plan.kind === 'refused');
  const toStore = plans.flatMap((plan): PlannedObject[] => (plan.kind === 'store' ? [plan.object] : []));
  const stored = options.allOrNothing && refused.length > 0 ? new Map<number, boolean>() : await insertPlannedObjects(tx, principal, source, toStore);
  const outcomes = plans.map((plan): AddOutcome => {
    switch (plan.kind) {
      case 'refused':
        return { index: plan.index, id: plan.id, version: plan.version, ok: false, message: plan.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '), problems: plan.problems };
      case 'predefined':
        return { index: plan.index, id: plan.id, version: plan.version, ok: true, message: 'TLP marking-definitions are predefined here; not stored', problems: [] };
      case 'store': {
        const fresh = stored.get(plan.object.index);
        return { index: plan.object.index, id: plan.object.body.id, version: plan.object.version, ok: fresh !== undefined, message: fresh ? 'stored' : 'this version is already present', problems: [] };
      }
    }
  });
  const added = outcomes.filter((outcome) => outcome.ok && outcome.message === 'stored').length;
  if (added > 0) {
    const levels = [...new Set(toStore.map((object) => object.tlp))];
    await recordAudit(tx, { userId: principal.userId, label: principal.email, ip: options.ip }, { action: 'stix.objects.added', objectType: 'stix_objects', objectId: null, details: { where: options.where, source, added, refused: refused.length, tlp: levels } });
  }
  return outcomes;
}
