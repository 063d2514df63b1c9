/** The incident wizard's form: what the person types, and the draft the API takes from it. */
import { localToIso } from './model';

export type Tri = 'yes' | 'no' | 'unknown';
export type WizardForm = {
  title: string; description: string; awarenessAt: string; startedAt: string; detectedAt: string; services: string; systems: string;
  confidentiality: boolean; integrity: boolean; availability: boolean; people: string; customers: string;
  crossBorder: Tri; suspectedMalicious: Tri; ransomware: Tri; handlingStatus: 'ongoing' | 'contained' | 'resolved';
  sector: string; entityType: 'essential' | 'important' | 'none'; physical: boolean; affectedPersons: string; affectedShare: string;
  durationSoFar: string; expectedDuration: string; area: string; areaIsolated: boolean; contactName: string; contactEmail: string; contactPhone: string;
  incidentType: string; kritis: boolean;
};

export const EMPTY_FORM: WizardForm = {
  title: '', description: '', awarenessAt: '', startedAt: '', detectedAt: '', services: '', systems: '', confidentiality: false, integrity: false, availability: false,
  people: '', customers: '', crossBorder: 'unknown', suspectedMalicious: 'unknown', ransomware: 'unknown', handlingStatus: 'ongoing', sector: '', entityType: 'none',
  physical: false, affectedPersons: '', affectedShare: '', durationSoFar: '', expectedDuration: '', area: '', areaIsolated: false, contactName: '', contactEmail: '', contactPhone: '',
  incidentType: '', kritis: false,
};

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The draft as the API takes it: only what is filled in (a draft may be partial). */
export function toDraft(form: WizardForm): Record<string, unknown> {
  const draft: Record<string, unknown> = {
    title: form.title.trim() || undefined, description: form.description.trim() || undefined, startedAt: localToIso(form.startedAt), detectedAt: localToIso(form.detectedAt),
    affectedServices: lines(form.services), affectedSystems: lines(form.systems), impact: { confidentiality: form.confidentiality, integrity: form.integrity, availability: form.availability },
    peopleAffected: num(form.people), customersAffected: num(form.customers), crossBorder: form.crossBorder, suspectedMalicious: form.suspectedMalicious, ransomware: form.ransomware,
    handlingStatus: form.handlingStatus, sector: form.sector || undefined, entityType: form.entityType, incidentType: form.incidentType || undefined, kritis: form.kritis,
    contact: form.contactName && form.contactEmail ? { name: form.contactName, email: form.contactEmail, ...(form.contactPhone ? { phone: form.contactPhone } : {}) } : undefined,
    physical: form.physical ? { affectedPersons: num(form.affectedPersons) ?? 0, affectedShare: num(form.affectedShare) ?? 0, durationSoFarHours: num(form.durationSoFar) ?? 0, expectedDurationHours: num(form.expectedDuration), area: form.area || '-', areaIsolated: form.areaIsolated } : undefined,
  };
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
}
