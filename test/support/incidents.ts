import type request from 'supertest';
import { expect } from 'chai';

type Session = { agent: ReturnType<typeof request.agent>; csrfToken: string };

/** A complete report as the wizard sends it (energy utility, NIS2 essential entity). */
export function reportDraft(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Ransomware auf Abrechnungsservern',
    description: 'Verschlüsselte Dateien auf zwei Abrechnungsservern, Lösegeldforderung im Netzlaufwerk.',
    startedAt: '2026-05-12T05:40:00Z',
    detectedAt: '2026-05-12T06:10:00Z',
    affectedServices: ['Kundenabrechnung'],
    affectedSystems: ['abr-srv-01', 'abr-srv-02'],
    impact: { confidentiality: true, integrity: true, availability: true },
    customersAffected: 42000,
    crossBorder: 'no',
    suspectedMalicious: 'yes',
    ransomware: 'yes',
    handlingStatus: 'ongoing',
    contact: { name: 'SOC Stadtwerke Nordthüringen', email: 'soc@swnt.lagebild.test', phone: '+49 3631 0000' },
    sector: 'energy',
    entityType: 'essential',
    ...overrides,
  };
}

/**
 * Creates a draft with the awareness time and reports it; returns the incident id. Unless the
 * overrides say otherwise, the incident started 2.5 h and was detected 2 h before that awareness
 * time (the API refuses times out of order).
 */
export async function reportedIncident(session: Session, awarenessAt: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const aware = new Date(awarenessAt).getTime();
  const times = { startedAt: new Date(aware - 150 * 60_000).toISOString(), detectedAt: new Date(aware - 120 * 60_000).toISOString() };
  const created = await session.agent.post('/api/v1/incidents').set('x-csrf-token', session.csrfToken).send({ draft: reportDraft({ ...times, ...overrides }), awarenessAt });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const reported = await session.agent.post(`/api/v1/incidents/${created.body.id as string}/report`).set('x-csrf-token', session.csrfToken).send({});
  expect(reported.status, JSON.stringify(reported.body)).to.equal(200);
  return created.body.id as string;
}
