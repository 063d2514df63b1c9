/**
 * Validation and planning of incoming STIX objects (TAXII "Add Objects" envelopes and bundles
 * imported through the API): pure functions, no I/O, so the validator is fuzzed directly.
 *
 * Every object goes through the lenient STIX schemas (custom `x_` properties and extensions kept,
 * every known property validated). Its TLP is the most restrictive TLP marking it carries (TLP 1.0,
 * TLP 2.0 and OpenCTI's AMBER+STRICT ids are understood); an unmarked object takes the target's
 * default label and gets the TLP 2.0 marking added, so every object we later serve carries its
 * marking. The official TLP marking-definitions themselves are predefined here and never stored.
 */
import type { Audience } from '../access/audience.js';
import { audienceProblems, emptyAudience } from '../access/audience.js';
import { effectiveTlp, tlpLabel, tlpMarkingId, type TlpLevel } from '../access/tlp.js';
import type { FieldProblem } from '../platform/errors.js';
import { zodIssuesToProblems } from '../platform/http/validate.js';
import { StixObjectLenientSchema } from '../stix/bundle.js';
import { officialTlpMarking } from '../stix/tlp.js';

/** Where incoming objects go: which labels are acceptable, the label of unmarked ones, the audience. */
export type ImportTarget = {
  /** Labels an object may carry; a marked object outside these is refused. */
  allowed: readonly TlpLevel[];
  /** Label of objects without a TLP marking; null refuses unmarked objects. */
  defaultTlp: TlpLevel | null;
  /** Audience of AMBER, AMBER+STRICT and RED objects (CLEAR and GREEN reach everyone their label allows). */
  audience: Audience;
};

/** A STIX body as stored: the lenient-validated object. */
export type StixBody = Record<string, unknown> & { id: string; type: string };

/** An object ready to store. */
export type PlannedObject = {
  index: number;
  body: StixBody;
  tlp: TlpLevel;
  audience: Audience;
  /** `modified`, else `created`, else null (SCOs have neither). */
  version: string | null;
};

/** The outcome for one input object. */
export type ObjectPlan =
  | { kind: 'store'; object: PlannedObject }
  | { kind: 'predefined'; index: number; id: string; version: string | null }
  | { kind: 'refused'; index: number; id: string; version: string | null; problems: FieldProblem[] };

/** Version stored for objects without `modified`/`created` (SCOs): their id alone identifies them. */
export const TIMELESS_VERSION = '1970-01-01T00:00:00.000Z';

function stringProperty(input: unknown, name: string): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

function versionOf(body: Record<string, unknown>): string | null {
  const modified = body.modified ?? body.created;
  return typeof modified === 'string' ? modified : null;
}

function audienceFor(tlp: TlpLevel, audience: Audience): Audience {
  if (tlp === 'red') return { organizations: [], sharingGroups: [], users: audience.users };
  if (tlp === 'amber' || tlp === 'amber+strict') return { organizations: audience.organizations, sharingGroups: audience.sharingGroups, users: [] };
  return emptyAudience();
}

/**
 * Validates one incoming object and decides what happens to it. Never throws: whatever the input,
 * the answer is a plan with every problem and its path (prefixed by `objects.<index>`).
 */
export function planObject(input: unknown, index: number, target: ImportTarget): ObjectPlan {
  const id = stringProperty(input, 'id') ?? '';
  const fallbackVersion = stringProperty(input, 'modified') ?? stringProperty(input, 'created');
  const refuse = (problems: FieldProblem[]): ObjectPlan => ({ kind: 'refused', index, id, version: fallbackVersion, problems: problems.map((problem) => ({ ...problem, path: problem.path === '' ? `objects.${index}` : `objects.${index}.${problem.path}` })) });
  const parsed = StixObjectLenientSchema.safeParse(input);
  if (!parsed.success) return refuse(zodIssuesToProblems(parsed.error.issues));
  const body = parsed.data as unknown as StixBody;
  if (body.type === 'marking-definition' && officialTlpMarking(body.id)) return { kind: 'predefined', index, id: body.id, version: versionOf(body) };
  const refs = Array.isArray(body.object_marking_refs) ? (body.object_marking_refs as string[]) : [];
  const marked = effectiveTlp(refs);
  const tlp = marked ?? target.defaultTlp;
  if (tlp === null) return refuse([{ path: 'object_marking_refs', message: 'The object has no TLP marking and no default TLP was given' }]);
  if (!target.allowed.includes(tlp)) {
    return refuse([{ path: 'object_marking_refs', message: `Marked TLP:${tlpLabel(tlp)}; this target takes ${target.allowed.map((level) => `TLP:${tlpLabel(level)}`).join(', ')}` }]);
  }
  const audience = audienceFor(tlp, target.audience);
  const problems = audienceProblems(tlp, audience).map((problem) => ({ path: `audience.${problem.path.join('.')}`, message: problem.message }));
  if (tlp === 'red' && audience.users.length === 0) problems.push({ path: 'audience.users', message: 'TLP:RED objects need named recipient users' });
  if (problems.length > 0) return { kind: 'refused', index, id, version: fallbackVersion, problems };
  const withMarking = marked ? body : { ...body, object_marking_refs: [...refs, tlpMarkingId(tlp)] };
  return { kind: 'store', object: { index, body: withMarking, tlp, audience, version: versionOf(body) } };
}

/** Plans every object of an envelope or bundle. */
export function planObjects(objects: readonly unknown[], target: ImportTarget): ObjectPlan[] {
  return objects.map((object, index) => planObject(object, index, target));
}
