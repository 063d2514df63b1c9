/**
 * Metric definitions of CVSS v3.0/v3.1 and v4.0 vector strings (FIRST specifications), used to
 * validate vectors and to name a bad metric in error messages.
 *
 * Isomorphic: no imports at all.
 */

/** One metric of a CVSS vector: its abbreviation, a readable name and the allowed values. */
export interface CvssMetricDefinition {
  /** Abbreviation as used in the vector string, e.g. `AV`. */
  readonly key: string;
  /** Full metric name, e.g. `Attack Vector`. */
  readonly name: string;
  /** Allowed values in their canonical spelling, e.g. `['N', 'A', 'L', 'P']`. */
  readonly values: readonly string[];
  /** Base metrics are mandatory in every vector. */
  readonly mandatory: boolean;
}

function metric(key: string, name: string, values: string, mandatory = false): CvssMetricDefinition {
  return { key, name, values: values.split(','), mandatory };
}

const CIA3 = 'N,L,H';
const REQ3 = 'X,L,M,H';

/**
 * CVSS v3.0 and v3.1 metrics in the order of the specification's vector table (Table 15 in 3.1).
 * Both versions share the same metrics; they differ only in rounding and environmental formulas.
 */
export const CVSS3_METRICS: readonly CvssMetricDefinition[] = [
  metric('AV', 'Attack Vector', 'N,A,L,P', true),
  metric('AC', 'Attack Complexity', 'L,H', true),
  metric('PR', 'Privileges Required', 'N,L,H', true),
  metric('UI', 'User Interaction', 'N,R', true),
  metric('S', 'Scope', 'U,C', true),
  metric('C', 'Confidentiality', CIA3, true),
  metric('I', 'Integrity', CIA3, true),
  metric('A', 'Availability', CIA3, true),
  metric('E', 'Exploit Code Maturity', 'X,U,P,F,H'),
  metric('RL', 'Remediation Level', 'X,O,T,W,U'),
  metric('RC', 'Report Confidence', 'X,U,R,C'),
  metric('CR', 'Confidentiality Requirement', REQ3),
  metric('IR', 'Integrity Requirement', REQ3),
  metric('AR', 'Availability Requirement', REQ3),
  metric('MAV', 'Modified Attack Vector', 'X,N,A,L,P'),
  metric('MAC', 'Modified Attack Complexity', 'X,L,H'),
  metric('MPR', 'Modified Privileges Required', 'X,N,L,H'),
  metric('MUI', 'Modified User Interaction', 'X,N,R'),
  metric('MS', 'Modified Scope', 'X,U,C'),
  metric('MC', 'Modified Confidentiality', 'X,N,L,H'),
  metric('MI', 'Modified Integrity', 'X,N,L,H'),
  metric('MA', 'Modified Availability', 'X,N,L,H'),
];

const CIA4 = 'H,L,N';
const MCIA4 = 'X,H,L,N';

/**
 * CVSS v4.0 metrics in specification order (base, threat, environmental, supplemental).
 * Note the provider-urgency values are mixed case (`Clear`, `Green`, `Amber`, `Red`) in the spec.
 */
export const CVSS4_METRICS: readonly CvssMetricDefinition[] = [
  metric('AV', 'Attack Vector', 'N,A,L,P', true),
  metric('AC', 'Attack Complexity', 'L,H', true),
  metric('AT', 'Attack Requirements', 'N,P', true),
  metric('PR', 'Privileges Required', 'N,L,H', true),
  metric('UI', 'User Interaction', 'N,P,A', true),
  metric('VC', 'Vulnerable System Confidentiality', CIA4, true),
  metric('VI', 'Vulnerable System Integrity', CIA4, true),
  metric('VA', 'Vulnerable System Availability', CIA4, true),
  metric('SC', 'Subsequent System Confidentiality', CIA4, true),
  metric('SI', 'Subsequent System Integrity', CIA4, true),
  metric('SA', 'Subsequent System Availability', CIA4, true),
  metric('E', 'Exploit Maturity', 'X,A,P,U'),
  metric('CR', 'Confidentiality Requirement', 'X,H,M,L'),
  metric('IR', 'Integrity Requirement', 'X,H,M,L'),
  metric('AR', 'Availability Requirement', 'X,H,M,L'),
  metric('MAV', 'Modified Attack Vector', 'X,N,A,L,P'),
  metric('MAC', 'Modified Attack Complexity', 'X,L,H'),
  metric('MAT', 'Modified Attack Requirements', 'X,N,P'),
  metric('MPR', 'Modified Privileges Required', 'X,N,L,H'),
  metric('MUI', 'Modified User Interaction', 'X,N,P,A'),
  metric('MVC', 'Modified Vulnerable System Confidentiality', MCIA4),
  metric('MVI', 'Modified Vulnerable System Integrity', MCIA4),
  metric('MVA', 'Modified Vulnerable System Availability', MCIA4),
  metric('MSC', 'Modified Subsequent System Confidentiality', MCIA4),
  // Safety (S) exists only for modified subsequent integrity/availability.
  metric('MSI', 'Modified Subsequent System Integrity', 'X,S,H,L,N'),
  metric('MSA', 'Modified Subsequent System Availability', 'X,S,H,L,N'),
  metric('S', 'Safety', 'X,N,P'),
  metric('AU', 'Automatable', 'X,N,Y'),
  metric('R', 'Recovery', 'X,A,U,I'),
  metric('V', 'Value Density', 'X,D,C'),
  metric('RE', 'Vulnerability Response Effort', 'X,L,M,H'),
  metric('U', 'Provider Urgency', 'X,Clear,Green,Amber,Red'),
];
