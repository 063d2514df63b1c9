/**
 * STIX 2.1 open vocabularies (§10). "Open" means producers MAY use other values, so the schemas
 * accept any string; these lists exist for forms and suggestions on the client. Closed
 * enumerations (e.g. opinion, §4.15) are enforced in their type files instead.
 */

/** attack-motivation-ov (§10). */
export const ATTACK_MOTIVATION_OV = [
  'accidental', 'coercion', 'dominance', 'ideology', 'notoriety', 'organizational-gain',
  'personal-gain', 'personal-satisfaction', 'revenge', 'unpredictable',
] as const;

/** attack-resource-level-ov (§10). */
export const ATTACK_RESOURCE_LEVEL_OV = ['individual', 'club', 'contest', 'team', 'organization', 'government'] as const;

/** grouping-context-ov (§10). */
export const GROUPING_CONTEXT_OV = ['suspicious-activity', 'malware-analysis', 'unspecified'] as const;

/** identity-class-ov (§10). */
export const IDENTITY_CLASS_OV = ['individual', 'group', 'system', 'organization', 'class', 'unknown'] as const;

/** indicator-type-ov (§10). */
export const INDICATOR_TYPE_OV = [
  'anomalous-activity', 'anonymization', 'benign', 'compromised', 'malicious-activity', 'attribution', 'unknown',
] as const;

/** industry-sector-ov (§10). */
export const INDUSTRY_SECTOR_OV = [
  'agriculture', 'aerospace', 'automotive', 'chemical', 'commercial', 'communications', 'construction',
  'defense', 'education', 'energy', 'engineering', 'entertainment', 'financial-services', 'government',
  'emergency-services', 'government-local', 'government-national', 'government-public-services',
  'government-regional', 'healthcare', 'hospitality-leisure', 'infrastructure', 'dams', 'nuclear', 'water',
  'insurance', 'manufacturing', 'mining', 'non-profit', 'pharmaceuticals', 'retail', 'technology',
  'telecommunications', 'transportation', 'utilities',
] as const;

/** infrastructure-type-ov (§10). */
export const INFRASTRUCTURE_TYPE_OV = [
  'amplification', 'anonymization', 'botnet', 'command-and-control', 'control-system', 'exfiltration',
  'firewall', 'hosting-malware', 'hosting-target-lists', 'phishing', 'reconnaissance', 'routers-switches',
  'staging', 'workstation', 'unknown',
] as const;

/** malware-type-ov (§10). */
export const MALWARE_TYPE_OV = [
  'adware', 'backdoor', 'bot', 'bootkit', 'ddos', 'downloader', 'dropper', 'exploit-kit', 'keylogger',
  'ransomware', 'remote-access-trojan', 'resource-exploitation', 'rogue-security-software', 'rootkit',
  'screen-capture', 'spyware', 'trojan', 'unknown', 'virus', 'webshell', 'wiper', 'worm',
] as const;

/** malware-result-ov (§10). */
export const MALWARE_RESULT_OV = ['malicious', 'suspicious', 'benign', 'unknown'] as const;

/** pattern-type-ov (§10). */
export const PATTERN_TYPE_OV = ['stix', 'pcre', 'sigma', 'snort', 'suricata', 'yara'] as const;

/** report-type-ov (§10). */
export const REPORT_TYPE_OV = [
  'attack-pattern', 'campaign', 'identity', 'indicator', 'intrusion-set', 'malware', 'observed-data',
  'threat-actor', 'threat-report', 'tool', 'vulnerability',
] as const;

/** threat-actor-type-ov (§10). */
export const THREAT_ACTOR_TYPE_OV = [
  'activist', 'competitor', 'crime-syndicate', 'criminal', 'hacker', 'insider-accidental',
  'insider-disgruntled', 'nation-state', 'sensationalist', 'spy', 'terrorist', 'unknown',
] as const;

/** threat-actor-role-ov (§10). */
export const THREAT_ACTOR_ROLE_OV = [
  'agent', 'director', 'independent', 'infrastructure-architect', 'infrastructure-operator',
  'malware-author', 'sponsor',
] as const;

/** threat-actor-sophistication-ov (§10). */
export const THREAT_ACTOR_SOPHISTICATION_OV = [
  'none', 'minimal', 'intermediate', 'advanced', 'expert', 'innovator', 'strategic',
] as const;

/** tool-type-ov (§10). */
export const TOOL_TYPE_OV = [
  'denial-of-service', 'exploitation', 'information-gathering', 'network-capture',
  'credential-exploitation', 'remote-access', 'vulnerability-scanning', 'unknown',
] as const;
